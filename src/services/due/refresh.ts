// Refreshing the stored due list: every write that concerns an account recomputes its items,
// next due date and annual dates here (accountTouched), so reading the list is a few index ranges.
import type { Db } from '../../db/engine.js';
import { getMeta, setMeta } from '../../db/meta.js';
import { allAccountIds } from '../../db/repositories/accounts.js';
import * as repo from '../../db/repositories/due.js';
import { openDatedSteps } from '../../db/repositories/next-steps.js';
import { DEFAULT_CONFIG, mergeConfig, type Config } from '../../domain/config.js';
import { dateToMs } from '../../domain/dates.js';
import { accountCandidates, dueSettings, nextDueOn, urgency, type AccountDueInput, type DueStateFacts } from '../../domain/due.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { adoptLegacySteps } from '../next-steps-legacy.js';

export type AccountRow = repo.AccountDueRow;

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

export function group<T extends { account_id: number | null }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    if (r.account_id === null) continue;
    let l = m.get(r.account_id);
    if (!l) m.set(r.account_id, (l = []));
    l.push(r);
  }
  return m;
}

type InteractionRow = Awaited<ReturnType<typeof repo.latestOnboardInteractions>>[number];
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
  const [steps, onboard, promises, complaints, deals, states, churn] = await Promise.all([
    openDatedSteps(db, ids),
    repo.latestOnboardInteractions(db, ids),
    repo.openPromises(db, ids),
    repo.openComplaints(db, ids),
    repo.openDeals(db, ids),
    repo.dueStates(db, ids),
    repo.openChurnSignals(db, ids),
  ]);
  const stepsBy = group(steps);
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
    const ob = onboardBy.get(a.id);
    return {
      account: facts(a),
      nextSteps: (stepsBy.get(a.id) ?? []).map((n) => ({
        id: n.id,
        kind: n.kind,
        what: n.what,
        dueOn: n.due_on,
        contactId: n.contact_id,
        createdOn: n.created_at.slice(0, 10),
        source: n.source_at ? { kind: n.source_kind!, occurredOn: n.source_at.slice(0, 10), stage: n.source_stage, outcome: n.source_outcome, details: n.source_details } : null,
        complaint: n.complaint,
      })),
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
/** meta key of the due-relevant config the stored items were computed with */
export const DUE_CONFIG_META = 'due.config';

/** The due-relevant part of a config, as stored in meta 'due.config' by `crm due --refresh`. */
export function dueConfigJson(config: Config): string {
  return JSON.stringify(Object.fromEntries(DUE_SECTIONS.map((k) => [k, config[k] ?? null])));
}

/** Writers that pass no config (other services' accountTouched calls) use the config of the last refresh. */
async function storedDueConfig(db: Db): Promise<Config> {
  const raw = await getMeta(db, DUE_CONFIG_META);
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
    if (await repo.anyRowsInIdRange(db, 'due_items', chunk)) await repo.deleteDueItems(db, chunk);
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
          hide_from: c.hideFrom ?? null,
        });
      }
      const next = nextDueOn(items);
      if (next !== a.next_due_on) {
        const group = byNext.get(next);
        if (group) group.push(a.id);
        else byNext.set(next, [a.id]);
      }
    }
    for (const [next, group] of byNext) await repo.setNextDue(db, next, group);
    await repo.insertDueItems(db, rows);
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

export const dayNumber = (iso: string) => Math.round(dateToMs(iso) / 86_400_000);

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

/** Recomputes every account's stored due date (after a config change or a bulk load). */
export async function refreshAllDue(ctx: ServiceContext): Promise<number> {
  // Rows loaded behind the services' back (bulk loads, other tools) may have left these stale too.
  await inTransaction(ctx, (t) => repo.refreshActivityColumns(t.db));
  await inTransaction(ctx, async (t) => {
    // steps of earlier versions becoming rows: an upgrade of stored data, not a change to undo
    await t.engine.history.pause(t.db);
    return adoptLegacySteps(t.db, t.clock.now());
  });
  await inTransaction(ctx, (t) => setMeta(t.db, DUE_CONFIG_META, dueConfigJson(ctx.config)));
  const ids = await allAccountIds(ctx.db);
  for (let i = 0; i < ids.length; i += 2000) {
    await inTransaction(ctx, (t) => refreshDue(t.db, ids.slice(i, i + 2000), ctx.config));
  }
  return ids.length;
}

export function riskSignals(input: AccountDueInput, complaintsOpen: number): number {
  const ladder = input.account.ladder?.toLowerCase() ?? '';
  return input.churnSignals + (complaintsOpen > 0 ? 1 : 0) + (ladder === 'dormant' || ladder === 'defector' ? 1 : 0);
}
