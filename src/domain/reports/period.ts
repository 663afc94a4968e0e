// Report periods and the buckets (month, quarter, year) time-series reports are cut into.
import { addDays, daysBetween } from '../dates.js';

export type Bucket = 'month' | 'quarter' | 'year';
export const BUCKETS: readonly Bucket[] = ['month', 'quarter', 'year'];

export interface Period {
  from: string;
  to: string;
  /** true when the user gave --from (some reports count "all time" otherwise) */
  explicitFrom: boolean;
}

/** The default period: the twelve calendar months ending with the month of `to`. */
export function defaultFrom(to: string): string {
  const y = Number(to.slice(0, 4));
  const m = Number(to.slice(5, 7));
  const idx = y * 12 + (m - 1) - 11;
  return `${String(Math.floor(idx / 12)).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
}

/** A sequential number for the bucket holding a date, so "the previous bucket" is n - 1. */
export function bucketIndex(date: string, b: Bucket): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (b === 'year') return y;
  if (b === 'quarter') return y * 4 + Math.floor((m - 1) / 3);
  return y * 12 + (m - 1);
}

export function bucketLabel(index: number, b: Bucket): string {
  if (b === 'year') return String(index);
  if (b === 'quarter') return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function bucketStart(index: number, b: Bucket): string {
  if (b === 'year') return `${index}-01-01`;
  const monthIdx = b === 'quarter' ? Math.floor(index / 4) * 12 + (index % 4) * 3 : index;
  return `${String(Math.floor(monthIdx / 12)).padStart(4, '0')}-${String((monthIdx % 12) + 1).padStart(2, '0')}-01`;
}

export function bucketEnd(index: number, b: Bucket): string {
  return addDays(bucketStart(index + 1, b), -1);
}

/** Every bucket index from the one holding `from` to the one holding `to`. */
export function bucketRange(from: string, to: string, b: Bucket): number[] {
  const out: number[] = [];
  for (let i = bucketIndex(from, b); i <= bucketIndex(to, b); i++) out.push(i);
  return out;
}

/** The last day a report's figures can cover: its end date, or today when that is earlier (no data from the future). */
export function coveredThrough(to: string, today: string): string {
  return to < today ? to : today;
}

/**
 * A bucket that is not over by `through` is partial: its customers, orders and interactions are
 * only those so far, so it is marked and never graded or rated as a complete month (November to the
 * 23rd is not a month in which 77.6% of customers churned).
 */
export function bucketStatus(index: number, b: Bucket, through: string): { partial: boolean; status: string } {
  const partial = bucketEnd(index, b) > through;
  return { partial, status: partial ? `partial (to ${through})` : 'complete' };
}

/** The share of a bucket's days gone by on `through`: 0.5 on the 15th of a 30-day month, 1 once it is over. */
export function bucketShare(index: number, b: Bucket, through: string): number {
  const start = bucketStart(index, b);
  if (through < start) return 0;
  return Math.min(1, (daysBetween(start, through) + 1) / (daysBetween(start, bucketEnd(index, b)) + 1));
}
