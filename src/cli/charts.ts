// Terminal charts drawn with block characters: bars, a cumulative curve and sparklines. Printed
// under a report's tables on a terminal only (never into a pipe or file). They must not mislead:
// bars start at 0 over a labelled scale, the curve names its axes, and sparklines stand on a
// stated baseline with the number of cases under each point.
import { seriesScale, type Chart } from '../domain/reports/model.js';
import { formatValue } from '../domain/reports/format.js';

const SPARK = '▁▂▃▄▅▆▇█';
/** a point with no value (nothing to compute it from), never drawn as the baseline */
const MISSING = '·';
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

/** Cut to n columns (wide characters count two), with … when cut. */
function cutTo(s: string, n: number): string {
  if (width(s) <= n) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > n - 1) break;
    out += ch;
  }
  return out + '…';
}

/** Places texts at columns of one line; a text that would overlap the one before is left out. */
function placed(items: { at: number; text: string }[]): string {
  let line = '';
  for (const { at, text } of items) {
    const col = Math.max(0, at);
    line = width(line) <= col ? pad(line, col) + text : line;
  }
  return line;
}

export function bar(value: number, max: number, cells: number): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * cells * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** One block per value: ▁ is the baseline, █ the top of the scale; · a point with no value. */
export function sparkline(values: readonly (number | null)[], scale = seriesScale({ values })): string {
  const { min, max } = scale;
  return values
    .map((x) => {
      if (x === null || !Number.isFinite(x)) return MISSING;
      const level = max > min ? Math.round(((x - min) / (max - min)) * (SPARK.length - 1)) : 0;
      return SPARK[Math.max(0, Math.min(SPARK.length - 1, level))]!;
    })
    .join('');
}

/** A count in at most four columns: 15, 1.2k, 34k, 1.5M. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

function bars(c: Extract<Chart, { kind: 'bars' }>, cols: number): string[] {
  const labelW = Math.min(24, Math.max(...c.items.map((i) => width(i.label)), 1));
  const cells = Math.max(10, Math.min(50, cols - labelW - 14));
  const max = Math.max(...c.items.map((i) => Math.max(i.value, i.target ?? 0)), 0);
  const lines = c.items.map((i) => {
    let b = pad(bar(i.value, max, cells), cells);
    if (i.target !== undefined && i.target !== null && max > 0) {
      // The target is a marker on the bar's track.
      const at = Math.min(cells - 1, Math.round((i.target / max) * cells) - 1);
      if (at >= 0) b = Array.from(b).map((ch, k) => (k === at ? (ch === ' ' ? '┆' : '┃') : ch)).join('');
    }
    const tgt = i.target !== undefined && i.target !== null ? ` / ${formatValue(i.target, c.unit)}` : '';
    return `${pad(cutTo(i.label, 24), labelW)} ${b} ${formatValue(i.value, c.unit)}${tgt}`;
  });
  // The scale under the bars: 0, half and the top, then what the bars measure.
  const x0 = labelW + 1;
  const mid = Math.floor(cells / 2);
  lines.push(' '.repeat(x0) + Array.from({ length: cells }, (_, k) => (k === 0 ? '└' : k === mid ? '┴' : k === cells - 1 ? '┘' : '─')).join(''));
  const top = formatValue(max, c.unit);
  const half = formatValue(max / 2, c.unit);
  lines.push(
    placed([
      { at: x0, text: formatValue(0, c.unit) },
      { at: x0 + mid - Math.floor(width(half) / 2), text: half },
      { at: x0 + cells - width(top), text: top },
      { at: x0 + cells + 2, text: c.axis },
    ]),
  );
  return lines;
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
  const out = [`     ↑ ${c.y}`];
  out.push(...grid.map((row, i) => `${i === 0 ? '100%' : i === H ? '  0%' : i === H / 2 ? ' 50%' : '    '} │${row.join('')}`));
  out.push(`     └${'─'.repeat(W + 1)}`);
  out.push(`      0%${' '.repeat(Math.max(1, W - 5))}100%`);
  out.push(`      ${c.x} →`);
  if (c.mark) out.push(`      ◆ ${c.mark.label}`);
  return out;
}

function sparks(c: Extract<Chart, { kind: 'spark' }>, cols: number): string[] {
  const points = c.labels.length;
  const counted = c.series.some((s) => s.n);
  // With counts, each point gets a column as wide as its count, so the n row lines up under it.
  const cw = counted ? Math.max(1, ...c.series.flatMap((s) => (s.n ? s.n.counts.map((k) => compactCount(k).length) : []))) : 1;
  const labelW = Math.max(...c.series.map((s) => width(s.label)), counted ? 3 : 1);
  const gap = counted && labelW + 1 + points * (cw + 1) <= cols - 16 ? 1 : 0;
  const cell = (s: string) => s + ' '.repeat(gap);
  const lines: string[] = [];
  c.series.forEach((s, k) => {
    const scale = seriesScale(s);
    const blocks = Array.from(sparkline(s.values, scale)).map((b) => cell(b.repeat(cw)));
    lines.push(`${pad(s.label, labelW)} ${blocks.join('')}  ▁ ${formatValue(scale.min, s.unit)}  █ ${formatValue(scale.max, s.unit)}`);
    // One n row under a run of series counted on the same cases.
    const next = c.series[k + 1];
    if (s.n && !(next?.n && next.n.of === s.n.of && next.n.counts.join() === s.n.counts.join())) {
      const counts = s.n.counts.map((x) => cell(compactCount(x).padStart(cw)));
      lines.push(`${pad('  n', labelW)} ${counts.join('')}  ${s.n.of}`);
    }
  });
  if (points) {
    const first = c.labels[0]!;
    const last = c.labels[points - 1]!;
    const span = points * (cw + gap) - gap;
    lines.push(
      points > 1 && span >= width(first) + width(last) + 2
        ? placed([
            { at: labelW + 1, text: first },
            { at: labelW + 1 + span - width(last), text: last },
          ])
        : `${' '.repeat(labelW)} ${first}${points > 1 ? ` → ${last}` : ''}`,
    );
  }
  if (c.series.some((s) => s.values.some((v) => v === null))) lines.push(`${' '.repeat(labelW)} ${MISSING} no value for that period`);
  return lines;
}

export function renderChart(c: Chart, columns?: number): string[] {
  const cols = columns || 80;
  return c.kind === 'bars' ? bars(c, cols) : c.kind === 'curve' ? curve(c, cols) : sparks(c, cols);
}
