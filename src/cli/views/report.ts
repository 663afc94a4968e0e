// A report (src/domain/reports/model.ts) as the renderer's document: summary fields, tables,
// terminal charts (only when asked: on a TTY), and the notes on how figures are computed.
import { formatValue, isNumericKind } from '../../domain/reports/format.js';
import type { Report, ValueKind } from '../../domain/reports/model.js';
import { renderChart } from '../charts.js';
import type { Column, DocOutput, Section } from '../render.js';

export function reportDoc(r: Report, opts: { charts: boolean; width?: number; csv?: boolean }): DocOutput {
  // In CSV, numbers stay numbers (a negative amount is not a formula for the CSV writer's guard)
  const fmt = (v: unknown, kind: ValueKind): unknown => (opts.csv && typeof v === 'number' && isNumericKind(kind) ? v : formatValue(v, kind));
  const sections: Section[] = [
    {
      title: `${r.title} · ${r.from} – ${r.to}`,
      fields: r.summary.map((s) => [s.label, fmt(s.value, s.kind)] as [string, unknown]),
    },
  ];
  for (const t of r.tables) {
    const columns: Column[] = t.columns.map((c) => ({
      header: c.header,
      get: (row: Record<string, unknown>) => fmt(row[c.key], c.kind),
      align: isNumericKind(c.kind) ? 'right' : 'left',
      max: c.kind === 'text' ? 40 : undefined,
    }));
    sections.push({ title: t.title, table: { columns, rows: t.rows }, lines: t.rows.length ? [] : ['(nothing in this period)'] });
  }
  if (opts.charts) for (const c of r.charts) sections.push({ title: c.title, lines: renderChart(c, opts.width ?? 80) });
  sections.push({ lines: r.notes });
  return { kind: 'doc', json: r, sections };
}
