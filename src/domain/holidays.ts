// The holiday calendar of the greeting list: fixed dates ('10-01'), nth weekday of a month
// (Mother's Day: 2nd Sunday of May) and Chinese lunar dates (Mid-Autumn: 8th month, 15th day).
// Lunar dates need a lunisolar calendar; the converter is injected (src/domain/lunar.ts wraps a
// maintained library) so this file stays pure and the library loads only when a lunar date is asked.

export interface HolidayDef {
  /** key used on the command line and in item ids, e.g. mid-autumn */
  name: string;
  /** what the list shows */
  label?: string;
  /** Gregorian month-day, 'MM-DD' */
  date?: string;
  /** Chinese lunar month-day, 'MM-DD' (regular month, not a leap month) */
  lunar?: string;
  /** nth weekday of a month: { month: 5, weekday: 0 (Sunday), nth: 2 }; nth -1 is the last */
  weekday?: { month: number; weekday: number; nth: number };
  /** the suggested greeting or gift */
  action?: string;
}

export type LunarToSolar = (year: number, month: number, day: number) => string;

export const DEFAULT_HOLIDAYS: HolidayDef[] = [
  { name: 'new-year', label: "New Year's Day 元旦", date: '01-01', action: 'send a New Year card or e-mail' },
  { name: 'spring-festival', label: 'Spring Festival 春节', lunar: '01-01', action: 'send Spring Festival greetings and a gift to key contacts' },
  { name: 'womens-day', label: "Women's Day 妇女节", date: '03-08', action: 'send flowers or a card to women contacts' },
  { name: 'mothers-day', label: "Mother's Day 母亲节", weekday: { month: 5, weekday: 0, nth: 2 }, action: 'send flowers (the material: flowers for Mother\'s Day)' },
  { name: 'dragon-boat', label: 'Dragon Boat Festival 端午节', lunar: '05-05', action: 'send zongzi with greetings' },
  { name: 'mid-autumn', label: 'Mid-Autumn Festival 中秋节', lunar: '08-15', action: 'send mooncake coupons' },
  { name: 'national-day', label: 'National Day 国庆节', date: '10-01', action: 'send National Day greetings (mooncake coupons when close to Mid-Autumn)' },
  { name: 'christmas', label: 'Christmas', date: '12-25', action: 'send season\'s greetings to international contacts' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** The date of the nth weekday (0 = Sunday) of a month; nth -1 is the last one. */
export function nthWeekday(year: number, month: number, weekday: number, nth: number): string {
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const day = 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7;
    return `${year}-${pad(month)}-${pad(day)}`;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return `${year}-${pad(month)}-${pad(lastDay - ((last - weekday + 7) % 7))}`;
}

export function needsLunar(defs: readonly HolidayDef[]): boolean {
  return defs.some((d) => d.lunar);
}

/** The holiday's date in a Gregorian year, or undefined when the definition is incomplete. */
export function holidayDate(def: HolidayDef, year: number, lunar?: LunarToSolar): string | undefined {
  if (def.date && /^\d{2}-\d{2}$/.test(def.date)) return `${year}-${def.date}`;
  if (def.weekday) return nthWeekday(year, def.weekday.month, def.weekday.weekday, def.weekday.nth);
  if (def.lunar && lunar && /^\d{2}-\d{2}$/.test(def.lunar)) {
    const [m, d] = def.lunar.split('-').map(Number) as [number, number];
    return lunar(year, m, d);
  }
  return undefined;
}

export interface HolidayOccurrence {
  name: string;
  label: string;
  date: string;
  action: string;
}

/** Occurrences whose date falls within [from, to] (ISO dates, inclusive), earliest first. */
export function holidaysBetween(defs: readonly HolidayDef[], from: string, to: string, lunar?: LunarToSolar): HolidayOccurrence[] {
  const out: HolidayOccurrence[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const def of defs) {
      const date = holidayDate(def, y, lunar);
      if (date && date >= from && date <= to)
        out.push({ name: def.name, label: def.label ?? def.name, date, action: def.action ?? 'send holiday greetings' });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}

/**
 * Whether a lunar month-day can fall within [from, to]: the lunar new year falls between 21 January
 * and 20 February, a month lasts 29 or 30 days and a leap month can push a date a month later.
 * Lets the due list skip loading the lunar calendar on most days of the year.
 */
export function lunarMayFallIn(lunar: string, from: string, to: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(lunar);
  if (!m) return false;
  const [mo, d] = [Number(m[1]), Number(m[2])];
  for (let y = Number(from.slice(0, 4)) - 1; y <= Number(to.slice(0, 4)); y++) {
    const early = Date.UTC(y, 0, 21) + ((mo - 1) * 29 + (d - 1) - 2) * 86_400_000;
    const late = Date.UTC(y, 1, 20) + ((mo - 1) * 30 + (d - 1) + 31 + 2) * 86_400_000;
    if (early <= Date.parse(`${to}T00:00:00Z`) && late >= Date.parse(`${from}T00:00:00Z`)) return true;
  }
  return false;
}

// ---- who is greeted for which holiday ------------------------------------------------------------

/** Who a holiday is for: people of these cultures or in these countries (ISO codes); absent = everyone. */
export interface HolidayAudience {
  cultures?: string[];
  countries?: string[];
}

export interface CultureConfig {
  /** culture → the countries (ISO codes) whose people keep its holidays */
  cultures: Record<string, string[]>;
  /**
   * Unicode script of a person's name (Han, Hangul...) → culture: 张伟 keeps Chinese holidays
   * anywhere. `except` lists countries where the script says nothing (Japanese names are written
   * in Han characters too); null switches an entry off.
   */
  scripts: Record<string, string | { culture: string; except?: string[] } | null>;
  /** holiday name → its audience; a holiday not listed is for everyone */
  audiences: Record<string, HolidayAudience>;
  /** people whose culture cannot be told (no country, a name in no listed script): greeted on every holiday ("all") or only on holidays for everyone ("none") */
  unknownCulture: 'all' | 'none';
}

const EUROPE = ['AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

export const DEFAULT_CULTURES: CultureConfig = {
  cultures: {
    chinese: ['CN', 'HK', 'MO', 'TW', 'SG'],
    western: [...EUROPE, 'US', 'CA', 'AU', 'NZ', 'BR', 'AR', 'MX', 'CL', 'CO', 'ZA'],
  },
  scripts: { Han: { culture: 'chinese', except: ['JP'] } },
  audiences: {
    'spring-festival': { cultures: ['chinese'] },
    'womens-day': { cultures: ['chinese'] },
    // the 2nd Sunday of May is Mother's Day in China and much of Europe and America (not in the UK, France or Spain)
    'mothers-day': { cultures: ['chinese'], countries: ['US', 'CA', 'AU', 'NZ', 'DE', 'AT', 'CH', 'IT', 'NL', 'BE', 'DK', 'FI', 'JP'] },
    'dragon-boat': { cultures: ['chinese'] },
    'mid-autumn': { cultures: ['chinese'] },
    'national-day': { countries: ['CN'] },
    christmas: { cultures: ['western'] },
  },
  unknownCulture: 'all',
};

const scriptTests = new Map<string, RegExp | null>();
function scriptTest(script: string): RegExp | null {
  let re = scriptTests.get(script);
  if (re === undefined) {
    try {
      re = new RegExp(`\\p{Script=${script}}`, 'u');
    } catch {
      re = null; // not a Unicode script name: the entry is ignored
    }
    scriptTests.set(script, re);
  }
  return re;
}

export interface PersonCulture {
  /** the country the person is taken to live in: the account's, else the configured default */
  country: string | null;
  /** empty when it cannot be told */
  cultures: string[];
}

/** A person's cultures: those of their country, and of the script their name is written in. */
export function personCulture(name: string, country: string | null, cfg: CultureConfig): PersonCulture {
  const out = new Set<string>();
  if (country) for (const [culture, list] of Object.entries(cfg.cultures)) if (list.includes(country)) out.add(culture);
  for (const [script, rule] of Object.entries(cfg.scripts)) {
    if (!rule) continue;
    const { culture, except = [] } = typeof rule === 'string' ? { culture: rule } : rule;
    if (culture && !(country && except.includes(country)) && scriptTest(script)?.test(name)) out.add(culture);
  }
  return { country, cultures: [...out].sort() };
}

/** Whether a person is greeted on this holiday. */
export function greets(holiday: string, p: PersonCulture, cfg: CultureConfig): boolean {
  const a = cfg.audiences[holiday];
  if (!a || (!a.cultures?.length && !a.countries?.length)) return true;
  if (!p.cultures.length && !(p.country && a.countries?.includes(p.country))) {
    // a country that belongs to no culture still tells: it is not one of the holiday's countries
    if (p.country && !a.cultures?.length) return false;
    return cfg.unknownCulture === 'all';
  }
  return !!(a.countries?.includes(p.country ?? '') || a.cultures?.some((c) => p.cultures.includes(c)));
}
