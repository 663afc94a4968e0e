// Reading the due list: accounts' stored items in order of the highest urgency they can reach,
// birthdays and anniversaries by month-day, and the holiday calendar. Nothing here writes.
import { getMeta } from '../../db/meta.js';
import { allAccountIds } from '../../db/repositories/accounts.js';
import { countRows } from '../../db/repositories/checks.js';
import * as repo from '../../db/repositories/due.js';
import { addDays, daysBetween } from '../../domain/dates.js';
import { annualCandidate, dueSettings, mdRanges, urgency, type DueCandidate, type DueKind, type DueSettings, type UrgencyTerm } from '../../domain/due.js';
import { UsageError } from '../../domain/errors.js';
import { holidaysBetween, lunarMayFallIn, needsLunar, type HolidayDef, type HolidayOccurrence } from '../../domain/holidays.js';
import type { ServiceContext } from '../context.js';
import { adoptLegacySteps } from '../next-steps-legacy.js';
import { dayNumber, DUE_CONFIG_META, dueConfigJson, group, refreshDue } from './refresh.js';

export interface DueItem {
  id: string;
  kind: DueKind;
  accountId: number | null;
  account: string | null;
  contactId: number | null;
  contact: string | null;
  phone: string | null;
  owner: string | null;
  tier: string | null;
  reason: string;
  /** the date the item came (or comes) onto the list */
  since: string;
  /** its deadline or the date of the occasion */
  dueOn: string;
  /** days past dueOn (negative: days left) */
  overdueDays: number;
  action: string;
  urgency: number;
  terms: UrgencyTerm[];
}

export interface HeldBack {
  id: string;
  kind: DueKind;
  accountId: number;
  account: string;
  lastContactOn: string;
  reason: string;
}

export interface DueList {
  today: string;
  horizon: string;
  items: DueItem[];
  /** items past the limit */
  more: number;
  heldBack: HeldBack[];
  /** held-back items in all (heldBack lists the first 200) */
  heldBackTotal: number;
  notes: string[];
}

export interface DueOptions {
  days?: number;
  owner?: string;
  limit?: number;
}

async function lunarIfNeeded(defs: readonly HolidayDef[], from: string, to: string) {
  if (!needsLunar(defs) || !defs.some((d) => d.lunar && lunarMayFallIn(d.lunar, from, to))) return undefined;
  const { loadLunar } = await import('../../domain/lunar.js');
  return loadLunar();
}

export async function holidayOccurrences(s: DueSettings, from: string, to: string): Promise<HolidayOccurrence[]> {
  return holidaysBetween(s.holidays.list, from, to, await lunarIfNeeded(s.holidays.list, from, to));
}

const HELD_BACK_SHOWN = 200;

const ON_THE_FLY_MAX = 20_000;
const ON_THE_FLY_PARTIAL = 5_000;

export async function listDue(ctx: ServiceContext, opts: DueOptions = {}): Promise<DueList> {
  const any = await repo.anyDueItems(ctx.db);
  if (!any.accounts) return listStored(ctx, opts);
  // Accounts written behind the services' back (a bulk load, a demo loader, an import that did not
  // call accountTouched) have no stored items. A few get them computed in a transaction that is
  // rolled back, so the list is right and the file is left as it was; many are only reported.
  let ids: number[];
  if (!any.items) {
    if ((await countRows(ctx.db, 'accounts')) > ON_THE_FLY_MAX) return listStored(ctx, opts);
    ids = await allAccountIds(ctx.db);
  } else {
    ids = await repo.unprocessedAccounts(ctx.db, ON_THE_FLY_PARTIAL);
    if (!ids.length) return listStored(ctx, opts);
    if (ids.length > ON_THE_FLY_PARTIAL) {
      const out = await listStored(ctx, opts);
      out.notes.push(`more than ${ON_THE_FLY_PARTIAL} accounts have no stored due items yet (loaded behind crm's back): run crm due --refresh`);
      return out;
    }
  }
  // The writes are rolled back whatever happens: the list is right and the file stays as it was.
  const out = await ctx.engine.dryRun(async (db) => {
    await repo.refreshActivityColumns(db, any.items ? ids : undefined);
    await adoptLegacySteps(db, ctx.clock.now(), any.items ? ids : undefined);
    await refreshDue(db, ids, ctx.config);
    return listStored({ ...ctx, db }, opts);
  });
  out.notes.push(`due items of ${ids.length} account${ids.length === 1 ? '' : 's'} computed on the fly: run crm due --refresh once to store them (faster)`);
  return out;
}

async function listStored(ctx: ServiceContext, opts: DueOptions): Promise<DueList> {
  const s = dueSettings(ctx.config);
  const today = ctx.clock.today();
  const days = opts.days ?? s.due.days;
  if (days < 0) throw new UsageError('--days must be 0 or more');
  const horizon = addDays(today, days);
  const limit = opts.limit ?? s.due.limit;
  const db = ctx.db;
  const u = s.due.urgency;
  const notes: string[] = [];

  // 1. the accounts' own items, stored on every write. Read in order of the highest urgency
  //    each can reach (index on cap) and stop once the rows left cannot beat the ones kept.
  let ownerId: number | undefined;
  if (opts.owner) ownerId = (await repo.repId(db, opts.owner)) ?? -1;

  const todayDay = dayNumber(today);
  const overdueTerm = (dueDay: number) => u.overdue.perDay * Math.max(u.overdue.minDays, Math.min(u.overdue.maxDays, todayDay - dueDay));
  const fatigued = await repo.fatiguedItems(db, { horizon, today, after: addDays(today, -s.due.fatigue.days), kinds: s.due.fatigue.kinds, ownerId });
  const fatiguedKeys = new Set(fatigued.map((f) => f.item_key));
  let total = (await repo.countDue(db, horizon, ownerId)) - fatigued.length;
  type Row = Awaited<ReturnType<typeof repo.dueItemsByCap>>[number];
  let best: { r: Row; u: number }[] = [];
  const byRank = (x: { r: Row; u: number }, y: { r: Row; u: number }) => y.u - x.u || x.r.due_on.localeCompare(y.r.due_on) || x.r.item_key.localeCompare(y.r.item_key);
  const BATCH = 500;
  for (let offset = 0; ; offset += BATCH) {
    const page = await repo.dueItemsByCap(db, { horizon, ownerId, offset, batch: BATCH });
    for (const r of page) if (!fatiguedKeys.has(r.item_key)) best.push({ r, u: r.base + overdueTerm(r.due_day) });
    best.sort(byRank);
    if (limit > 0) best = best.slice(0, limit);
    if (page.length < BATCH) break;
    // rows further on can reach at most the cap of this page's last row; a tie could still sort first
    if (limit > 0 && best.length >= limit && best[limit - 1]!.u > page[page.length - 1]!.cap + 1e-9) break;
  }
  const ownAccounts = await repo.accountsByIds(db, [...new Set(best.map((b) => b.r.account_id))]);
  const ownBy = new Map(ownAccounts.map((a) => [a.id, a]));
  const rows: (DueCandidate & { facts: UrgencyFactsRow | null })[] = [];
  for (const { r } of best) {
    const a = ownBy.get(r.account_id);
    if (!a) continue;
    rows.push({
      id: r.item_key,
      kind: r.kind as DueKind,
      accountId: r.account_id,
      contactId: r.contact_id,
      dueOn: r.due_on,
      appearOn: r.appear_on,
      reason: r.reason,
      action: r.action,
      facts: { name: a.name, tier: a.tier, strategic: !!a.strategic, valueScore: a.value_score, isCustomer: !!a.last_order_on, risk: r.risk, owner: a.owner },
    });
  }
  if (!rows.length) {
    const any = await repo.anyDueItems(db);
    if (!any.items && any.accounts) notes.push("no stored due items yet (rows were loaded behind crm's back): run crm due --refresh once");
  }
  const storedConfig = await getMeta(db, DUE_CONFIG_META);
  if (storedConfig !== undefined && storedConfig !== dueConfigJson(ctx.config))
    notes.push('the cadence/due/holiday config changed since the due items were stored: run crm due --refresh');

  // 2. birthdays and anniversaries near today (index range on month-day); names only for those shown
  const lead = Math.max(s.due.birthdays.leadDays, s.due.anniversaries.leadDays);
  const grace = Math.max(s.due.birthdays.graceDays, s.due.anniversaries.graceDays);
  const annual = await repo.annualInRanges(db, mdRanges(addDays(today, -grace), addDays(horizon, lead)), ownerId);
  const annualKept: { r: (typeof annual)[number]; c: DueCandidate; u: number }[] = [];
  for (const r of annual) {
    const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: null, source: r.source }, today, horizon, s);
    if (!c) continue;
    total++;
    annualKept.push({ r, c, u: r.base + overdueTerm(dayNumber(c.dueOn)) });
  }
  annualKept.sort((x, y) => y.u - x.u || x.c.dueOn.localeCompare(y.c.dueOn) || x.c.id.localeCompare(y.c.id));
  // done/snoozed ones drop out below; keep a margin for them
  const annualTop = limit > 0 ? annualKept.slice(0, limit * 2) : annualKept;
  if (annualTop.length) {
    const annualIds = [...new Set(annualTop.map((x) => x.r.account_id))];
    const [accounts, states, names] = await Promise.all([
      repo.accountsByIds(db, annualIds),
      repo.dueStates(db, annualIds),
      repo.contactNames(db, annualTop.map((x) => x.r.contact_id).filter((x): x is number => x !== null)),
    ]);
    const accBy = new Map(accounts.map((a) => [a.id, a]));
    const stateBy = new Map(states.map((x) => [x.item_key, x]));
    const nameBy = new Map(names.map((x) => [x.id, x.name]));
    for (const { r, c: c0 } of annualTop) {
      const a = accBy.get(r.account_id);
      const st = stateBy.get(c0.id);
      if (!a) continue;
      if (st?.status === 'done' || (st?.status === 'snoozed' && st.until && st.until > horizon)) {
        total--;
        continue;
      }
      const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: r.contact_id !== null ? nameBy.get(r.contact_id) ?? null : null, source: r.source }, today, horizon, s)!;
      const risk = Math.round((r.base - urgency({ kind: c.kind, overdueDays: 0, tier: a.tier, isCustomer: !!a.last_order_on, strategic: !!a.strategic, valueScore: a.value_score, riskSignals: 0 }, u).urgency) / (u.riskPerSignal || 1));
      rows.push({ ...c, facts: { name: a.name, tier: a.tier, strategic: !!a.strategic, valueScore: a.value_score, isCustomer: !!a.last_order_on, risk: Math.max(0, risk), owner: a.owner } });
    }
  }

  // 3. holiday greetings: one list-wide item per holiday; the contacts come from `crm greetings`
  let hol = await holidayOccurrences(s, addDays(today, -s.holidays.graceDays), addDays(horizon, s.holidays.leadDays));
  // only the holidays someone on the greeting list keeps (Spring Festival for Chinese contacts...)
  if (hol.length) hol = await (await import('../greetings.js')).holidaysWithAudience(ctx, hol);
  if (hol.length) {
    const wide = new Map((await repo.listWideStates(db)).map((r) => [r.item_key, r]));
    for (const h of hol) {
      const id = `holiday:${h.name}:${h.date.slice(0, 4)}`;
      const st = wide.get(id);
      const appear = addDays(h.date, -s.holidays.leadDays);
      if (appear > horizon || st?.status === 'done' || (st?.status === 'snoozed' && st.until && st.until > horizon)) continue;
      total++;
      rows.push({ id, kind: 'holiday', accountId: null, contactId: null, dueOn: h.date, appearOn: appear, reason: `${h.label} on ${h.date}: holiday greetings`, action: `${h.action}; the list: crm greetings --holiday ${h.name}`, facts: null });
    }
  }

  // 4. urgency with its terms, order, limit; people and phones only for the rows shown
  const scored = rows.map((c) => {
    const overdueDays = daysBetween(c.dueOn, today);
    const f = c.facts;
    const un = urgency({ kind: c.kind, overdueDays, tier: f?.tier ?? null, isCustomer: f ? f.isCustomer : true, strategic: f?.strategic ?? false, valueScore: f?.valueScore ?? null, riskSignals: f?.risk ?? 0 }, u);
    return { c, overdueDays, un };
  });
  scored.sort((x, y) => y.un.urgency - x.un.urgency || x.c.dueOn.localeCompare(y.c.dueOn) || x.c.id.localeCompare(y.c.id));
  const shown = limit > 0 ? scored.slice(0, limit) : scored;
  const shownAccounts = [...new Set(shown.map((x) => x.c.accountId).filter((x): x is number => x !== null))];
  const [people, phones] = await Promise.all([repo.contactsOf(db, shownAccounts), repo.phonesOf(db, shownAccounts)]);
  const contactsBy = group(people);
  const byContact = new Map<number, string>();
  const byAccount = new Map<number, string>();
  for (const p of phones) {
    if (p.contact_id !== null && !byContact.has(p.contact_id)) byContact.set(p.contact_id, p.value);
    if (!byAccount.has(p.account_id)) byAccount.set(p.account_id, p.value);
  }
  const items: DueItem[] = shown.map(({ c, overdueDays, un }) => {
    const ppl = c.accountId !== null ? contactsBy.get(c.accountId) ?? [] : [];
    const person = (c.contactId !== null ? ppl.find((p) => p.id === c.contactId) : undefined) ?? ppl[0];
    return {
      id: c.id,
      kind: c.kind,
      accountId: c.accountId,
      account: c.facts?.name ?? null,
      contactId: person?.id ?? null,
      contact: person?.name ?? null,
      phone: c.accountId !== null ? (person ? byContact.get(person.id) : undefined) ?? byAccount.get(c.accountId) ?? null : null,
      owner: c.facts?.owner ?? null,
      tier: c.facts?.tier ?? null,
      reason: c.reason,
      since: c.appearOn < c.dueOn ? c.appearOn : c.dueOn,
      dueOn: c.dueOn,
      overdueDays,
      action: c.action,
      urgency: un.urgency,
      terms: un.terms,
    };
  });

  const heldTotal = fatigued.length;
  const heldNames = new Map((await repo.accountsByIds(db, [...new Set(fatigued.slice(0, HELD_BACK_SHOWN).map((h) => h.account_id))])).map((a) => [a.id, a.name]));
  const heldBack: HeldBack[] = fatigued.slice(0, HELD_BACK_SHOWN).map((h) => {
    const ago = daysBetween(h.last_contact_on!, today);
    return {
      id: h.item_key,
      kind: h.kind as DueKind,
      accountId: h.account_id,
      account: heldNames.get(h.account_id) ?? '',
      lastContactOn: h.last_contact_on!,
      reason: `contacted ${ago === 0 ? 'today' : ago === 1 ? 'yesterday' : `${ago} days ago`} (${h.last_contact_on}): not pushed again within ${s.due.fatigue.days} days`,
    };
  });
  if (heldTotal) {
    const listed = heldBack.slice(0, 5).map((h) => `${h.account} ${h.kind}, ${h.reason}`).join('; ');
    notes.push(`held back ${heldTotal} item${heldTotal === 1 ? '' : 's'} (contact-fatigue guard): ${listed}${heldTotal > 5 ? `; and ${heldTotal - 5} more (see --format json)` : ''}`);
  }
  return { today, horizon, items, more: total - items.length, heldBack, heldBackTotal: heldTotal, notes };
}

interface UrgencyFactsRow {
  name: string;
  tier: string | null;
  strategic: boolean;
  valueScore: number | null;
  isCustomer: boolean;
  risk: number;
  owner: string | null;
}
