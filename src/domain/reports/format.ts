// How numbers read to people: shared by the terminal, Markdown and HTML renderings of reports and
// listings. CSV and JSON never go through here: they carry the numbers themselves.
import { fmtNumber } from '../explain.js';
import type { Report, ValueKind } from './model.js';

export function formatValue(v: unknown, kind: ValueKind): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return '';
  switch (kind) {
    case 'pct':
      return `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
    // fmtNumber groups like toLocaleString('en-US') at a fraction of the cost (long listings).
    case 'money':
    case 'int':
      return fmtNumber(Math.round(v));
    case 'amount':
      return fmtNumber(v);
    case 'num':
      return Number.isInteger(v) ? String(v) : (Math.round(v * 100) / 100).toFixed(2);
    default:
      return String(v);
  }
}

export function isNumericKind(kind: ValueKind): boolean {
  return kind === 'int' || kind === 'num' || kind === 'money' || kind === 'amount' || kind === 'pct';
}

/**
 * The report as people read it: every money figure says its currency, "revenue (CNY)" in headers,
 * headline labels and charts (table, Markdown, HTML and the CSV headers). JSON keeps the plain
 * labels and carries `currency` instead.
 */
export function labelCurrency(report: Report): Report {
  const code = report.currency;
  if (!code) return report;
  const tag = (label: string) => `${label} (${code})`;
  const isMoney = (k: ValueKind) => k === 'money' || k === 'amount';
  return {
    ...report,
    summary: report.summary.map((s) => (isMoney(s.kind) ? { ...s, label: tag(s.label) } : s)),
    tables: report.tables.map((t) => ({ ...t, columns: t.columns.map((c) => (isMoney(c.kind) ? { ...c, header: tag(c.header) } : c)) })),
    charts: report.charts.map((ch) =>
      ch.kind === 'bars' && isMoney(ch.unit)
        ? { ...ch, title: tag(ch.title), axis: tag(ch.axis) }
        : ch.kind === 'spark'
          ? { ...ch, series: ch.series.map((s) => (isMoney(s.unit) ? { ...s, label: tag(s.label) } : s)) }
          : ch,
    ),
  };
}
