// Set-based aggregates for the value services: one GROUP BY per table, never a query per account.
// Time windows arrive as ISO date bounds computed by the caller, so the SQL stays portable.
import { sql } from 'kysely';
import type { Db } from '../connection.js';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface AccountRow {
  id: number;
  name: string;
  created_at: string;
  employees: number | null;
  industry: string | null;
  source: string | null;
  expected_demand: number | null;
  potential: string | null;
  strategic: number;
  key_face: string | null;
  referred_by_id: number | null;
  value_score: number | null;
  lead_score: number | null;
  tier: string | null;
  profit_tier: string | null;
  ladder: string | null;
  computed_face: string | null;
  grid: string | null;
  revenue: number | null;
  profit: number | null;
  risk: string | null;
  risk_count: number | null;
}

export async function activeAccounts(db: Db): Promise<AccountRow[]> {
  return db
    .selectFrom('accounts')
    .select([
      'id', 'name', 'created_at', 'employees', 'industry', 'source', 'expected_demand', 'potential', 'strategic',
      'key_face', 'referred_by_id', 'value_score', 'lead_score', 'tier', 'profit_tier', 'ladder', 'computed_face',
      'grid', 'revenue', 'profit', 'risk', 'risk_count',
    ])
    .where('archived_at', 'is', null)
    .execute();
}

export interface OrderAgg {
  accountId: number;
  orders: number;
  revenue: number;
  profit: number | null;
  first: string;
  last: string;
  recent: number;
  previous: number;
}

/** Orders up to `today`; recent = after `recentFrom`, previous = after `previousFrom` up to `recentFrom`. */
export async function orderAggregates(db: Db, today: string, recentFrom: string, previousFrom: string): Promise<OrderAgg[]> {
  const rows = await db
    .selectFrom('orders')
    .select([
      'account_id',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(amount)`.as('revenue'),
      sql<number | null>`sum(profit)`.as('profit'),
      sql<string>`min(ordered_on)`.as('first'),
      sql<string>`max(ordered_on)`.as('last'),
      sql<number>`sum(case when ordered_on > ${recentFrom} then amount else 0 end)`.as('recent'),
      sql<number>`sum(case when ordered_on > ${previousFrom} and ordered_on <= ${recentFrom} then amount else 0 end)`.as('previous'),
    ])
    .where('ordered_on', '<=', today)
    .groupBy('account_id')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    orders: num(r.n),
    revenue: num(r.revenue),
    profit: r.profit === null ? null : Number(r.profit),
    first: String(r.first),
    last: String(r.last),
    recent: num(r.recent),
    previous: num(r.previous),
  }));
}

/** Dates of each account's n-th orders (n in `ranks`), counted in date order. */
export async function nthOrderDates(db: Db, today: string, ranks: readonly number[]): Promise<{ accountId: number; rank: number; on: string }[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('orders')
        .select(['account_id', 'ordered_on', sql<number>`row_number() over (partition by account_id order by ordered_on, id)`.as('rn')])
        .where('ordered_on', '<=', today)
        .as('o'),
    )
    .select(['o.account_id', 'o.ordered_on', 'o.rn'])
    .where('o.rn', 'in', [...ranks])
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, rank: num(r.rn), on: String(r.ordered_on) }));
}

export interface DealAgg {
  accountId: number;
  openDeals: number;
  openAmount: number;
  furthestRank: number | null;
  qualifiedAt: string | null;
}

/** Open deals and the furthest stage reached; qualifiedAt = first entry at `qualifiedStages`. */
export async function dealAggregates(db: Db, stages: readonly string[], qualifiedStages: readonly string[], todayEnd: string): Promise<DealAgg[]> {
  const rank = sql.join(stages.map((s, i) => sql`when ${s} then ${i}`), sql` `);
  const rows = await db
    .selectFrom('deals')
    .select([
      'account_id',
      sql<number>`sum(case when status = 'open' then 1 else 0 end)`.as('open'),
      sql<number>`sum(case when status = 'open' then coalesce(amount, 0) else 0 end)`.as('amount'),
      sql<number | null>`max(case when status = 'open' then (case stage ${rank} else null end) else null end)`.as('furthest'),
      sql<string | null>`min(case when stage in (${sql.join(qualifiedStages)}) and stage_entered_at < ${todayEnd} then stage_entered_at else null end)`.as('qualified'),
    ])
    .groupBy('account_id')
    .execute();
  const hist = await db
    .selectFrom('deal_stage_history as h')
    .innerJoin('deals as d', 'd.id', 'h.deal_id')
    .select(['d.account_id', sql<string>`min(h.at)`.as('at')])
    .where('h.to_stage', 'in', [...qualifiedStages])
    .where('h.at', '<', todayEnd)
    .groupBy('d.account_id')
    .execute();
  const firstQual = new Map(hist.map((h) => [h.account_id, String(h.at)]));
  return rows.map((r) => {
    const a = str(r.qualified);
    const b = firstQual.get(r.account_id) ?? null;
    return {
      accountId: r.account_id,
      openDeals: num(r.open),
      openAmount: num(r.amount),
      furthestRank: r.furthest === null ? null : Number(r.furthest),
      qualifiedAt: a === null ? b : b === null ? a : a < b ? a : b,
    };
  });
}

export interface InteractionAgg {
  accountId: number;
  n: number;
  first: string;
  last: string;
  recent: number;
  coolingRecent: number;
  coolingPrevious: number;
  meetings: number;
  contacts: number;
  needsAt: string | null;
}

export interface InteractionWindows {
  /** interactions before this instant count (the day after "today") */
  end: string;
  engagementFrom: string;
  coolingFrom: string;
  coolingPreviousFrom: string;
  /** decay weights by age bucket, newest first */
  buckets: { from: string; weight: number }[];
  meetingKinds: readonly string[];
  contactKinds: readonly string[];
}

export async function interactionAggregates(db: Db, w: InteractionWindows): Promise<InteractionAgg[]> {
  const decay = sql.join(w.buckets.map((b) => sql`when occurred_at >= ${b.from} then ${b.weight}`), sql` `);
  const rows = await db
    .selectFrom('interactions')
    .select([
      'account_id',
      sql<number>`count(*)`.as('n'),
      sql<string>`min(occurred_at)`.as('first'),
      sql<string>`max(occurred_at)`.as('last'),
      sql<number>`sum(case when occurred_at >= ${w.engagementFrom} then 1 else 0 end)`.as('recent'),
      sql<number>`sum(case when occurred_at >= ${w.coolingFrom} then 1 else 0 end)`.as('cool_recent'),
      sql<number>`sum(case when occurred_at >= ${w.coolingPreviousFrom} and occurred_at < ${w.coolingFrom} then 1 else 0 end)`.as('cool_prev'),
      sql<number>`sum(case when kind in (${sql.join([...w.meetingKinds])}) then (case ${decay} else 0 end) else 0 end)`.as('meetings'),
      sql<number>`sum(case when kind in (${sql.join([...w.contactKinds])}) then (case ${decay} else 0 end) else 0 end)`.as('contacts'),
      sql<string | null>`min(case when stage = 'qualify' then occurred_at else null end)`.as('needs'),
    ])
    .where('occurred_at', '<', w.end)
    .groupBy('account_id')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    n: num(r.n),
    first: String(r.first).slice(0, 10),
    last: String(r.last).slice(0, 10),
    recent: num(r.recent),
    coolingRecent: num(r.cool_recent),
    coolingPrevious: num(r.cool_prev),
    meetings: num(r.meetings),
    contacts: num(r.contacts),
    needsAt: r.needs === null ? null : String(r.needs).slice(0, 10),
  }));
}

export async function contactRoles(db: Db) {
  return db
    .selectFrom('contacts')
    .select(['account_id', 'title', 'buying_role', 'entry_roles'])
    .where('archived_at', 'is', null)
    .execute();
}

export async function accountsWithContactPoints(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('contact_points').select('account_id').distinct().execute();
  return rows.map((r) => r.account_id);
}

export interface ComplaintAgg {
  accountId: number;
  open: number;
  oldestOpen: string | null;
  recent: number;
  previous: number;
}

export async function complaintAggregates(db: Db, today: string, recentFrom: string, previousFrom: string): Promise<ComplaintAgg[]> {
  const isOpen = sql`resolved_on is null and status in ('open', 'acknowledged')`;
  const rows = await db
    .selectFrom('complaints')
    .select([
      'account_id',
      sql<number>`sum(case when ${isOpen} then 1 else 0 end)`.as('open'),
      sql<string | null>`min(case when ${isOpen} then opened_on else null end)`.as('oldest'),
      sql<number>`sum(case when opened_on > ${recentFrom} then 1 else 0 end)`.as('recent'),
      sql<number>`sum(case when opened_on > ${previousFrom} and opened_on <= ${recentFrom} then 1 else 0 end)`.as('previous'),
    ])
    .where('opened_on', '<=', today)
    .groupBy('account_id')
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, open: num(r.open), oldestOpen: str(r.oldest), recent: num(r.recent), previous: num(r.previous) }));
}

/** Every survey up to today, oldest first per account: the caller keeps the latest. */
export async function surveysUpTo(db: Db, today: string) {
  return db
    .selectFrom('surveys')
    .select(['account_id', 'taken_on', 'product_quality', 'service_quality', 'price', 'communication', 'overall'])
    .where('taken_on', '<=', today)
    .orderBy('account_id')
    .orderBy('taken_on')
    .orderBy('id')
    .execute();
}

export async function openSignals(db: Db, today: string) {
  return db
    .selectFrom('churn_signals')
    .select(['id', 'account_id', 'kind', 'noted_on', 'note'])
    .where('cleared_on', 'is', null)
    .where('noted_on', '<=', today)
    .orderBy('noted_on')
    .execute();
}

/**
 * A cheap summary of everything the values depend on: when it is unchanged (and the day is the
 * same) the stored scores are current and a listing need not recompute them.
 */
export async function dataFingerprint(db: Db): Promise<string> {
  const r = await sql<Record<string, unknown>>`select
    (select count(*) from orders) as o, (select max(id) from orders) as oi,
    (select count(*) from interactions) as i, (select max(id) from interactions) as ii,
    (select count(*) from accounts) as a, (select max(updated_at) from accounts) as au,
    (select count(*) from deals) as d, (select max(updated_at) from deals) as du, (select max(id) from deal_stage_history) as dh,
    (select count(*) from complaints where resolved_on is null) as c, (select max(id) from complaints) as ci,
    (select max(id) from surveys) as s, (select count(*) from surveys) as sc,
    (select count(*) from churn_signals where cleared_on is null) as g, (select max(id) from churn_signals) as gi,
    (select count(*) from contacts) as k, (select max(updated_at) from contacts) as ku, (select max(id) from contact_points) as p`.execute(db);
  return JSON.stringify(r.rows[0] ?? {});
}

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const r = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value ?? null;
}
