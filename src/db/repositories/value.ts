// Set-based aggregates for the value services: one GROUP BY per table, never a query per account.
// Time windows arrive as ISO date bounds computed by the caller, so the SQL stays portable.
import { sql } from 'kysely';
import type { Db, Engine } from '../engine.js';
import { inBase, type SqlRates } from '../money.js';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface AccountRow {
  id: number;
  created_at: string;
  employees: number | null;
  industry: string | null;
  source: string | null;
  expected_demand: number | null;
  potential: string | null;
  strategic: number;
  key_face: string | null;
  referred_by_id: number | null;
  /** everything the last refresh derived, as one string (see services/value.ts stateKey) */
  value_state: string | null;
}

const ACCOUNT_COLUMNS = [
  'id', 'created_at', 'employees', 'industry', 'source', 'expected_demand', 'potential', 'strategic',
  'key_face', 'referred_by_id', 'value_state',
] as const;

// The big reads below return arrays, not objects: on 100k+ rows building an object per row is
// most of the cost.
export async function activeAccounts(engine: Engine): Promise<AccountRow[]> {
  const rows = await engine.rows(engine.db.selectFrom('accounts').select([...ACCOUNT_COLUMNS]).where('archived_at', 'is', null));
  // A literal (not a loop over the names) gives every row the same hidden class: faster to build and read.
  return rows.map((r) => ({
    id: r[0] as number,
    created_at: r[1] as string,
    employees: r[2] as number | null,
    industry: r[3] as string | null,
    source: r[4] as string | null,
    expected_demand: r[5] as number | null,
    potential: r[6] as string | null,
    strategic: r[7] as number,
    key_face: r[8] as string | null,
    referred_by_id: r[9] as number | null,
    value_state: r[10] as string | null,
  }));
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
export async function orderAggregates(engine: Engine, today: string, recentFrom: string, previousFrom: string, rates: SqlRates): Promise<OrderAgg[]> {
  const amount = inBase(sql.ref('amount'), sql.ref('currency'), sql.ref('ordered_on'), rates);
  const q = engine.db
    .selectFrom('orders')
    .select([
      'account_id',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(${amount})`.as('revenue'),
      sql<number | null>`sum(${inBase(sql.ref('profit'), sql.ref('currency'), sql.ref('ordered_on'), rates)})`.as('profit'),
      sql<string>`min(ordered_on)`.as('first'),
      sql<string>`max(ordered_on)`.as('last'),
      sql<number>`sum(case when ordered_on > ${recentFrom} then ${amount} else 0 end)`.as('recent'),
      sql<number>`sum(case when ordered_on > ${previousFrom} and ordered_on <= ${recentFrom} then ${amount} else 0 end)`.as('previous'),
    ])
    .where('ordered_on', '<=', today)
    .groupBy('account_id');
  return (await engine.rows(q)).map((r) => ({
    accountId: r[0] as number,
    orders: num(r[1]),
    revenue: num(r[2]),
    profit: r[3] === null ? null : Number(r[3]),
    first: String(r[4]),
    last: String(r[5]),
    recent: num(r[6]),
    previous: num(r[7]),
  }));
}

export interface DealAgg {
  accountId: number;
  openDeals: number;
  openAmount: number;
  furthestRank: number | null;
  qualifiedAt: string | null;
}

/** Open deals and the furthest stage reached; qualifiedAt = first entry at `qualifiedStages`. */
/** `ratesToday`: open deals are valued at today's rates. */
export async function dealAggregates(engine: Engine, stages: readonly string[], qualifiedStages: readonly string[], todayEnd: string, ratesToday: SqlRates): Promise<DealAgg[]> {
  const rank = sql.join(stages.map((s, i) => sql`when ${s} then ${i}`), sql` `);
  const q = engine.db
    .selectFrom('deals')
    .select([
      'account_id',
      sql<number>`sum(case when status = 'open' then 1 else 0 end)`.as('open'),
      sql<number>`sum(case when status = 'open' then coalesce(${inBase(sql.ref('amount'), sql.ref('currency'), null, ratesToday)}, 0) else 0 end)`.as('amount'),
      sql<number | null>`max(case when status = 'open' then (case stage ${rank} else null end) else null end)`.as('furthest'),
      sql<string | null>`min(case when stage in (${sql.join(qualifiedStages)}) and stage_entered_at < ${todayEnd} then stage_entered_at else null end)`.as('qualified'),
    ])
    .groupBy('account_id');
  const hist = engine.db
    .selectFrom('deal_stage_history as h')
    .innerJoin('deals as d', 'd.id', 'h.deal_id')
    .select(['d.account_id', sql<string>`min(h.at)`.as('at')])
    .where('h.to_stage', 'in', [...qualifiedStages])
    .where('h.at', '<', todayEnd)
    .groupBy('d.account_id');
  const firstQual = new Map((await engine.rows(hist)).map((r) => [r[0] as number, String(r[1])]));
  return (await engine.rows(q)).map((r) => {
    const a = str(r[4]);
    const b = firstQual.get(r[0] as number) ?? null;
    return {
      accountId: r[0] as number,
      openDeals: num(r[1]),
      openAmount: num(r[2]),
      furthestRank: r[3] === null ? null : Number(r[3]),
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
  needsAt: string | null;
  /** visits/meetings/events and calls/emails/messages weighted by age (lead score) */
  meetings: number;
  contacts: number;
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

/** The interactions aggregate as raw arrays: what the refresh worker sends back (see decodeInteractionRow). */
export async function interactionAggregateRows(engine: Engine, w: InteractionWindows): Promise<unknown[][]> {
  const decay = sql.join(w.buckets.map((b) => sql`when occurred_at >= ${b.from} then ${b.weight}`), sql` `);
  const q = engine.db
    .selectFrom('interactions')
    .select([
      'account_id',
      sql<number>`count(*)`.as('n'),
      sql<string>`min(occurred_at)`.as('first'),
      sql<string>`max(occurred_at)`.as('last'),
      sql<number>`sum(case when occurred_at >= ${w.engagementFrom} then 1 else 0 end)`.as('recent'),
      sql<number>`sum(case when occurred_at >= ${w.coolingFrom} then 1 else 0 end)`.as('cool_recent'),
      sql<number>`sum(case when occurred_at >= ${w.coolingPreviousFrom} and occurred_at < ${w.coolingFrom} then 1 else 0 end)`.as('cool_prev'),
      sql<string | null>`min(case when stage = 'qualify' then occurred_at else null end)`.as('needs'),
      sql<number>`sum(case when kind in (${sql.join([...w.meetingKinds])}) then (case ${decay} else 0 end) else 0 end)`.as('meetings'),
      sql<number>`sum(case when kind in (${sql.join([...w.contactKinds])}) then (case ${decay} else 0 end) else 0 end)`.as('contacts'),
    ])
    .where('occurred_at', '<', w.end)
    .groupBy('account_id');
  return engine.rows(q);
}

export function decodeInteractionRow(r: unknown[]): InteractionAgg {
  return {
    accountId: r[0] as number,
    n: num(r[1]),
    first: String(r[2]).slice(0, 10),
    last: String(r[3]).slice(0, 10),
    recent: num(r[4]),
    coolingRecent: num(r[5]),
    coolingPrevious: num(r[6]),
    needsAt: r[7] === null ? null : String(r[7]).slice(0, 10),
    meetings: num(r[8]),
    contacts: num(r[9]),
  };
}

/** Highest interaction id: a free hint of the table's size. */
export async function interactionsHighWater(db: Db): Promise<number> {
  const r = await db.selectFrom('interactions').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Contacts of accounts that have not ordered yet: their roles feed the lead score. */
export async function prospectContactRoles(engine: Engine): Promise<{ accountId: number; title: string | null; buyingRole: string | null; entryRoles: string | null }[]> {
  const q = engine.db
    .selectFrom('contacts')
    .select(['account_id', 'title', 'buying_role', 'entry_roles'])
    .where('archived_at', 'is', null)
    .where('account_id', 'not in', (eb) => eb.selectFrom('orders').select('account_id'));
  return (await engine.rows(q)).map((r) => ({
    accountId: r[0] as number,
    title: r[1] as string | null,
    buyingRole: r[2] as string | null,
    entryRoles: r[3] as string | null,
  }));
}

/** The date of an account's n-th order (0-based offset), for dating ladder moves. */
export function nthOrderQuery(db: Db) {
  return db
    .selectFrom('orders')
    .select('ordered_on')
    .where('account_id', '=', 0)
    .where('ordered_on', '<=', '')
    .orderBy('ordered_on')
    .orderBy('id')
    .limit(1)
    .offset(0);
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

export async function complaintAggregates(engine: Engine, today: string, recentFrom: string, previousFrom: string): Promise<ComplaintAgg[]> {
  const isOpen = sql`resolved_on is null and status in ('open', 'acknowledged')`;
  const q = engine.db
    .selectFrom('complaints')
    .select([
      'account_id',
      sql<number>`sum(case when ${isOpen} then 1 else 0 end)`.as('open'),
      sql<string | null>`min(case when ${isOpen} then opened_on else null end)`.as('oldest'),
      sql<number>`sum(case when opened_on > ${recentFrom} then 1 else 0 end)`.as('recent'),
      sql<number>`sum(case when opened_on > ${previousFrom} and opened_on <= ${recentFrom} then 1 else 0 end)`.as('previous'),
    ])
    .where('opened_on', '<=', today)
    .groupBy('account_id');
  return (await engine.rows(q)).map((r) => ({ accountId: r[0] as number, open: num(r[1]), oldestOpen: str(r[2]), recent: num(r[3]), previous: num(r[4]) }));
}

/** Every survey up to today, oldest first per account (the caller keeps the latest), as arrays:
 * account_id, taken_on, product_quality, service_quality, price, communication, overall. */
export async function surveysUpTo(engine: Engine, today: string): Promise<unknown[][]> {
  const q = engine.db
    .selectFrom('surveys')
    .select(['account_id', 'taken_on', 'product_quality', 'service_quality', 'price', 'communication', 'overall'])
    .where('taken_on', '<=', today)
    .orderBy('account_id')
    .orderBy('taken_on')
    .orderBy('id');
  return engine.rows(q);
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

export interface StoredRow {
  id: number;
  name: string;
  value_score: number | null;
  lead_score: number | null;
  tier: string | null;
  profit_tier: string | null;
  ladder: string | null;
  key_face: string | null;
  computed_face: string | null;
  strategic: number;
  grid: string | null;
  revenue: number | null;
  profit: number | null;
  risk_count: number | null;
  last_order_on: string | null;
  last_contact_on: string | null;
}

const STORED = [
  'id', 'name', 'value_score', 'lead_score', 'tier', 'profit_tier', 'ladder', 'key_face', 'computed_face', 'strategic',
  'grid', 'revenue', 'profit', 'risk_count', 'last_order_on', 'last_contact_on',
] as const;

/** The stored values of active accounts (one, or all), as `crm score`, `tiers` and `risk` list them. Read as arrays: listings of 100k accounts must stay well under a second. */
export async function storedValueRows(engine: Engine, accountId?: number): Promise<StoredRow[]> {
  let q = engine.db.selectFrom('accounts').select([...STORED]).where('archived_at', 'is', null);
  if (accountId !== undefined) q = q.where('id', '=', accountId);
  return (await engine.rows(q)).map((r) => ({
    id: r[0] as number,
    name: r[1] as string,
    value_score: r[2] as number | null,
    lead_score: r[3] as number | null,
    tier: r[4] as string | null,
    profit_tier: r[5] as string | null,
    ladder: r[6] as string | null,
    key_face: r[7] as string | null,
    computed_face: r[8] as string | null,
    strategic: r[9] as number,
    grid: r[10] as string | null,
    revenue: r[11] as number | null,
    profit: r[12] as number | null,
    risk_count: r[13] as number | null,
    last_order_on: r[14] as string | null,
    last_contact_on: r[15] as string | null,
  }));
}

/** Each account's last score snapshot on or before a date: what `crm tiers --changes` compares with. */
export async function lastSnapshotsOnOrBefore(db: Db, since: string) {
  return db
    .selectFrom('score_snapshots as s')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('score_snapshots')
          .select(['account_id', (e) => e.fn.max('id').as('id')])
          .where('computed_on', '<=', since)
          .groupBy('account_id')
          .as('m'),
      (j) => j.onRef('m.id', '=', 's.id'),
    )
    .select(['s.account_id', 's.computed_on', 's.tier', 's.profit_tier', 's.key_face', 's.grid', 's.ladder'])
    .execute();
}

/** Active accounts with at least `min` churn signals, most at risk first. */
export async function riskRows(db: Db, min: number, accountId?: number) {
  let q = db
    .selectFrom('accounts')
    .select(['id', 'name', 'tier', 'value_score', 'ladder', 'last_order_on', 'last_contact_on', 'risk', 'risk_count'])
    .where('archived_at', 'is', null)
    .where('risk_count', '>=', min);
  if (accountId !== undefined) q = q.where('id', '=', accountId);
  return q.orderBy('risk_count', 'desc').orderBy('value_score', 'desc').orderBy('id').execute();
}

/**
 * The statements of the value refresh's write loop, with placeholder values in the order the loop
 * passes them: update an account's values, add a snapshot, clear and add ladder moves, the date of
 * the n-th order, the last ladder move.
 */
export function refreshStatements(db: Db) {
  return {
    update: db
      .updateTable('accounts')
      .set({
        value_score: 0, lead_score: 0, tier: '', profit_tier: '', ladder: '', computed_face: '', grid: '',
        revenue: 0, profit: 0, risk: '', risk_count: 0, value_state: '',
      })
      .where('id', '=', 0),
    snapshot: db
      .insertInto('score_snapshots')
      .values({ account_id: 0, computed_on: '', value_score: 0, lead_score: 0, tier: '', profit_tier: '', key_face: '', grid: '', ladder: '' }),
    clearLadder: db.deleteFrom('ladder_history').where('account_id', '=', 0),
    addLadder: db.insertInto('ladder_history').values({ account_id: 0, rung: '', since: '' }),
    nthOrder: nthOrderQuery(db),
    lastLadder: db.selectFrom('ladder_history').select(['rung', 'since']).where('account_id', '=', 0).orderBy('since', 'desc').orderBy('id', 'desc').limit(1),
  };
}
