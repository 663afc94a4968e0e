// How report values read to people: shared by the terminal, Markdown, CSV and HTML renderings.
import type { Report, ValueKind } from './model.js';

export function formatValue(v: unknown, kind: ValueKind): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return '';
  switch (kind) {
    case 'pct':
      return `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
    case 'money':
      return Math.round(v).toLocaleString('en-US');
    case 'int':
      return Math.round(v).toLocaleString('en-US');
    case 'num':
      return Number.isInteger(v) ? String(v) : (Math.round(v * 100) / 100).toFixed(2);
    default:
      return String(v);
  }
}

export function isNumericKind(kind: ValueKind): boolean {
  return kind === 'int' || kind === 'num' || kind === 'money' || kind === 'pct';
}

/**
 * The report as people read it: every money figure says its currency, "revenue (CNY)" in headers,
 * headline labels and charts. JSON keeps the plain labels and carries `currency` instead.
 */
export function labelCurrency(report: Report): Report {
  const code = report.currency;
  if (!code) return report;
  const tag = (label: string) => `${label} (${code})`;
  return {
    ...report,
    summary: report.summary.map((s) => (s.kind === 'money' ? { ...s, label: tag(s.label) } : s)),
    tables: report.tables.map((t) => ({ ...t, columns: t.columns.map((c) => (c.kind === 'money' ? { ...c, header: tag(c.header) } : c)) })),
    charts: report.charts.map((ch) =>
      ch.kind === 'bars' && ch.unit === 'money'
        ? { ...ch, title: tag(ch.title) }
        : ch.kind === 'spark'
          ? { ...ch, series: ch.series.map((s) => (s.unit === 'money' ? { ...s, label: tag(s.label) } : s)) }
          : ch,
    ),
  };
}
