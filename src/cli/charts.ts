// Terminal charts drawn with block characters: bars, a cumulative curve and sparklines. Printed
// under a report's tables on a terminal only (never into a pipe or file).
import type { Chart } from '../domain/reports/model.js';
import { formatValue } from '../domain/reports/format.js';

const SPARK = '▁▂▃▄▅▆▇█';
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function width(s: string): number {
  // East Asian wide characters take two columns.
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

export function bar(value: number, max: number, cells: number): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * cells * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

export function sparkline(values: readonly (number | null)[]): string {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (!v.length) return ' '.repeat(values.length);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return values
    .map((x) => (x === null || !Number.isFinite(x) ? ' ' : SPARK[hi === lo ? 3 : Math.round(((x - lo) / (hi - lo)) * (SPARK.length - 1))]!))
    .join('');
}

function bars(c: Extract<Chart, { kind: 'bars' }>, cols: number): string[] {
  const labelW = Math.min(24, Math.max(...c.items.map((i) => width(i.label)), 1));
  const cells = Math.max(10, Math.min(50, cols - labelW - 14));
  const max = Math.max(...c.items.map((i) => Math.max(i.value, i.target ?? 0)), 0);
  return c.items.map((i) => {
    let b = pad(bar(i.value, max, cells), cells);
    if (i.target !== undefined && i.target !== null && max > 0) {
      // The target is a marker on the bar's track.
      const at = Math.min(cells - 1, Math.round((i.target / max) * cells) - 1);
      if (at >= 0) b = Array.from(b).map((ch, k) => (k === at ? (ch === ' ' ? '┆' : '┃') : ch)).join('');
    }
    const tgt = i.target !== undefined && i.target !== null ? ` / ${formatValue(i.target, c.unit)}` : '';
    return `${pad(i.label.length > 24 ? i.label.slice(0, 23) + '…' : i.label, labelW)} ${b} ${formatValue(i.value, c.unit)}${tgt}`;
  });
}

function curve(c: Extract<Chart, { kind: 'curve' }>, cols: number): string[] {
  const W = Math.max(20, Math.min(60, cols - 10));
  const H = 12;
  const grid = Array.from({ length: H + 1 }, () => Array.from({ length: W + 1 }, () => ' '));
  for (let x = 0; x <= W; x++) grid[H - Math.round((x / W) * H)]![x] = '·';
  for (let x = 0; x <= W; x++) {
    // The curve's value at this column: the last point at or before it.
    // Linear between the points, like the drawn curve in the HTML page.
    const fx = x / W;
    const k = c.points.findIndex((p) => p.x >= fx - 1e-12);
    const b = c.points[k < 0 ? c.points.length - 1 : k]!;
    const a = c.points[Math.max(0, k - 1)]!;
    const y = b.x === a.x ? b.y : a.y + ((b.y - a.y) * (fx - a.x)) / (b.x - a.x);
    grid[H - Math.round(y * H)]![x] = '█';
  }
  if (c.mark) grid[H - Math.round(c.mark.y * H)]![Math.round(c.mark.x * W)] = '◆';
  const out = grid.map((row, i) => `${i === 0 ? '100%' : i === H ? '  0%' : i === H / 2 ? ' 50%' : '    '} │${row.join('')}`);
  out.push(`     └${'─'.repeat(W + 1)}`);
  out.push(`      0%${' '.repeat(Math.max(1, W - 12))}accounts 100%`);
  if (c.mark) out.push(`      ◆ ${c.mark.label}`);
  return out;
}

function sparks(c: Extract<Chart, { kind: 'spark' }>): string[] {
  const labelW = Math.max(...c.series.map((s) => width(s.label)), 1);
  const lines = c.series.map((s) => {
    const v = s.values.filter((x): x is number => x !== null);
    const range = v.length ? `  ${formatValue(Math.min(...v), s.unit)} … ${formatValue(Math.max(...v), s.unit)}` : '';
    return `${pad(s.label, labelW)} ${sparkline(s.values)}${range}`;
  });
  if (c.labels.length) lines.push(`${' '.repeat(labelW)} ${c.labels[0]} → ${c.labels[c.labels.length - 1]}`);
  return lines;
}


export function renderChart(c: Chart, columns?: number): string[] {
  const cols = columns || 80;
  const body = c.kind === 'bars' ? bars(c, cols) : c.kind === 'curve' ? curve(c, cols) : sparks(c);
  return body;
}
