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

// Calendar arithmetic on day numbers (days since 1970-01-01), without Date objects: the due list
// and the value refresh do this hundreds of thousands of times. Algorithms from Howard Hinnant's
// "chrono-compatible low-level date algorithms".
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Day number of a 'YYYY-MM-DD' date (anything after the date is ignored). Read digit by digit:
 * hot loops over every account call this; parsing with Date costs ~1 µs a call, this ~20 ns.
 */
export function dayNumber(iso: string): number {
  const y = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const d = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  return daysFromCivil(y, m, d);
}

export function fromDayNumber(days: number): string {
  return civilFromDays(days);
}

export function dateToMs(iso: string): number {
  return dayNumber(iso) * DAY_MS;
}

export function addDays(iso: string, n: number): string {
  return civilFromDays(dayNumber(iso) + n);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
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
