// `crm activity`: what happened in a period, for the weekly report to the boss — interactions,
// stage moves, deals won and lost, promises kept and broken, complaints opened and closed, new
// leads by source, with totals. Every event is one row of `events` (date, category, account,
// what, detail); the sections and totals are views of the same rows.
import * as q from '../db/queries/activity.js';
import { repExists } from '../db/queries/reports.js';
import { addDays } from '../domain/dates.js';
import { NotFoundError, UsageError } from '../domain/errors.js';
import { moneyConfig, requireRates, shownCurrency, toBase } from '../domain/money.js';
import type { ServiceContext } from './context.js';

export const ACTIVITY_CATEGORIES = ['interaction', 'stage', 'deal', 'promise', 'complaint', 'lead'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export interface ActivityEvent {
  /** date or timestamp of the event */
  at: string;
  category: ActivityCategory;
  /** what kind within the category: call, visit…; approach → qualify; won, lost; made, kept, broken, overdue; opened, resolved, closed; a lead source */
  type: string;
  accountId: number | null;
  account: string | null;
  what: string;
  detail: string | null;
  /** a deal's amount, in `currency` */
  amount: number | null;
  /** the amount's currency (null when there is no amount) */
  currency: string | null;
  by: string | null;
  ref: string;
}

export interface ActivityTotals {
  interactions: number;
  /** interactions per kind, most first */
  byKind: { kind: string; n: number }[];
  minutes: number;
  stageMoves: number;
  dealsWon: number;
  /** in `currency`, the base: each deal converted at the rate of the day it closed */
  wonAmount: number;
  dealsLost: number;
  lostAmount: number;
  /** the base currency the amounts are added up in */
  currency: string;
  promisesMade: number;
  promisesKept: number;
  promisesBroken: number;
  promisesOverdue: number;
  complaintsOpened: number;
  complaintsResolved: number;
  complaintsClosed: number;
  newLeads: number;
}

export interface ActivityReport {
  from: string;
  to: string;
  owner: string | null;
  /** when the period runs past today: the last day it holds (its events are those so far) */
  partialThrough: string | null;
  totals: ActivityTotals;
  /** new leads per source and campaign, most first */
  leadsBySource: { source: string; campaign: string | null; leads: number }[];
  events: ActivityEvent[];
}

export async function activityIn(ctx: ServiceContext, o: { from: string; to: string; owner?: string }): Promise<ActivityReport> {
  if (o.from > o.to) throw new UsageError(`the period starts (${o.from}) after it ends (${o.to})`);
  const db = ctx.db;
  if (o.owner !== undefined && !(await repExists(db, o.owner)))
    throw new NotFoundError(`no rep named "${o.owner}"`, 'reps are the owners of accounts: crm account list --owner NAME');
  const p = { from: o.from, to: o.to, toEnd: addDays(o.to, 1), owner: o.owner };
  const today = ctx.clock.today();
  const [ints, moves, deals, promises, complaints, leads] = await ctx.engine.readSnapshot(async (d) =>
    Promise.all([q.interactionsIn(d, p), q.stageMovesIn(d, p), q.dealsClosedIn(d, p), q.promisesIn(d, p, today), q.complaintsIn(d, p), q.newLeadsIn(d, p)]),
  );
  // Won and lost amounts are added up in the base currency: a deal's currency needs a rate.
  const money = moneyConfig(ctx.config);
  const priced = deals.filter((d) => d.amount !== null);
  requireRates(
    money,
    [...new Set(priced.map((d) => d.currency))].map((cur) => {
      const n = priced.filter((d) => d.currency === cur).length;
      return { currency: cur, where: `${n} deal${n === 1 ? '' : 's'}` };
    }),
  );
  const inBase = new Map(priced.map((d) => [d.id, toBase(money, d.amount!, d.currency, d.at!.slice(0, 10))]));
  const events: ActivityEvent[] = [];
  const push = (e: ActivityEvent) => events.push(e);
  for (const i of ints)
    push({
      at: i.at,
      category: 'interaction',
      type: i.kind,
      accountId: i.account_id,
      account: i.account,
      what: [i.stage ? `[${i.stage}]` : null, i.summary ?? i.kind].filter(Boolean).join(' '),
      detail: [i.contact ? `with ${i.contact}` : null, i.outcome ? `→ ${i.outcome}` : null, i.minutes ? `${i.minutes} min` : null].filter(Boolean).join(', ') || null,
      amount: null,
      currency: null,
      by: i.rep,
      ref: `interaction:${i.id}`,
    });
  for (const m of moves)
    push({
      at: m.at,
      category: 'stage',
      type: `${m.from_stage ?? 'new'} → ${m.to_stage}`,
      accountId: m.account_id,
      account: m.account,
      what: `deal "${m.title}" ${m.from_stage ?? 'new'} → ${m.to_stage}`,
      detail: [m.skipped ? `skipped ${m.skipped}` : null, m.forced ? 'moved back (forced)' : null, m.note].filter(Boolean).join(', ') || null,
      amount: null,
      currency: null,
      by: null,
      ref: `deal:${m.deal_id}`,
    });
  for (const d of deals)
    push({
      at: d.at!,
      category: 'deal',
      type: d.status,
      accountId: d.account_id,
      account: d.account,
      what: `${d.status}: ${d.title}`,
      detail: d.status === 'lost' ? [d.lost_reason ? `reason: ${d.lost_reason}` : null, d.competitor ? `competitor: ${d.competitor}` : null].filter(Boolean).join(', ') || null : null,
      amount: d.amount,
      currency: d.amount === null ? null : shownCurrency(money, d.currency),
      by: null,
      ref: `deal:${d.id}`,
    });
  for (const x of promises.made)
    push({
      at: x.created_at,
      category: 'promise',
      type: 'made',
      accountId: x.account_id,
      account: x.account,
      what: `made: ${x.what}`,
      detail: [x.to_whom ? `to ${x.to_whom}` : null, x.due_on ? `due ${x.due_on}` : null].filter(Boolean).join(', ') || null,
      amount: null,
      currency: null,
      by: x.made_by,
      ref: `promise:${x.id}`,
    });
  for (const x of promises.closed) {
    const type = x.status === 'open' ? 'overdue' : x.status;
    push({
      at: x.status === 'open' ? x.due_on! : x.done_at!,
      category: 'promise',
      type,
      accountId: x.account_id,
      account: x.account,
      what: `${type}: ${x.what}`,
      detail: [x.to_whom ? `to ${x.to_whom}` : null, x.due_on ? `due ${x.due_on}` : null].filter(Boolean).join(', ') || null,
      amount: null,
      currency: null,
      by: x.made_by,
      ref: `promise:${x.id}`,
    });
  }
  const inPeriod = (d: string | null) => d !== null && d >= p.from && d <= p.to;
  for (const c of complaints) {
    const base = { category: 'complaint' as const, accountId: c.account_id, account: c.account, amount: null, currency: null, by: null, ref: `complaint:${c.id}` };
    if (inPeriod(c.opened_on)) push({ ...base, at: c.opened_on, type: 'opened', what: `opened: ${c.summary}`, detail: c.severity ? `severity ${c.severity}` : null });
    if (inPeriod(c.resolved_on)) push({ ...base, at: c.resolved_on!, type: 'resolved', what: `resolved: ${c.summary}`, detail: c.resolution });
    if (inPeriod(c.feedback_on) && c.status === 'closed') push({ ...base, at: c.feedback_on!, type: 'closed', what: `closed: ${c.summary}`, detail: 'feedback given to the customer' });
  }
  const bySource = new Map<string, { source: string; campaign: string | null; leads: number }>();
  for (const l of leads) {
    const source = l.source ?? '(none)';
    const k = `${source}\u0000${l.campaign ?? ''}`;
    const g = bySource.get(k) ?? { source, campaign: l.campaign, leads: 0 };
    g.leads++;
    bySource.set(k, g);
    push({ at: l.at, category: 'lead', type: source, accountId: l.id, account: l.name, what: `new lead from ${source}`, detail: l.campaign, amount: null, currency: null, by: null, ref: `account:${l.id}` });
  }
  const leadsBySource = [...bySource.values()].sort((a, b) => b.leads - a.leads || a.source.localeCompare(b.source) || (a.campaign ?? '').localeCompare(b.campaign ?? ''));
  const rank = (c: ActivityCategory) => ACTIVITY_CATEGORIES.indexOf(c);
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : rank(a.category) - rank(b.category)));

  const count = (cat: ActivityCategory, type?: string) => events.filter((e) => e.category === cat && (type === undefined || e.type === type)).length;
  const sum = (type: 'won' | 'lost') => deals.filter((d) => d.status === type).reduce((t, d) => t + (inBase.get(d.id) ?? 0), 0);
  const kinds = new Map<string, number>();
  for (const i of ints) kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
  const totals: ActivityTotals = {
    interactions: ints.length,
    byKind: [...kinds].map(([kind, n]) => ({ kind, n })).sort((a, b) => b.n - a.n || a.kind.localeCompare(b.kind)),
    minutes: ints.reduce((t, i) => t + (i.minutes ?? 0), 0),
    stageMoves: moves.length,
    dealsWon: count('deal', 'won'),
    wonAmount: sum('won'),
    dealsLost: count('deal', 'lost'),
    lostAmount: sum('lost'),
    currency: money.base,
    promisesMade: count('promise', 'made'),
    promisesKept: count('promise', 'kept'),
    promisesBroken: count('promise', 'broken'),
    promisesOverdue: count('promise', 'overdue'),
    complaintsOpened: count('complaint', 'opened'),
    complaintsResolved: count('complaint', 'resolved'),
    complaintsClosed: count('complaint', 'closed'),
    newLeads: leadsBySource.reduce((t, l) => t + l.leads, 0),
  };
  // A period not over yet holds only the days so far: say so, or "May" reads as a whole month.
  const partialThrough = p.to > today ? today : null;
  return { from: p.from, to: p.to, owner: o.owner ?? null, partialThrough, totals, leadsBySource, events };
}
