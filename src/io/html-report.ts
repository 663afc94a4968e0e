// A report as one self-contained HTML page: inline CSS and inline SVG charts, no script, no
// network. It reads the same in a browser and on paper (print styles keep tables and charts whole).
import { formatValue, isNumericKind } from '../domain/reports/format.js';
import { seriesScale, type Chart, type Report, type ReportTable } from '../domain/reports/model.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Controls and bidi overrides in stored data must not reach the page either.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const text = (v: unknown, kind: Parameters<typeof formatValue>[1] = 'text') => escapeHtml(formatValue(v, kind).replace(CONTROL, ''));

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

/**
 * One font stack for the page and its charts, with the CJK fallbacks: account names in Chinese
 * must not fall back to a font without the glyphs inside a chart either (SVG text does not inherit
 * the body's font when a chart is saved or opened on its own, so each <svg> carries it too).
 */
export const FONT =
  'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

/** The opening tag of a chart: size, accessible name and the page's font. */
function svgOpen(w: number, h: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(label)}" font-family="${escapeHtml(FONT)}" font-size="12">`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 ${FONT};
  color: #1f2937; background: #f3f4f6; margin: 0; padding: 24px; }
main { max-width: 1100px; margin: 0 auto; background: #fff; padding: 28px 36px; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e5e7eb; }
.period { color: #6b7280; margin: 0 0 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; padding: 0; }
.card { border: 1px solid #e5e7eb; border-radius: 6px; padding: 10px 14px; min-width: 150px; flex: 1 1 150px; }
.card dt { color: #6b7280; font-size: 12px; }
.card dd { margin: 2px 0 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
th { background: #f9fafb; font-weight: 600; font-size: 12px; color: #374151; }
td.n, th.n { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
figure { margin: 10px 0 18px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg { max-width: 100%; height: auto; }
svg text { font: 12px ${FONT}; fill: #374151; }
svg text.axis { fill: #6b7280; font-size: 11px; }
svg text.n { fill: #6b7280; font-size: 10px; }
.notes { color: #4b5563; font-size: 12px; }
.empty { color: #6b7280; font-style: italic; }
footer { margin-top: 24px; color: #9ca3af; font-size: 11px; }
@media print {
  body { background: #fff; padding: 0; }
  main { box-shadow: none; max-width: none; padding: 0; }
  table, figure, .cards { break-inside: avoid; }
  h2 { break-after: avoid; }
  tbody tr:nth-child(even) { background: none; }
}
`;

function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th${isNumericKind(c.kind) ? ' class="n"' : ''}>${escapeHtml(c.header)}</th>`).join('');
  const body = t.rows.length
    ? t.rows
        .map((r) => `<tr>${t.columns.map((c) => `<td${isNumericKind(c.kind) ? ' class="n"' : ''}>${text(r[c.key], c.kind)}</td>`).join('')}</tr>`)
        .join('\n')
    : `<tr><td colspan="${t.columns.length}" class="empty">nothing in this period</td></tr>`;
  return `<h2>${escapeHtml(t.title)}</h2>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function barsSvg(c: Extract<Chart, { kind: 'bars' }>): string {
  const rowH = 26;
  const labelW = 180;
  const W = 760;
  const plotW = W - labelW - 110;
  const top = Math.max(...c.items.map((i) => Math.max(i.value, i.target ?? 0)), 0);
  const max = top || 1;
  const axisY = c.items.length * rowH + 8;
  const H = axisY + 40;
  const parts = c.items.map((it, k) => {
    const y = 5 + k * rowH;
    const w = Math.max(0, (it.value / max) * plotW);
    const target =
      it.target !== undefined && it.target !== null
        ? `<line x1="${labelW + (it.target / max) * plotW}" x2="${labelW + (it.target / max) * plotW}" y1="${y}" y2="${y + rowH - 6}" stroke="#111827" stroke-width="2" stroke-dasharray="3 2"/>`
        : '';
    const tgtLabel = it.target !== undefined && it.target !== null ? ` / ${formatValue(it.target, c.unit)}` : '';
    return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(it.label)}</text>
<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${PALETTE[0]}" rx="2"/>${target}
<text x="${labelW + Math.max(w, it.target !== undefined && it.target !== null ? (it.target / max) * plotW : 0) + 6}" y="${y + 15}">${escapeHtml(formatValue(it.value, c.unit) + tgtLabel)}</text>`;
  });
  // The value axis: bars start at 0; ticks at 0, half and the top, and what the bars measure.
  const ticks = [0, 0.5, 1]
    .map((t) => {
      const x = (labelW + t * plotW).toFixed(1);
      return `<line x1="${x}" x2="${x}" y1="${axisY}" y2="${axisY + 4}" stroke="#9ca3af"/><text class="axis" x="${x}" y="${axisY + 16}" text-anchor="${t === 0 ? 'start' : t === 1 ? 'end' : 'middle'}">${escapeHtml(formatValue(top * t, c.unit))}</text>`;
    })
    .join('');
  const axis = `<line x1="${labelW}" x2="${labelW}" y1="2" y2="${axisY}" stroke="#9ca3af"/><line x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" stroke="#9ca3af"/>${ticks}
<text class="axis" x="${labelW + plotW / 2}" y="${axisY + 32}" text-anchor="middle">${escapeHtml(c.axis)}</text>`;
  return `${svgOpen(W, H, c.title)}${parts.join('\n')}\n${axis}</svg>`;
}

function curveSvg(c: Extract<Chart, { kind: 'curve' }>): string {
  const S = 320;
  const m = 56;
  const px = (x: number) => (m + x * S).toFixed(1);
  const py = (y: number) => (m / 2 + (1 - y) * S).toFixed(1);
  const pts = c.points.map((p) => `${px(p.x)},${py(p.y)}`).join(' ');
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1]
    .map((g) => `<line x1="${px(0)}" x2="${px(1)}" y1="${py(g)}" y2="${py(g)}" stroke="#e5e7eb"/><text x="${m - 6}" y="${Number(py(g)) + 4}" text-anchor="end">${g * 100}%</text>
<text x="${px(g)}" y="${S + m / 2 + 16}" text-anchor="middle">${g * 100}%</text>`)
    .join('\n');
  const mark = c.mark
    ? `<line x1="${px(c.mark.x)}" x2="${px(c.mark.x)}" y1="${py(0)}" y2="${py(c.mark.y)}" stroke="#dc2626" stroke-dasharray="4 3"/>
<line x1="${px(0)}" x2="${px(c.mark.x)}" y1="${py(c.mark.y)}" y2="${py(c.mark.y)}" stroke="#dc2626" stroke-dasharray="4 3"/>
<circle cx="${px(c.mark.x)}" cy="${py(c.mark.y)}" r="5" fill="#dc2626"/>
<text x="${Number(px(c.mark.x)) + (c.mark.x > 0.5 ? -10 : 10)}" y="${Number(py(c.mark.y)) + 18}" text-anchor="${c.mark.x > 0.5 ? 'end' : 'start'}">${escapeHtml(c.mark.label)}</text>`
    : '';
  const W = S + m + 20;
  const H = S + m + 10;
  return `${svgOpen(W, H, c.title)}
${grid}
<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#9ca3af" stroke-dasharray="2 3"/>
<polyline points="${pts}" fill="none" stroke="${PALETTE[0]}" stroke-width="2.5"/>
${mark}
<text class="axis" x="${px(0.5)}" y="${H - 2}" text-anchor="middle">${escapeHtml(c.x)}</text>
<text class="axis" transform="translate(12 ${py(0.5)}) rotate(-90)" text-anchor="middle">${escapeHtml(c.y)}</text>
</svg>`;
}

function lineSvg(c: Extract<Chart, { kind: 'spark' }>): string {
  // One small chart per series: each has its own scale (rates and scores do not share an axis),
  // standing on its baseline (0, or the scale's own floor such as 1 on a 1-5 survey), labelled
  // at the baseline and the top, with the number of cases under each point.
  const n = c.labels.length;
  const left = 52;
  const right = 14;
  const plotW = Math.max(360 - left - right, (n - 1) * 28);
  const W = left + plotW + right;
  const top = 26;
  const plotH = 56;
  const cells = c.series.map((s, k) => {
    const { min, max } = seriesScale(s);
    const H = top + plotH + 20 + (s.n ? 16 : 0);
    const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
    const y = (val: number) => top + (max > min ? 1 - (Math.min(max, Math.max(min, val)) - min) / (max - min) : 1) * plotH;
    const segs: string[] = [];
    let cur: string[] = [];
    s.values.forEach((val, i) => {
      if (val === null || !Number.isFinite(val)) {
        if (cur.length) segs.push(cur.join(' '));
        cur = [];
      } else cur.push(`${x(i).toFixed(1)},${y(val).toFixed(1)}`);
    });
    if (cur.length) segs.push(cur.join(' '));
    const color = PALETTE[k % PALETTE.length];
    const fmt = (q: number) => formatValue(q, s.unit);
    const lines = segs.map((p) => (p.includes(' ') ? `<polyline points="${p}" fill="none" stroke="${color}" stroke-width="2"/>` : ''));
    const dots = s.values
      .map((val, i) =>
        val === null || !Number.isFinite(val)
          ? ''
          : `<circle cx="${x(i).toFixed(1)}" cy="${y(val).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeHtml(`${c.labels[i] ?? ''}: ${fmt(val)}${s.n ? ` (n = ${s.n.counts[i] ?? 0} ${s.n.of})` : ''}`)}</title></circle>`,
      )
      .join('');
    const axis = `<line x1="${left}" x2="${left + plotW}" y1="${y(min).toFixed(1)}" y2="${y(min).toFixed(1)}" stroke="#6b7280"/>
<line x1="${left}" x2="${left + plotW}" y1="${y(max).toFixed(1)}" y2="${y(max).toFixed(1)}" stroke="#e5e7eb" stroke-dasharray="3 3"/>
<text class="axis" x="${left - 6}" y="${(y(min) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(fmt(min))}</text>
<text class="axis" x="${left - 6}" y="${(y(max) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(fmt(max))}</text>`;
    const xLabels = `<text class="axis" x="${x(0).toFixed(1)}" y="${top + plotH + 14}" text-anchor="${n > 1 ? 'start' : 'middle'}">${escapeHtml(c.labels[0] ?? '')}</text>${
      n > 1 ? `<text class="axis" x="${x(n - 1).toFixed(1)}" y="${top + plotH + 14}" text-anchor="end">${escapeHtml(c.labels[n - 1] ?? '')}</text>` : ''
    }`;
    const counts = s.n
      ? `<text class="n" x="8" y="${H - 6}">n</text>${s.n.counts
          .map((cnt, i) => `<text class="n" x="${x(i).toFixed(1)}" y="${H - 6}" text-anchor="middle">${cnt}</text>`)
          .join('')}`
      : '';
    return `<div class="spark">${svgOpen(W, H, s.label)}
<rect x="0.5" y="0.5" width="${W - 1}" height="${H - 1}" fill="#fff" stroke="#e5e7eb"/>
<text x="8" y="16" font-weight="600">${escapeHtml(s.label)}</text>${s.n ? `<text class="axis" x="${W - 8}" y="16" text-anchor="end">n = ${escapeHtml(s.n.of)}</text>` : ''}
${axis}
${lines.join('')}${dots}
${xLabels}
${counts}
</svg></div>`;
  });
  return `<div style="display:flex;flex-wrap:wrap;gap:10px">${cells.join('\n')}</div>`;
}

function chartHtml(c: Chart): string {
  const body = c.kind === 'bars' ? barsSvg(c) : c.kind === 'curve' ? curveSvg(c) : lineSvg(c);
  return `<figure><figcaption>${escapeHtml(c.title)}</figcaption>\n${body}\n</figure>`;
}

export function reportHtml(r: Report, generatedOn: string): string {
  const cards = r.summary.map((s) => `<div class="card"><dt>${escapeHtml(s.label)}</dt><dd>${text(s.value, s.kind) || '–'}</dd></div>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)} · ${escapeHtml(r.from)} – ${escapeHtml(r.to)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(r.title)}</h1>
<p class="period">${escapeHtml(r.from)} – ${escapeHtml(r.to)}</p>
<dl class="cards">
${cards}
</dl>
${r.charts.map(chartHtml).join('\n')}
${r.tables.map(tableHtml).join('\n')}
<h2>How these figures are computed</h2>
<div class="notes">${r.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}</div>
<footer>crm report ${escapeHtml(r.name)} · generated ${escapeHtml(generatedOn)}</footer>
</main>
</body>
</html>
`;
}
