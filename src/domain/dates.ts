// Calendar dates as 'YYYY-MM-DD' strings, computed in UTC so a date never shifts with the time zone.
//
// Time zones. "Today" and the day of every stored instant are the user's local ones: the process
// time zone, which is TZ or the config's `timezone` (applied at start-up, see src/cli/runtime.ts).
// Instants are stored as ISO-8601 text WITH THE LOCAL OFFSET, e.g. 2026-11-23T07:05:00.000+08:00,
// not in UTC. Why: the first ten characters are then the local day, so every `slice(0, 10)` in the
// code and every `substr(ts, 1, 10)` / `ts >= '2026-11-23'` in SQL means the user's day, on SQLite
// and PostgreSQL alike (text columns, no time-zone functions), and a date range on a timestamp
// column still uses its plain index. The instant itself is exact (the offset is part of it: Date,
// julianday() and PostgreSQL's ::timestamptz read it). Timestamps of one zone sort as text; only
// the repeated hour when daylight saving ends can sort a few minutes out of order.

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

/** The local calendar day of an instant (the process time zone). */
export function toIsoDate(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** An instant as ISO-8601 with the local offset: 2026-11-23T07:05:00.000+08:00 (see the top of this file). */
export function toLocalIso(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return (
    `${toIsoDate(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}` +
    `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`
  );
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
  /** the current instant, ISO-8601 with the local offset */
  now(): string;
  /** today's local date */
  today(): string;
}

/**
 * The real clock. `startMs` moves it to another instant (CRM_NOW, for reproducible runs): time
 * still passes from there, so records written one after another keep their order.
 */
export function systemClock(startMs?: number): Clock {
  const shift = startMs === undefined ? 0 : startMs - Date.now();
  const current = () => new Date(Date.now() + shift);
  return {
    now: () => toLocalIso(current()),
    today: () => toIsoDate(current()),
  };
}

/**
 * A clock fixed to a date (for --as-of and tests). now() is that date at the current local time of
 * day, so records written by successive commands still sort in the order they were written.
 */
export function fixedClock(date: string): Clock {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return {
    now: () => {
      const t = new Date();
      const at = new Date(y, m - 1, d, t.getHours(), t.getMinutes(), t.getSeconds(), t.getMilliseconds());
      // a time of day that does not exist on that date (daylight saving starts) lands on the next day
      return toLocalIso(at.getDate() === d ? at : new Date(y, m - 1, d, 12));
    },
    today: () => date,
  };
}
