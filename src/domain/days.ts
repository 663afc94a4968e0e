// Fast whole-day arithmetic on 'YYYY-MM-DD' strings for hot loops over every account: parsing
// with Date costs ~1 µs a call, this ~20 ns. Same results as dates.ts daysBetween for valid dates.

/** Days since 1970-01-01 of an ISO date (or the date part of an ISO timestamp). */
export function dayNumber(iso: string): number {
  const y0 = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const d = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  // Howard Hinnant's days_from_civil.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from a to b (positive when b is later). */
export function daysFrom(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}
