// Calendar dates as 'YYYY-MM-DD' strings, computed in UTC so a date never shifts with the time zone.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Parses a strict ISO date; returns undefined for anything else, including 2026-02-30 and 0000-00-00. */
export function parseIsoDate(s: string): string | undefined {
  const t = s.trim();
  return isIsoDate(t) ? t : undefined;
}

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function dateToMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, n: number): string {
  return toIsoDate(new Date(dateToMs(iso) + n * DAY_MS));
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToMs(b.slice(0, 10)) - dateToMs(a.slice(0, 10))) / DAY_MS);
}

/** What "now" is. Injected everywhere so `--as-of` makes every output reproducible. */
export interface Clock {
  /** the current instant, ISO-8601 UTC */
  now(): string;
  /** today's date */
  today(): string;
}

export function systemClock(): Clock {
  return {
    now: () => new Date().toISOString(),
    today: () => toIsoDate(new Date()),
  };
}

/**
 * A clock fixed to a date (for --as-of and tests). now() is that date at the current time of day,
 * so records written by successive commands still sort in the order they were written.
 */
export function fixedClock(date: string): Clock {
  const base = dateToMs(date);
  return {
    now: () => new Date(base + (Date.now() % DAY_MS)).toISOString(),
    today: () => date,
  };
}
