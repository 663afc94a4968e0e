// Holiday greetings as a mail-merge list: who gets a greeting for which holiday, with the fields
// a letter or a mail merge needs. `crm greetings` prints it; `crm export greetings` may call it.
import { greetingAudiencePage, greetingPeople, greetingPoints } from '../db/repositories/greetings.js';
import { section } from '../domain/config.js';
import { addDays } from '../domain/dates.js';
import { dueSettings } from '../domain/due.js';
import { NotFoundError } from '../domain/errors.js';
import { DEFAULT_GREETINGS, type GreetingsConfig } from '../domain/greetings.js';
import { greets, personCulture, type CultureConfig, type HolidayOccurrence, type PersonCulture } from '../domain/holidays.js';
import { countryCode } from '../domain/normalize.js';
import type { ServiceContext } from './context.js';
import { holidayOccurrences } from './due.js';

export { DEFAULT_GREETINGS, type GreetingsConfig } from '../domain/greetings.js';

export interface GreetingRow {
  holiday: string;
  holidayLabel: string;
  date: string;
  action: string;
  salutation: string;
  name: string;
  title: string | null;
  company: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  accountId: number;
  contactId: number;
  /** the cultures the greeting follows (config holidays.cultures / scripts); empty when unknown */
  cultures: string[];
}

export interface GreetingsOptions {
  holiday?: string;
  within?: number;
  all?: boolean;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function salutation(name: string, given: string | null, t: GreetingsConfig['salutation']): string {
  const tpl = CJK.test(name) ? t.cjk : t.latin;
  return tpl.replace('{name}', name).replace('{given}', given ?? name);
}

export async function greetingHolidays(ctx: ServiceContext, opts: GreetingsOptions): Promise<HolidayOccurrence[]> {
  const s = dueSettings(ctx.config);
  const today = ctx.clock.today();
  if (opts.holiday) {
    const name = opts.holiday.trim().toLowerCase();
    if (!s.holidays.list.some((h) => h.name === name))
      throw new NotFoundError(`no holiday "${opts.holiday}" in the calendar`, `holidays: ${s.holidays.list.map((h) => h.name).join(', ')}`);
    const next = (await holidayOccurrences(s, today, addDays(today, 366))).filter((h) => h.name === name);
    return next.slice(0, 1);
  }
  return holidayOccurrences(s, today, addDays(today, opts.within ?? s.holidays.leadDays));
}

/** A person's cultures: from the account's country (else the configured default) and the name's script. */
function cultureOf(ctx: ServiceContext, cfg: CultureConfig, name: string, country: string | null): PersonCulture {
  return personCulture(name, countryCode(country) ?? countryCode(ctx.config.defaultCountry) ?? null, cfg);
}

/**
 * The holidays someone in the greeting audience keeps: the due list shows no Spring Festival item
 * to a rep with only European customers. Reads names and countries a page at a time and stops as
 * soon as each holiday has found one person.
 */
export async function holidaysWithAudience(ctx: ServiceContext, holidays: HolidayOccurrence[]): Promise<HolidayOccurrence[]> {
  const cfg = dueSettings(ctx.config).holidays;
  const open = new Set(holidays.filter((h) => cfg.audiences[h.name]?.cultures?.length || cfg.audiences[h.name]?.countries?.length).map((h) => h.name));
  if (!open.size) return holidays;
  const restricted = new Set(open);
  const all = section(ctx.config, 'greetings', DEFAULT_GREETINGS).audience === 'all';
  const PAGE = 5000;
  for (let after = 0; open.size; ) {
    const page = await greetingAudiencePage(ctx.db, all, after, PAGE);
    for (const p of page) {
      const pc = cultureOf(ctx, cfg, p.name, p.country);
      for (const h of open) if (greets(h, pc, cfg)) open.delete(h);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return holidays.filter((h) => !restricted.has(h.name) || !open.has(h.name));
}

export async function greetingList(ctx: ServiceContext, opts: GreetingsOptions = {}): Promise<{ holidays: HolidayOccurrence[]; rows: GreetingRow[] }> {
  const g = section(ctx.config, 'greetings', DEFAULT_GREETINGS);
  const cfg = dueSettings(ctx.config).holidays;
  const holidays = await greetingHolidays(ctx, opts);
  if (!holidays.length) return { holidays, rows: [] };
  const people = await greetingPeople(ctx.db, !!opts.all || g.audience === 'all');
  const cultures = new Map(people.map((p) => [p.id, cultureOf(ctx, cfg, p.name, p.country)]));
  const points = await greetingPoints(ctx.db, [...new Set(people.map((p) => p.account_id))]);
  const first = new Map<string, string>();
  for (const p of points) {
    const kind = p.kind === 'email' ? 'email' : 'phone';
    const k1 = `${kind}|c${p.contact_id}`;
    const k2 = `${kind}|a${p.account_id}`;
    if (p.contact_id !== null && !first.has(k1)) first.set(k1, p.value);
    if (p.contact_id === null && !first.has(k2)) first.set(k2, p.value);
  }
  const rows: GreetingRow[] = [];
  for (const h of holidays)
    for (const p of people) {
      const pc = cultures.get(p.id)!;
      if (!greets(h.name, pc, cfg)) continue;
      rows.push({
        holiday: h.name,
        holidayLabel: h.label,
        date: h.date,
        action: h.action,
        salutation: salutation(p.name, p.given_name, g.salutation),
        name: p.name,
        title: p.title,
        company: p.company,
        email: first.get(`email|c${p.id}`) ?? first.get(`email|a${p.account_id}`) ?? null,
        phone: first.get(`phone|c${p.id}`) ?? first.get(`phone|a${p.account_id}`) ?? null,
        address: p.address,
        city: p.city,
        postcode: p.postcode,
        country: p.country,
        accountId: p.account_id,
        contactId: p.id,
        cultures: pc.cultures,
      });
    }
  return { holidays, rows };
}
