// The daily due list: merges every source of domain.md into one list ordered by urgency.
// Read path: accounts whose stored next_due_on is near (one index range) plus birthdays and
// anniversaries by month-day (another index range) plus the holiday calendar. Nothing here writes
// except done/snooze/refresh, which go through inTransaction.
import type { Db } from '../db/connection.js';
import * as repo from '../db/repositories/due.js';
import type { Config } from '../domain/config.js';
import { addDays, daysBetween } from '../domain/dates.js';
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
import { holidaysBetween, needsLunar, type HolidayDef, type HolidayOccurrence } from '../domain/holidays.js';
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

/**
 * Recomputes accounts.next_due_on and the annual dates of these accounts. Called by
 * accountTouched after every write that concerns an account.
 */
export async function refreshDue(db: Db, ids: readonly number[], config: Config): Promise<void> {
  if (!ids.length) return;
  const s = dueSettings(config);
  const accounts = await repo.accountsByIds(db, ids);
  const { inputs } = await loadInputs(db, accounts);
  for (const input of inputs) {
    const next = nextDueOn(accountCandidates(input, s));
    await db.updateTable('accounts').set({ next_due_on: next }).where('id', '=', input.account.id).execute();
  }
  await repo.rebuildAnnualDates(db, ids);
}

/** Recomputes every account's stored due date (after a config change or a bulk load). */
export async function refreshAllDue(ctx: ServiceContext): Promise<number> {
  // Rows loaded behind the services' back (bulk loads, other tools) may have left these stale too.
  await inTransaction(ctx, (t) =>
    t.db
      .updateTable('accounts')
      .set((eb) => ({
        last_contact_on: eb.fn('substr', [eb.selectFrom('interactions').select((e) => e.fn.max('occurred_at').as('m')).whereRef('interactions.account_id', '=', 'accounts.id'), eb.lit(1), eb.lit(10)]),
        last_order_on: eb.selectFrom('orders').select((e) => e.fn.max('ordered_on').as('m')).whereRef('orders.account_id', '=', 'accounts.id'),
      }))
      .execute(),
  );
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

async function lunarIfNeeded(defs: readonly HolidayDef[]) {
  if (!needsLunar(defs)) return undefined;
  const { loadLunar } = await import('../domain/lunar.js');
  return loadLunar();
}

export async function holidayOccurrences(s: DueSettings, from: string, to: string): Promise<HolidayOccurrence[]> {
  return holidaysBetween(s.holidays.list, from, to, await lunarIfNeeded(s.holidays.list));
}

export async function listDue(ctx: ServiceContext, opts: DueOptions = {}): Promise<DueList> {
  const s = dueSettings(ctx.config);
  const today = ctx.clock.today();
  const days = opts.days ?? s.due.days;
  if (days < 0) throw new UsageError('--days must be 0 or more');
  const horizon = addDays(today, days);
  const db = ctx.db;

  // 1. accounts with an item of their own due by the horizon (index range on next_due_on)
  const dueAccounts = await repo.accountsDueBy(db, horizon, opts.owner);
  // 2. birthdays and anniversaries near today (index range on month-day)
  const lead = Math.max(s.due.birthdays.leadDays, s.due.anniversaries.leadDays);
  const grace = Math.max(s.due.birthdays.graceDays, s.due.anniversaries.graceDays);
  const annual = await repo.annualInRanges(db, mdRanges(addDays(today, -grace), addDays(horizon, lead)), opts.owner);
  const byId = new Map(dueAccounts.map((a) => [a.id, a]));
  const missing = [...new Set(annual.map((r) => r.account_id))].filter((id) => !byId.has(id));
  for (const a of await repo.accountsByIds(db, missing)) byId.set(a.id, a);
  const all = [...byId.values()];

  const { inputs, complaintsOpen } = await loadInputs(db, all);
  const inputBy = new Map(inputs.map((i) => [i.account.id, i]));
  const dueIds = new Set(dueAccounts.map((a) => a.id));
  const candidates: DueCandidate[] = [];
  for (const input of inputs) {
    if (!dueIds.has(input.account.id)) continue;
    for (const c of accountCandidates(input, s)) if (c.appearOn <= horizon) candidates.push(c);
  }
  for (const r of annual) {
    const c = annualCandidate(
      { id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: r.contact_name },
      today,
      horizon,
      s,
    );
    const st = c ? inputBy.get(r.account_id)?.states.get(c.id) : undefined;
    if (!c || st?.status === 'done') continue;
    if (st?.status === 'snoozed' && st.until && st.until > horizon) continue;
    candidates.push(c);
  }
  // 3. holiday greetings: one list-wide item per holiday, the contacts come from `crm greetings`
  const hol = await holidayOccurrences(s, addDays(today, -s.holidays.graceDays), addDays(horizon, s.holidays.leadDays));
  const wide = new Map((await repo.listWideStates(db)).map((r) => [r.item_key, r]));
  for (const h of hol) {
    const id = `holiday:${h.name}:${h.date.slice(0, 4)}`;
    const st = wide.get(id);
    const appear = addDays(h.date, -s.holidays.leadDays);
    if (appear > horizon || st?.status === 'done' || (st?.status === 'snoozed' && st.until && st.until > horizon)) continue;
    candidates.push({ id, kind: 'holiday', accountId: null, contactId: null, dueOn: h.date, appearOn: appear, reason: `${h.label} on ${h.date}: holiday greetings`, action: `${h.action}; the list: crm greetings --holiday ${h.name}` });
  }

  // 4. contact-fatigue guard, urgency, order
  const contactsBy = group(await repo.contactsOf(db, all.map((a) => a.id)));
  const phones = await repo.phonesOf(db, all.map((a) => a.id));
  const byContact = new Map<number, string>();
  const byAccount = new Map<number, string>();
  for (const p of phones) {
    if (p.contact_id !== null && !byContact.has(p.contact_id)) byContact.set(p.contact_id, p.value);
    if (!byAccount.has(p.account_id)) byAccount.set(p.account_id, p.value);
  }
  const phoneOf = (accountId: number, contactId: number | null) =>
    (contactId !== null ? byContact.get(contactId) : undefined) ?? byAccount.get(accountId) ?? null;
  const heldBack: HeldBack[] = [];
  const items: DueItem[] = [];
  for (const c of candidates) {
    const input = c.accountId !== null ? inputBy.get(c.accountId) : undefined;
    const a = c.accountId !== null ? byId.get(c.accountId) : undefined;
    if (input && a?.last_contact_on && s.due.fatigue.kinds.includes(c.kind)) {
      const ago = daysBetween(a.last_contact_on, today);
      if (ago >= 0 && ago < s.due.fatigue.days) {
        heldBack.push({ id: c.id, kind: c.kind, accountId: a.id, account: a.name, lastContactOn: a.last_contact_on, reason: `contacted ${ago === 0 ? 'today' : ago === 1 ? 'yesterday' : `${ago} days ago`} (${a.last_contact_on}): not pushed again within ${s.due.fatigue.days} days` });
        continue;
      }
    }
    const overdueDays = daysBetween(c.dueOn, today);
    const u = urgency(
      {
        kind: c.kind,
        overdueDays,
        tier: a?.tier ?? null,
        isCustomer: !!a?.last_order_on || !a,
        strategic: !!a?.strategic,
        valueScore: a?.value_score ?? null,
        riskSignals: input ? riskSignals(input, complaintsOpen.get(input.account.id) ?? 0) : 0,
      },
      s.due.urgency,
    );
    const people = c.accountId !== null ? contactsBy.get(c.accountId) ?? [] : [];
    const person = (c.contactId !== null ? people.find((p) => p.id === c.contactId) : undefined) ?? people[0];
    items.push({
      id: c.id,
      kind: c.kind,
      accountId: c.accountId,
      account: a?.name ?? null,
      contactId: person?.id ?? null,
      contact: person?.name ?? null,
      phone: c.accountId !== null ? phoneOf(c.accountId, person?.id ?? null) : null,
      owner: a?.owner ?? null,
      tier: a?.tier ?? null,
      reason: c.reason,
      since: c.appearOn < c.dueOn ? c.appearOn : c.dueOn,
      dueOn: c.dueOn,
      overdueDays,
      action: c.action,
      urgency: u.urgency,
      terms: u.terms,
    });
  }
  items.sort((x, y) => y.urgency - x.urgency || x.dueOn.localeCompare(y.dueOn) || x.id.localeCompare(y.id));
  heldBack.sort((x, y) => x.id.localeCompare(y.id));
  const limit = opts.limit ?? s.due.limit;
  const shown = limit > 0 ? items.slice(0, limit) : items;
  const notes: string[] = [];
  if (heldBack.length)
    notes.push(`held back ${heldBack.length} item${heldBack.length === 1 ? '' : 's'} (contact-fatigue guard): ${heldBack.map((h) => `${h.account} ${h.kind}, ${h.reason}`).join('; ')}`);
  return { today, horizon, items: shown, more: items.length - shown.length, heldBack, notes };
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
