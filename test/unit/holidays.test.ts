import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLIDAYS, holidayDate, holidaysBetween, nthWeekday } from '../../src/domain/holidays.js';
import { loadLunar } from '../../src/domain/lunar.js';

const def = (name: string) => DEFAULT_HOLIDAYS.find((h) => h.name === name)!;

describe('holiday calendar', () => {
  // Published dates (State Council holiday notices / Hong Kong Observatory calendar).
  const published: Record<string, Record<number, string>> = {
    'spring-festival': { 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26' },
    'dragon-boat': { 2023: '2023-06-22', 2024: '2024-06-10', 2025: '2025-05-31', 2026: '2026-06-19', 2027: '2027-06-09' },
    'mid-autumn': { 2023: '2023-09-29', 2024: '2024-09-17', 2025: '2025-10-06', 2026: '2026-09-25', 2027: '2027-09-15' },
  };
  for (const [name, years] of Object.entries(published))
    it(`computes ${name} for several years`, async () => {
      const lunar = await loadLunar();
      for (const [y, d] of Object.entries(years)) expect(holidayDate(def(name), Number(y), lunar)).toBe(d);
    });

  it("computes Mother's Day as the 2nd Sunday of May", () => {
    expect(holidayDate(def('mothers-day'), 2024)).toBe('2024-05-12');
    expect(holidayDate(def('mothers-day'), 2025)).toBe('2025-05-11');
    expect(holidayDate(def('mothers-day'), 2026)).toBe('2026-05-10');
    expect(holidayDate(def('mothers-day'), 2027)).toBe('2027-05-09');
  });

  it('computes nth and last weekdays', () => {
    expect(nthWeekday(2026, 6, 0, 3)).toBe('2026-06-21'); // Father's Day
    expect(nthWeekday(2026, 11, 4, 4)).toBe('2026-11-26'); // Thanksgiving (US)
    expect(nthWeekday(2026, 5, 1, -1)).toBe('2026-05-25'); // last Monday of May
  });

  it('fixed dates and ranges across the year end', async () => {
    const lunar = await loadLunar();
    const got = holidaysBetween(DEFAULT_HOLIDAYS, '2026-12-20', '2027-02-10', lunar).map((h) => `${h.name} ${h.date}`);
    expect(got).toEqual(['christmas 2026-12-25', 'new-year 2027-01-01', 'spring-festival 2027-02-06']);
    expect(holidaysBetween(DEFAULT_HOLIDAYS, '2026-09-20', '2026-10-02', lunar).map((h) => h.name)).toEqual(['mid-autumn', 'national-day']);
  });

  it('a configured holiday without a rule is ignored, a lunar one without the converter too', () => {
    expect(holidayDate({ name: 'x' }, 2026)).toBeUndefined();
    expect(holidayDate(def('mid-autumn'), 2026)).toBeUndefined();
    expect(holidayDate({ name: 'qixi', lunar: '07-07' }, 2026, (y, m, d) => `${y}-${m}-${d}`)).toBe('2026-7-7');
  });
});

describe('lunar window check', () => {
  it('never rules out a window that holds a lunar holiday, and rules out most of the year', async () => {
    const { lunarMayFallIn } = await import('../../src/domain/holidays.js');
    const lunar = await loadLunar();
    for (let y = 2020; y <= 2040; y++)
      for (const l of ['01-01', '05-05', '08-15', '09-09']) {
        const [m, d] = l.split('-').map(Number) as [number, number];
        const on = lunar(y, m, d);
        expect(lunarMayFallIn(l, on, on)).toBe(true);
      }
    expect(lunarMayFallIn('08-15', '2026-11-23', '2026-12-10')).toBe(false);
    expect(lunarMayFallIn('01-01', '2026-11-23', '2026-12-10')).toBe(false);
  });
});
