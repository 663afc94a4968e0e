// A report (src/domain/reports/model.ts) as the renderer's document: summary fields, tables,
// terminal charts (only when asked: on a TTY), and the notes on how figures are computed.
// Values go to the renderer as they are, with their kind: it formats them for a table or Markdown
// and writes the numbers themselves to CSV (whose writer guards the text against formulas).
import type { Report } from '../../domain/reports/model.js';
import { renderChart } from '../charts.js';
import type { Column, DocOutput, Section } from '../render.js';

export function reportDoc(r: Report, opts: { charts: boolean; width?: number }): DocOutput {
  const sections: Section[] = [
    {
      title: `${r.title} · ${r.from} – ${r.to}`,
      fields: r.summary.map((s) => [s.label, s.value, s.kind]),
    },
  ];
  for (const t of r.tables) {
    const columns: Column[] = t.columns.map((c) => ({ header: c.header, key: c.key, kind: c.kind, max: c.kind === 'text' ? 40 : undefined }));
    sections.push({ title: t.title, table: { columns, rows: t.rows }, lines: t.rows.length ? [] : ['(nothing in this period)'] });
  }
  if (opts.charts) for (const c of r.charts) sections.push({ title: c.title, lines: renderChart(c, opts.width ?? 80) });
  sections.push({ lines: r.notes });
  return { kind: 'doc', json: r, sections };
}
