// A report (src/domain/reports/model.ts) as the renderer's document: summary fields, tables,
// terminal charts (only when asked: on a TTY), and the notes on how figures are computed.
// Values go to the renderer as they are, with their kind: it formats them for a table or Markdown
// and writes the numbers themselves to CSV.
import type { Report } from '../../domain/reports/model.js';
import { neutralize } from '../../io/csv-export.js';
import { renderChart } from '../charts.js';
import type { Column, DocOutput, Section } from '../render.js';

export function reportDoc(r: Report, opts: { charts: boolean; width?: number; csv?: boolean }): DocOutput {
  // In CSV, text from the data (account names, sources) must not run as a spreadsheet formula.
  const guard = (v: unknown) => (opts.csv && typeof v === 'string' ? neutralize(v) : v);
  const sections: Section[] = [
    {
      title: `${r.title} · ${r.from} – ${r.to}`,
      fields: r.summary.map((s) => [s.label, guard(s.value), s.kind]),
    },
  ];
  for (const t of r.tables) {
    const columns: Column[] = t.columns.map((c) => ({
      header: c.header,
      get: (row: Record<string, unknown>) => guard(row[c.key]),
      kind: c.kind,
      max: c.kind === 'text' ? 40 : undefined,
    }));
    sections.push({ title: t.title, table: { columns, rows: t.rows }, lines: t.rows.length ? [] : ['(nothing in this period)'] });
  }
  if (opts.charts) for (const c of r.charts) sections.push({ title: c.title, lines: renderChart(c, opts.width ?? 80) });
  sections.push({ lines: r.notes });
  return { kind: 'doc', json: r, sections };
}
