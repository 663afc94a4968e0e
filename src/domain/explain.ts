// Explainable numbers: a score is a list of parts, each an input, its value and the points it
// gave. Parts are rounded so that they add up exactly to the score that is shown.

export interface ScorePart {
  /** what was looked at, e.g. "recency" */
  input: string;
  /** the input's value as a person reads it, e.g. "12 days since the last order" */
  value: string;
  points: number;
  /** most points this input can give; null for the calibration, which has no maximum of its own */
  max: number | null;
}

export interface RawPart {
  input: string;
  value: string;
  points: number;
  max: number | null;
}

/**
 * Rounds raw parts to whole points by the largest-remainder method: the rounded parts sum to the
 * rounded total (clamped to 0..cap), so `--explain` always adds up to the score.
 */
export function roundParts(raw: readonly RawPart[], cap = 100): { score: number; parts: ScorePart[] } {
  const total = raw.reduce((s, p) => s + p.points, 0);
  const score = Math.max(0, Math.min(cap, Math.round(total)));
  const floors = raw.map((p) => Math.floor(p.points));
  let rest = score - floors.reduce((s, x) => s + x, 0);
  const order = raw
    .map((p, i) => ({ i, frac: p.points - Math.floor(p.points) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const pts = [...floors];
  // rest may be negative only when the total was clamped at the cap; take back from the largest.
  for (let k = 0; rest > 0 && order.length; k = (k + 1) % order.length, rest--) pts[order[k]!.i]! += 1;
  while (rest < 0) {
    let j = 0;
    for (let i = 1; i < pts.length; i++) if (pts[i]! > pts[j]!) j = i;
    pts[j]! -= 1;
    rest++;
  }
  return { score, parts: raw.map((p, i) => ({ input: p.input, value: p.value, points: pts[i]!, max: p.max })) };
}

/** 12345.678 → "12,345.68". Hand-rolled: toLocaleString costs ~20 µs a call, too slow for 100k accounts. */
export function fmtNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 100) / 100;
  const neg = r < 0;
  const [int, frac] = Math.abs(r).toString().split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
