// How numbers read to people: shared by the terminal, Markdown and HTML renderings of reports and
// listings. CSV and JSON never go through here: they carry the numbers themselves.
import { fmtNumber } from '../explain.js';
import type { ValueKind } from './model.js';

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
