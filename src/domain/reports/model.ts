// The format-neutral shape of a report: the service fills it, the CLI renders it as a table with
// terminal charts, JSON, CSV, Markdown or a self-contained HTML page.

/**
 * What a number is, so that each output can show it its own way: tables, Markdown and HTML format
 * it for reading (money 6,935; pct 55.8%), CSV and JSON write the number itself (6934.5; 0.558).
 * int: a count or a score; num: a measure (2 decimals); money: a report total in whole units;
 * amount: one recorded amount, to the cent; pct: a fraction 0..1.
 */
export type ValueKind = 'int' | 'num' | 'money' | 'amount' | 'pct' | 'text' | 'date';

export interface ReportColumn {
  key: string;
  header: string;
  kind: ValueKind;
}

export interface ReportTable {
  title: string;
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
}

// Charts must not mislead: every value axis starts at a stated baseline (0 unless the scale says
// otherwise, e.g. surveys 1-5) and is labelled; a point computed from few cases says how few.
export type Chart =
  /** horizontal bars from 0; target draws a marker (e.g. the 60/30/10 time target); axis names what the bars measure */
  | { kind: 'bars'; title: string; unit: ValueKind; axis: string; items: { label: string; value: number; target?: number | null }[] }
  /** a cumulative curve from (0,0) to (1,1) with a marked point (the Pareto curve); x and y name the axes */
  | { kind: 'curve'; title: string; x: string; y: string; points: { x: number; y: number }[]; mark?: { x: number; y: number; label: string } }
  /** one small line per series over the same period labels */
  | { kind: 'spark'; title: string; labels: string[]; series: SparkSeries[] };

export interface SparkSeries {
  label: string;
  unit: ValueKind;
  values: (number | null)[];
  /** the value axis: from min (the baseline, default 0 or the lowest value if below 0) to max (default the highest value) */
  scale?: { min: number; max?: number };
  /** how many cases each point was computed from (customers, surveys, orders), and what they are */
  n?: { of: string; counts: number[] };
}

export interface Report {
  name: string;
  title: string;
  from: string;
  to: string;
  /** the currency of every money figure (the base currency), when the report has any */
  currency?: string;
  /** headline figures, in order */
  summary: { label: string; value: unknown; kind: ValueKind }[];
  tables: ReportTable[];
  charts: Chart[];
  /** how the figures were computed, shown under the report */
  notes: string[];
}

/** The value axis of a series: from its baseline (the scale's min, else 0, else a lower negative value) to its top. */
export function seriesScale(s: { values: readonly (number | null)[]; scale?: SparkSeries['scale'] }): { min: number; max: number } {
  const v = s.values.filter((x): x is number => x !== null && Number.isFinite(x));
  const min = s.scale?.min ?? Math.min(0, ...v);
  return { min, max: s.scale?.max ?? Math.max(min, ...v) };
}

export function col(key: string, header: string, kind: ValueKind = 'text'): ReportColumn {
  return { key, header, kind };
}

/** a / b, or null when b is 0: an undefined rate is shown as empty, not as 0%. */
export function ratio(a: number, b: number): number | null {
  return b ? a / b : null;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median of a histogram of whole values ({value, count}), without expanding it. */
export function histogramMedian(h: readonly { value: number; count: number }[]): number | null {
  const s = [...h].filter((x) => x.count > 0).sort((a, b) => a.value - b.value);
  const n = s.reduce((t, x) => t + x.count, 0);
  if (!n) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const x of s) {
      seen += x.count;
      if (k < seen) return x.value;
    }
    return s[s.length - 1]!.value;
  };
  return n % 2 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}
