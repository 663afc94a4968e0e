// The daily due list: merges every source of domain.md into one list ordered by urgency.
// Read path: accounts whose stored next_due_on is near (one index range) plus birthdays and
// anniversaries by month-day (another index range) plus the holiday calendar. Nothing here writes
// except done/snooze/refresh, which go through inTransaction.
import type { Db } from '../db/connection.js';
import * as repo from '../db/repositories/due.js';
import { DEFAULT_CONFIG, mergeConfig, type Config } from '../domain/config.js';
import { addDays, dateToMs, daysBetween } from '../domain/dates.js';
import {
  accountCandidates,
  annualCandidate,
  dueSettings,
  mdRanges,
  nextDueOn,
  urgency,
  type AccountDueInput,
  type DueCandidate,
  type DueKind,
  type DueSettings,
  type DueStateFacts,
  type UrgencyTerm,
} from '../domain/due.js';
import { NotFoundError, UsageError } from '../domain/errors.js';
import { holidaysBetween, lunarMayFallIn, needsLunar, type HolidayDef, type HolidayOccurrence } from '../domain/holidays.js';
import { inTransaction, type ServiceContext } from './context.js';

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

type AccountRow = repo.AccountDueRow;

function facts(a: AccountRow) {
  return {
    id: a.id,
    name: a.name,
    tier: a.tier,
    valueScore: a.value_score,
    leadScore: a.lead_score,
    strategic: !!a.strategic,
    ladder: a.ladder,
    lastContactOn: a.last_contact_on,
    lastOrderOn: a.last_order_on,
    createdOn: a.created_at.slice(0, 10),
    owner: a.owner,
  };
}

function group<T extends { account_id: number | null }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    if (r.account_id === null) continue;
    let l = m.get(r.account_id);
    if (!l) m.set(r.account_id, (l = []));
    l.push(r);
  }
  return m;
}

type InteractionRow = Awaited<ReturnType<typeof repo.latestInteractions>>[number];
const interactionFacts = (i: InteractionRow) => ({
  id: i.id,
  occurredOn: i.occurred_at.slice(0, 10),
  kind: i.kind,
  stage: i.stage,
  summary: i.summary,
  outcome: i.outcome,
  nextStep: i.next_step,
  nextDue: i.next_due,
  details: i.details,
  contactId: i.contact_id,
});

export interface LoadedInputs {
  inputs: AccountDueInput[];
  complaintsOpen: Map<number, number>;
}

/** Everything accountCandidates needs for a set of accounts, in a few batched queries. */
export async function loadInputs(db: Db, accounts: AccountRow[]): Promise<LoadedInputs> {
  const ids = accounts.map((a) => a.id);
  const [latest, onboard, promises, complaints, deals, states, churn] = await Promise.all([
    repo.latestInteractions(db, ids),
    repo.latestOnboardInteractions(db, ids),
    repo.openPromises(db, ids),
    repo.openComplaints(db, ids),
    repo.openDeals(db, ids),
    repo.dueStates(db, ids),
    repo.openChurnSignals(db, ids),
  ]);
  const latestBy = new Map(latest.map((i) => [i.account_id, i]));
  const onboardBy = new Map(onboard.map((i) => [i.account_id, i])); // ascending, so the last wins
  const promisesBy = group(promises);
  const complaintsBy = group(complaints);
  const dealsBy = group(deals);
  const statesBy = group(states);
  const churnBy = new Map(churn.map((c) => [c.account_id, Number(c.n)]));
  const complaintsOpen = new Map<number, number>();
  const inputs = accounts.map((a): AccountDueInput => {
    const cs = complaintsBy.get(a.id) ?? [];
    const unresolved = cs.filter((c) => !c.resolved_on && c.status !== 'resolved').length;
    complaintsOpen.set(a.id, unresolved);
    const lt = latestBy.get(a.id);
    const ob = onboardBy.get(a.id);
    return {
      account: facts(a),
      latest: lt ? interactionFacts(lt) : null,
      onboard: ob ? interactionFacts(ob) : null,
      promises: (promisesBy.get(a.id) ?? []).map((p) => ({ id: p.id, what: p.what, dueOn: p.due_on, madeBy: p.made_by, contactId: p.contact_id })),
      complaints: cs.map((c) => ({
        id: c.id,
        summary: c.summary,
        severity: c.severity,
        status: c.status,
        openedOn: c.opened_on,
        acknowledgedOn: c.acknowledged_on,
        resolvedOn: c.resolved_on,
        feedbackOn: c.feedback_on,
        contactId: c.contact_id,
      })),
      deals: (dealsBy.get(a.id) ?? []).map((d) => {
        const entered = d.stage_entered_at.slice(0, 10);
        const last = d.last_activity ? String(d.last_activity).slice(0, 10) : null;
        return { id: d.id, title: d.title, stage: d.stage, amount: d.amount, expectedClose: d.expected_close, idleSince: last && last > entered ? last : entered };
      }),
      states: new Map((statesBy.get(a.id) ?? []).map((s) => [s.item_key, { status: s.status, until: s.until, at: s.at } as DueStateFacts])),
      churnSignals: churnBy.get(a.id) ?? 0,
    };
  });
  return { inputs, complaintsOpen };
}

const DUE_SECTIONS = ['cadence', 'due', 'holidays', 'stages'] as const;

/** The due-relevant part of a config, as stored in meta 'due.config' by `crm due --refresh`. */
export function dueConfigJson(config: Config): string {
  return JSON.stringify(Object.fromEntries(DUE_SECTIONS.map((k) => [k, config[k] ?? null])));
}

/** Writers that pass no config (other services' accountTouched calls) use the config of the last refresh. */
async function storedDueConfig(db: Db): Promise<Config> {
  const raw = await repo.getMeta(db, 'due.config');
  if (!raw) return DEFAULT_CONFIG;
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return mergeConfig(DEFAULT_CONFIG, Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null)));
  } catch {
    return DEFAULT_CONFIG;
  }
}

/**
 * Recomputes the stored due items, accounts.next_due_on and the annual dates of these accounts.
 * Called by accountTouched after every write that concerns an account.
 */
export async function refreshDue(db: Db, ids: readonly number[], configIn?: Config): Promise<void> {
  if (!ids.length) return;
  const config = configIn ?? (await storedDueConfig(db));
  const s = dueSettings(config);
  const u = s.due.urgency;
  await repo.inChunks(ids, async (chunk) => {
    const accounts = (await repo.accountsByIds(db, chunk)).filter((a) => a.archived_at === null);
    const { inputs, complaintsOpen } = await loadInputs(db, accounts);
    const accBy = new Map(accounts.map((a) => [a.id, a]));
    if (await repo.anyRowsInIdRange(db, 'due_items', chunk)) await db.deleteFrom('due_items').where('account_id', 'in', chunk).execute();
    const rows = [];
    // accounts grouped by their new next_due_on: a fresh batch of leads mostly shares one date
    const byNext = new Map<string | null, number[]>();
    for (const input of inputs) {
      const a = accBy.get(input.account.id)!;
      const items = accountCandidates(input, s);
      const risk = riskSignals(input, complaintsOpen.get(a.id) ?? 0);
      for (const c of items) {
        const base = urgency({ kind: c.kind, overdueDays: 0, tier: a.tier, isCustomer: !!a.last_order_on, strategic: !!a.strategic, valueScore: a.value_score, riskSignals: risk }, u).urgency;
        rows.push({
          item_key: c.id,
          account_id: a.id,
          kind: c.kind,
          contact_id: c.contactId,
          due_on: c.dueOn,
          due_day: dayNumber(c.dueOn),
          appear_on: c.appearOn,
          reason: c.reason,
          action: c.action,
          risk,
          owner_id: a.owner_id,
          last_contact_on: a.last_contact_on,
          base,
          cap: base + u.overdue.perDay * u.overdue.maxDays,
        });
      }
      const next = nextDueOn(items);
      if (next !== a.next_due_on) {
        const group = byNext.get(next);
        if (group) group.push(a.id);
        else byNext.set(next, [a.id]);
      }
    }
    for (const [next, group] of byNext) {
      for (let i = 0; i < group.length; i += 500) await db.updateTable('accounts').set({ next_due_on: next }).where('id', 'in', group.slice(i, i + 500)).execute();
    }
    for (let i = 0; i < rows.length; i += 40) await db.insertInto('due_items').values(rows.slice(i, i + 40)).execute();
    const riskBy = new Map(inputs.map((i) => [i.account.id, riskSignals(i, complaintsOpen.get(i.account.id) ?? 0)]));
    await repo.rebuildAnnualDates(db, chunk, (accountId, kind) => {
      const a = accBy.get(accountId);
      if (!a) return undefined;
      const k = kind === 'birthday' ? 'birthday' : 'anniversary';
      return urgency({ kind: k, overdueDays: 0, tier: a.tier, isCustomer: !!a.last_order_on, strategic: !!a.strategic, valueScore: a.value_score, riskSignals: riskBy.get(accountId) ?? 0 }, u).urgency;
    });
    return [];
  });
}

const dayNumber = (iso: string) => Math.round(dateToMs(iso) / 86_400_000);

/**
 * After a bulk change of tiers or value scores (the value refresh), brings the stored urgency of the
 * due list in line: two set-based statements, no per-account work. Pass the accounts that changed
 * when only a few did. The config is the session's, else the one of the last `crm due --refresh`.
 */
export async function refreshDueUrgency(db: Db, configIn?: Config, accountIds?: readonly number[]): Promise<void> {
  if (accountIds && !accountIds.length) return;
  const u = dueSettings(configIn ?? (await storedDueConfig(db))).due.urgency;
  const p = { kindPoints: u.kind, tierPoints: u.tier, strategic: u.strategic, valuePerPoint: u.valuePerPoint, riskPerSignal: u.riskPerSignal, riskMaxSignals: u.riskMaxSignals, overdueCap: u.overdue.perDay * u.overdue.maxDays };
  if (!accountIds) return repo.updateBases(db, p);
  for (let i = 0; i < accountIds.length; i += 500) await repo.updateBases(db, p, accountIds.slice(i, i + 500));
}

/** last_contact_on and last_order_on of every account from its rows, in one statement. */
async function refreshActivityColumns(db: Db, ids?: readonly number[]): Promise<void> {
  if (ids) {
    for (let i = 0; i < ids.length; i += 500) await activityUpdate(db).where('id', 'in', ids.slice(i, i + 500)).execute();
    return;
  }
  await activityUpdate(db).execute();
}

function activityUpdate(db: Db) {
  return db
    .updateTable('accounts')
    .set((eb) => ({
      last_contact_on: eb.fn('substr', [eb.selectFrom('interactions').select((e) => e.fn.max('occurred_at').as('m')).whereRef('interactions.account_id', '=', 'accounts.id'), eb.lit(1), eb.lit(10)]),
      last_order_on: eb.selectFrom('orders').select((e) => e.fn.max('ordered_on').as('m')).whereRef('orders.account_id', '=', 'accounts.id'),
    }));
}

/** Recomputes every account's stored due date (after a config change or a bulk load). */
export async function refreshAllDue(ctx: ServiceContext): Promise<number> {
  // Rows loaded behind the services' back (bulk loads, other tools) may have left these stale too.
  await inTransaction(ctx, (t) => refreshActivityColumns(t.db));
  await inTransaction(ctx, (t) => repo.setMeta(t.db, 'due.config', dueConfigJson(ctx.config)));
  const ids = (await ctx.db.selectFrom('accounts').select('id').execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 2000) {
    await inTransaction(ctx, (t) => refreshDue(t.db, ids.slice(i, i + 2000), ctx.config));
  }
  return ids.length;
}

function riskSignals(input: AccountDueInput, complaintsOpen: number): number {
  const ladder = input.account.ladder?.toLowerCase() ?? '';
  return input.churnSignals + (complaintsOpen > 0 ? 1 : 0) + (ladder === 'dormant' || ladder === 'defector' ? 1 : 0);
}

async function lunarIfNeeded(defs: readonly HolidayDef[], from: string, to: string) {
  if (!needsLunar(defs) || !defs.some((d) => d.lunar && lunarMayFallIn(d.lunar, from, to))) return undefined;
  const { loadLunar } = await import('../domain/lunar.js');
  return loadLunar();
}

export async function holidayOccurrences(s: DueSettings, from: string, to: string): Promise<HolidayOccurrence[]> {
  return holidaysBetween(s.holidays.list, from, to, await lunarIfNeeded(s.holidays.list, from, to));
}

const HELD_BACK_SHOWN = 200;

const ON_THE_FLY_MAX = 20_000;
const ON_THE_FLY_PARTIAL = 5_000;
class RollBack extends Error {}

export async function listDue(ctx: ServiceContext, opts: DueOptions = {}): Promise<DueList> {
  const any = await repo.anyDueItems(ctx.db);
  if (!any.accounts) return listStored(ctx, opts);
  // Accounts written behind the services' back (a bulk load, a demo loader, an import that did not
  // call accountTouched) have no stored items. A few get them computed in a transaction that is
  // rolled back, so the list is right and the file is left as it was; many are only reported.
  let ids: number[];
  if (!any.items) {
    const n = Number((await ctx.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    if (n > ON_THE_FLY_MAX) return listStored(ctx, opts);
    ids = (await ctx.db.selectFrom('accounts').select('id').execute()).map((r) => r.id);
  } else {
    ids = await repo.unprocessedAccounts(ctx.db, ON_THE_FLY_PARTIAL);
    if (!ids.length) return listStored(ctx, opts);
    if (ids.length > ON_THE_FLY_PARTIAL) {
      const out = await listStored(ctx, opts);
      out.notes.push(`more than ${ON_THE_FLY_PARTIAL} accounts have no stored due items yet (loaded behind crm's back): run crm due --refresh`);
      return out;
    }
  }
  let out: DueList | undefined;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await refreshActivityColumns(trx, any.items ? ids : undefined);
      await refreshDue(trx, ids, ctx.config);
      out = await listStored({ ...ctx, db: trx }, opts);
      throw new RollBack();
    });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  }
  out!.notes.push(`due items of ${ids.length} account${ids.length === 1 ? '' : 's'} computed on the fly: run crm due --refresh once to store them (faster)`);
  return out!;
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
  const storedConfig = await repo.getMeta(db, 'due.config');
  if (storedConfig !== undefined && storedConfig !== dueConfigJson(ctx.config))
    notes.push('the cadence/due/holiday config changed since the due items were stored: run crm due --refresh');

  // 2. birthdays and anniversaries near today (index range on month-day); names only for those shown
  const lead = Math.max(s.due.birthdays.leadDays, s.due.anniversaries.leadDays);
  const grace = Math.max(s.due.birthdays.graceDays, s.due.anniversaries.graceDays);
  const annual = await repo.annualInRanges(db, mdRanges(addDays(today, -grace), addDays(horizon, lead)), ownerId);
  const annualKept: { r: (typeof annual)[number]; c: DueCandidate; u: number }[] = [];
  for (const r of annual) {
    const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: null }, today, horizon, s);
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
      const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: r.contact_id !== null ? nameBy.get(r.contact_id) ?? null : null }, today, horizon, s)!;
      const risk = Math.round((r.base - urgency({ kind: c.kind, overdueDays: 0, tier: a.tier, isCustomer: !!a.last_order_on, strategic: !!a.strategic, valueScore: a.value_score, riskSignals: 0 }, u).urgency) / (u.riskPerSignal || 1));
      rows.push({ ...c, facts: { name: a.name, tier: a.tier, strategic: !!a.strategic, valueScore: a.value_score, isCustomer: !!a.last_order_on, risk: Math.max(0, risk), owner: a.owner } });
    }
  }

  // 3. holiday greetings: one list-wide item per holiday; the contacts come from `crm greetings`
  let hol = await holidayOccurrences(s, addDays(today, -s.holidays.graceDays), addDays(horizon, s.holidays.leadDays));
  // only the holidays someone on the greeting list keeps (Spring Festival for Chinese contacts...)
  if (hol.length) hol = await (await import('./greetings.js')).holidaysWithAudience(ctx, hol);
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

// ---- done / snooze -------------------------------------------------------------------------

const ITEM_ID = /^([a-z-]+):(.+)$/;

/** Checks an item id against what the data holds, returning the account it belongs to (or null). */
async function resolveItem(ctx: ServiceContext, id: string): Promise<{ accountId: number | null }> {
  const m = ITEM_ID.exec(id.trim());
  if (!m) throw new UsageError(`"${id}" is not a due item id (like promise:12:3 or cadence:12); see crm due`);
  const kind = m[1]!;
  const rest = m[2]!.split(':');
  const s = dueSettings(ctx.config);
  if (kind === 'holiday') {
    const name = rest[0];
    if (!s.holidays.list.some((h) => h.name === name)) throw new NotFoundError(`no holiday "${name}" in the calendar`, `holidays: ${s.holidays.list.map((h) => h.name).join(', ')}`);
    if (!/^\d{4}$/.test(rest[1] ?? '')) throw new UsageError(`"${id}": a holiday item is holiday:NAME:YEAR`);
    return { accountId: null };
  }
  const accountId = Number(rest[0]);
  if (!Number.isInteger(accountId)) throw new UsageError(`"${id}" is not a due item id; see crm due`);
  const accounts = await repo.accountsByIds(ctx.db, [accountId]);
  if (!accounts.length) throw new NotFoundError(`no due item ${id}: account ${accountId} not found`);
  const today = ctx.clock.today();
  const { inputs } = await loadInputs(ctx.db, accounts);
  const states = inputs[0]!.states;
  inputs[0]!.states = new Map(); // the item may be snoozed or done already: still a known item
  const known = new Set(accountCandidates(inputs[0]!, s).map((c) => c.id));
  inputs[0]!.states = states;
  if (kind === 'birthday' || kind === 'anniversary') {
    const annual = await ctx.db.selectFrom('annual_dates').leftJoin('contacts', 'contacts.id', 'annual_dates.contact_id').select(['annual_dates.id', 'annual_dates.account_id', 'annual_dates.contact_id', 'annual_dates.kind', 'annual_dates.date', 'annual_dates.label', 'contacts.name']).where('annual_dates.account_id', '=', accountId).execute();
    for (const r of annual) {
      const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: r.name }, today, addDays(today, 366), s);
      if (c) known.add(c.id);
    }
  }
  if (!known.has(id.trim())) throw new NotFoundError(`no due item ${id}`, 'copy the id from crm due');
  return { accountId };
}

export async function markDone(ctx: ServiceContext, id: string): Promise<{ id: string; accountId: number | null }> {
  return inTransaction(ctx, async (t) => {
    const { accountId } = await resolveItem(t, id);
    const key = id.trim();
    const row = { item_key: key, status: 'done' as const, until: null, at: t.clock.now(), account_id: accountId };
    await t.db.insertInto('due_state').values(row).onConflict((oc) => oc.column('item_key').doUpdateSet({ status: 'done', until: null, at: row.at, account_id: accountId })).execute();
    if (accountId !== null) await refreshDue(t.db, [accountId], t.config);
    return { id: key, accountId };
  });
}

export async function snooze(ctx: ServiceContext, id: string, until: string): Promise<{ id: string; accountId: number | null; until: string }> {
  if (until <= ctx.clock.today()) throw new UsageError(`--until must be after today (${ctx.clock.today()})`);
  return inTransaction(ctx, async (t) => {
    const { accountId } = await resolveItem(t, id);
    const key = id.trim();
    const row = { item_key: key, status: 'snoozed' as const, until, at: t.clock.now(), account_id: accountId };
    await t.db.insertInto('due_state').values(row).onConflict((oc) => oc.column('item_key').doUpdateSet({ status: 'snoozed', until, at: row.at, account_id: accountId })).execute();
    if (accountId !== null) await refreshDue(t.db, [accountId], t.config);
    return { id: key, accountId, until };
  });
}
