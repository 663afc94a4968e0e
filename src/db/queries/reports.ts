// The SQL of `crm report`: one set-based aggregate per question, never a row per account into
// memory (except where a report says why). The arithmetic on these figures is in
// src/domain/reports; the services in src/services/reports put the two together.
// Portable SQL: dates are ISO strings compared as text, buckets computed from substrings, day
// differences through the engine's dialect, counts and sums read with Number() by the callers.
import { sql, type RawBuilder } from 'kysely';
import type { Db, Engine } from '../engine.js';
import { inBase, type SqlRates } from '../money.js';

/** A report's period: dates from..to, and the day after `to` (timestamps compare < toEnd). */
export interface Period {
  from: string;
  to: string;
  toEnd: string;
}

export type Bucket = 'month' | 'quarter' | 'year';

async function rows<T>(db: Db, q: RawBuilder<T>): Promise<T[]> {
  return (await q.execute(db)).rows;
}

/** An order's amount (or profit) in the base currency, at the rate of its date. */
function orderBase(alias: string, rates: SqlRates, column: 'amount' | 'profit' = 'amount'): RawBuilder<number> {
  const c = (x: string) => sql.ref(alias ? `${alias}.${x}` : x);
  return inBase(c(column), c('currency'), c('ordered_on'), rates);
}

/** Bucket number of an ISO date or timestamp column, as in domain/reports/period.ts bucketIndex. */
function bucketSql(expr: RawBuilder<unknown>, b: Bucket): RawBuilder<number> {
  const y = sql`cast(substr(${expr}, 1, 4) as integer)`;
  const m = sql`cast(substr(${expr}, 6, 2) as integer)`;
  if (b === 'year') return sql<number>`${y}`;
  if (b === 'quarter') return sql<number>`(${y} * 4 + (${m} - 1) / 3)`;
  return sql<number>`(${y} * 12 + ${m} - 1)`;
}

/** The position of a deal stage in `stages` (-1 for anything else). */
function stageRank(expr: RawBuilder<unknown>, stages: readonly string[]): RawBuilder<number> {
  const whens = stages.map((s, i) => sql`when ${s} then ${sql.lit(i)}`);
  return sql<number>`(case ${expr} ${sql.join(whens, sql` `)} else -1 end)`;
}

// ---- funnel

/**
 * Deals opened in the period, with the furthest stage each reached (history or current stage; a
 * won deal went all the way) and the account's orders before the deal (the relationship).
 */
function funnelDeals(p: Period, stages: readonly string[]) {
  return sql`(
    select x.account_id, x.status, x.stage,
      case when x.status = 'won' then ${sql.lit(stages.length - 1)} when x.hr > x.sr then x.hr else x.sr end as furthest,
      case when x.prior = 0 then 'prospect' when x.prior = 1 then 'first-time' else 'repeat' end as rel
    from (
      select d.account_id, d.status, d.stage, ${stageRank(sql.ref('d.stage'), stages)} as sr,
        coalesce((select max(${stageRank(sql.ref('h.to_stage'), stages)}) from deal_stage_history h where h.deal_id = d.id), -1) as hr,
        (select count(*) from orders o where o.account_id = d.account_id and o.ordered_on < substr(d.created_at, 1, 10)) as prior
      from deals d where d.created_at >= ${p.from} and d.created_at < ${p.toEnd}
    ) x
  )`;
}

export interface FunnelFigures {
  grouped: { furthest: number; status: string; stage: string; rel: 'prospect' | 'first-time' | 'repeat'; n: number }[];
  /** accounts whose deals reached each stage: a0, a1... */
  accountsReaching: Record<string, number> | undefined;
  /** days spent in each stage, as a histogram */
  stays: { stage: string; days: number; n: number }[];
  /** accounts in the after-sale stages (onboard, care), from interactions */
  after: { stage: string; n: number }[];
}

export async function funnelFigures(engine: Engine, p: Period, stages: readonly string[]): Promise<FunnelFigures> {
  const db = engine.db;
  const deals = funnelDeals(p, stages);
  const grouped = await rows(
    db,
    sql<FunnelFigures['grouped'][number]>`select furthest, status, stage, rel, count(*) as n from ${deals} as y group by furthest, status, stage, rel`,
  );
  const reachCols = stages.map((_, i) => sql`count(distinct case when furthest >= ${sql.lit(i)} then account_id end) as ${sql.ref(`a${i}`)}`);
  const [accountsReaching] = await rows(db, sql<Record<string, number>>`select ${sql.join(reachCols)} from ${deals} as y`);
  // Days spent in each stage: from entering it to entering the next (or closing).
  const stays = await rows(
    db,
    sql<{ stage: string; days: number; n: number }>`
      select stage, days, count(*) as n from (
        select h.to_stage as stage,
          cast(round(${engine.sql.daysBetween(sql.ref('h.at'), sql`coalesce(lead(h.at) over (partition by h.deal_id order by h.at, h.id), d.closed_at)`)}) as integer) as days
        from deal_stage_history h join deals d on d.id = h.deal_id
        where d.created_at >= ${p.from} and d.created_at < ${p.toEnd}
      ) s where days is not null group by stage, days`,
  );
  const after = await rows(
    db,
    sql<{ stage: string; n: number }>`select stage, count(distinct account_id) as n from interactions
      where stage in ('onboard', 'care') and occurred_at >= ${p.from} and occurred_at < ${p.toEnd} group by stage`,
  );
  return { grouped, accountsReaching, stays, after };
}

// ---- sources

export interface SourceRow {
  source: string;
  campaign: string;
  leads: number;
  contacted: number;
  qualified: number;
  won: number;
  revenue: number;
}

/**
 * Leads per source and campaign, and how many were contacted (any interaction other than
 * pre-contact research), qualified (a deal reached one of `qualifyStages`) and won (an order or a
 * won deal), with their revenue up to the end date. A campaign's leads count only the orders from
 * the campaign's start on: what a customer bought before the fair was not won by it.
 * `since`: only leads created from `from` on.
 */
export async function sourceFunnel(db: Db, p: Period, qualifyStages: readonly string[], since: boolean, rates: SqlRates): Promise<SourceRow[]> {
  const from = since ? sql`and a.created_at >= ${p.from}` : sql``;
  return rows(
    db,
    sql<SourceRow>`
      select source, campaign, count(*) as leads,
        sum(case when w = 1 or q = 1 or k = 1 then 1 else 0 end) as contacted,
        sum(case when w = 1 or q = 1 then 1 else 0 end) as qualified,
        sum(w) as won, sum(revenue) as revenue
      from (
        select coalesce(a.source, '') as source, coalesce(a.campaign, '') as campaign, coalesce(o.revenue, 0) as revenue,
          case when o.n > 0 or exists (select 1 from deals d where d.account_id = a.id and d.status = 'won') then 1 else 0 end as w,
          case when exists (select 1 from deals d where d.account_id = a.id and (d.stage in (${sql.join(qualifyStages)})
            or exists (select 1 from deal_stage_history h where h.deal_id = d.id and h.to_stage in (${sql.join(qualifyStages)})))) then 1 else 0 end as q,
          case when exists (select 1 from interactions i where i.account_id = a.id and i.occurred_at < ${p.toEnd}
            and (i.stage is null or i.stage <> 'prospect')) then 1 else 0 end as k
        from accounts a
        left join (
          select oo.account_id, count(*) as n, sum(${orderBase('oo', rates)}) as revenue from orders oo
          join accounts aa on aa.id = oo.account_id left join campaigns k on k.name = aa.campaign
          where oo.ordered_on <= ${p.to} and (k.started_on is null or oo.ordered_on >= k.started_on)
          group by oo.account_id
        ) o on o.account_id = a.id
        where a.created_at < ${p.toEnd} ${from}
      ) x group by source, campaign order by source, campaign`,
  );
}

/** Campaigns with a recorded cost, in its own currency (the caller converts: there are few). */
export async function campaignCosts(db: Db): Promise<{ name: string; source: string | null; cost: number; currency: string | null; startedOn: string | null }[]> {
  const costs = await db.selectFrom('campaigns').select(['name', 'source', 'cost', 'currency', 'started_on']).where('cost', 'is not', null).execute();
  return costs.map((k) => ({ name: k.name, source: k.source, cost: Number(k.cost), currency: k.currency, startedOn: k.started_on }));
}

// ---- pareto

/** Revenue per account of the orders in the period. */
export async function revenueByAccount(db: Db, p: Period, rates: SqlRates): Promise<{ id: number; revenue: number }[]> {
  return rows(
    db,
    sql<{ id: number; revenue: number }>`select account_id as id, sum(${orderBase('', rates)}) as revenue from orders
      where ordered_on >= ${p.from} and ordered_on <= ${p.to} group by account_id`,
  );
}

export async function accountNames(db: Db, ids: readonly number[]): Promise<{ id: number; name: string; tier: string | null }[]> {
  if (!ids.length) return [];
  return db.selectFrom('accounts').select(['id', 'name', 'tier']).where('id', 'in', ids).execute();
}

// ---- tiers

export interface TierFigures {
  /** every active account and its current tier (the caller adds the period's revenue: revenueByAccount) */
  tiersNow: { id: number; tier: string | null }[];
  /** accounts per (tier before the period, tier at its end) from the score snapshots */
  moves: { ft: string | null; tt: string | null; n: number }[];
  /** active accounts per ladder rung now */
  ladder: { rung: string | null; n: number }[];
  /** accounts that entered each rung in the period */
  entered: { rung: string; n: number }[];
}

export async function tierFigures(db: Db, p: Period): Promise<TierFigures> {
  const tiersNow = await db.selectFrom('accounts').select(['id', 'tier']).where('archived_at', 'is', null).execute();
  const snap = (cmp: RawBuilder<unknown>) =>
    sql`(select s.tier from score_snapshots s where s.account_id = a.id and ${cmp} order by s.computed_on desc, s.id desc limit 1)`;
  const moves = await rows(
    db,
    sql<TierFigures['moves'][number]>`
      select ft, tt, count(*) as n from (
        select ${snap(sql`s.computed_on < ${p.from}`)} as ft, ${snap(sql`s.computed_on <= ${p.to}`)} as tt from accounts a
      ) x where ft is not null or tt is not null group by ft, tt`,
  );
  const ladder = await rows(
    db,
    sql<TierFigures['ladder'][number]>`select ladder as rung, count(*) as n from accounts where archived_at is null group by ladder order by n desc`,
  );
  const entered = await rows(
    db,
    sql<TierFigures['entered'][number]>`select rung, count(distinct account_id) as n from ladder_history
      where since >= ${p.from} and since <= ${p.to} group by rung order by n desc, rung`,
  );
  return { tiersNow, moves, ladder, entered };
}

// ---- retention

export interface RetentionFigures {
  /** per bucket: customers, those who also bought in the bucket before, new ones, repeat buyers */
  per: { b: number; customers: number; retained: number; fresh: number; repeat: number }[];
  /** customers by the bucket of their first order */
  firsts: { b: number; n: number }[];
  /** accounts referred per bucket, and how many accounts referred them */
  refs: { b: number; referred: number; referrers: number }[];
}

/** `prevStart`: the first day of the bucket before the period (its customers are the first base). */
export async function retentionFigures(db: Db, p: Period, by: Bucket, prevStart: string): Promise<RetentionFigures> {
  const b = (e: RawBuilder<unknown>) => bucketSql(e, by);
  const per = await rows(
    db,
    sql<RetentionFigures['per'][number]>`
      with ab as materialized (
        select account_id, ${b(sql.ref('ordered_on'))} as b, count(*) as n from orders
        where ordered_on >= ${prevStart} and ordered_on <= ${p.to} group by account_id, ${b(sql.ref('ordered_on'))}
      ), f as materialized (
        select account_id, min(ordered_on) as first_on from orders where ordered_on <= ${p.to} group by account_id
      )
      select ab.b as b, count(*) as customers,
        sum(case when p.account_id is not null then 1 else 0 end) as retained,
        sum(case when ${b(sql.ref('f.first_on'))} = ab.b then 1 else 0 end) as fresh,
        sum(case when ${b(sql.ref('f.first_on'))} < ab.b or ab.n >= 2 then 1 else 0 end) as repeat
      from ab join f on f.account_id = ab.account_id
      left join ab p on p.account_id = ab.account_id and p.b = ab.b - 1
      group by ab.b`,
  );
  const firsts = await rows(
    db,
    sql<RetentionFigures['firsts'][number]>`select b, count(*) as n from (
      select ${b(sql`min(ordered_on)`)} as b from orders where ordered_on <= ${p.to} group by account_id) x group by b`,
  );
  const refs = await rows(
    db,
    sql<RetentionFigures['refs'][number]>`select ${b(sql.ref('created_at'))} as b, count(*) as referred,
      count(distinct referred_by_id) as referrers from accounts
      where referred_by_id is not null and created_at >= ${p.from} and created_at < ${p.toEnd} group by ${b(sql.ref('created_at'))}`,
  );
  return { per, firsts, refs };
}

// ---- customer lifetime value

export interface ClvGroup {
  tier: string;
  source: string;
  customers: number;
  orders: number;
  revenue: number;
  profit: number;
  profit_revenue: number;
  years: number;
  base: number;
  retained: number;
}

/**
 * Customers per (tier, source) with their orders, revenue, profit (and the revenue of the orders
 * that recorded one), customer-years to `to`, and how many of those who bought from y2 to y1 bought
 * again from y1 on.
 */
export async function clvGroups(engine: Engine, to: string, y1: string, y2: string, rates: SqlRates): Promise<ClvGroup[]> {
  const days = engine.sql.daysBetween(sql.ref('f.first_on'), sql`${to}`);
  const amount = orderBase('', rates);
  return rows(
    engine.db,
    sql<ClvGroup>`
      with f as (
        select account_id, count(*) as n, sum(${amount}) as revenue,
          sum(case when profit is not null then ${orderBase('', rates, 'profit')} else 0 end) as profit,
          sum(case when profit is not null then ${amount} else 0 end) as profit_revenue,
          min(ordered_on) as first_on,
          max(case when ordered_on >= ${y2} and ordered_on < ${y1} then 1 else 0 end) as base,
          max(case when ordered_on >= ${y1} then 1 else 0 end) as recent
        from orders where ordered_on <= ${to} group by account_id
      )
      select coalesce(a.tier, '') as tier, coalesce(a.source, '') as source, count(*) as customers, sum(f.n) as orders,
        sum(f.revenue) as revenue, sum(f.profit) as profit, sum(f.profit_revenue) as profit_revenue,
        sum(case when ${days} < 365.25 then 1.0 else ${days} / 365.25 end) as years,
        sum(f.base) as base, sum(f.base * f.recent) as retained
      from f join accounts a on a.id = f.account_id group by coalesce(a.tier, ''), coalesce(a.source, '')`,
  );
}

// ---- satisfaction

/** Survey columns and the keys their averages come back under. */
export type SurveyDimension = readonly [column: 'product_quality' | 'service_quality' | 'price' | 'communication' | 'overall', key: string, ...rest: string[]];

export interface SatisfactionFigures {
  /** per bucket b: surveys and the average of each dimension key */
  per: Record<string, number | null>[];
  total: Record<string, number | null> | undefined;
}

export async function satisfactionFigures(db: Db, p: Period, by: Bucket, dims: readonly SurveyDimension[]): Promise<SatisfactionFigures> {
  const avgs = dims.map(([column, key]) => sql`avg(${sql.ref(column)}) as ${sql.ref(key)}`);
  const per = await rows(
    db,
    sql<Record<string, number | null>>`select ${bucketSql(sql.ref('taken_on'), by)} as b, count(*) as surveys, ${sql.join(avgs)}
      from surveys where taken_on >= ${p.from} and taken_on <= ${p.to} group by ${bucketSql(sql.ref('taken_on'), by)}`,
  );
  const [total] = await rows(
    db,
    sql<Record<string, number | null>>`select count(*) as surveys, ${sql.join(avgs)} from surveys where taken_on >= ${p.from} and taken_on <= ${p.to}`,
  );
  return { per, total };
}

/** Compensation paid on complaints resolved in the period (opened, when not resolved), in its own currency. */
export async function compensations(db: Db, p: Period): Promise<{ amount: number; currency: string | null; on: string }[]> {
  const rows = await db
    .selectFrom('complaints')
    .select(['compensation', 'currency', 'resolved_on', 'opened_on'])
    .where('compensation', 'is not', null)
    .execute();
  return rows
    .map((r) => ({ amount: Number(r.compensation), currency: r.currency, on: r.resolved_on ?? r.opened_on }))
    .filter((r) => r.on >= p.from && r.on <= p.to);
}

// ---- activity

/** The time group of an account: VIP (tier A or strategic), ordinary (has bought by `to`), prospect. */
function timeGroup(to: string) {
  return sql`case when a.tier = 'A' or a.strategic = 1 then 'vip'
    when exists (select 1 from orders o where o.account_id = a.id and o.ordered_on <= ${to}) then 'ordinary' else 'prospect' end`;
}

/** Every account as [id, group, tier]. */
export async function accountGroups(engine: Engine, to: string): Promise<unknown[][]> {
  const db = engine.db;
  return engine.rows({ compile: () => sql`select a.id, ${timeGroup(to)} as grp, a.tier from accounts a`.compile(db) });
}

/**
 * Each interaction of the period as [account_id, kind, minutes]. Grouping 600k interactions by
 * account group in SQL sorts them all (~2.5 s at 100k accounts); the caller sums them in one pass.
 */
export async function forEachInteraction(engine: Engine, p: Period, fn: (row: unknown[]) => void): Promise<void> {
  const db = engine.db;
  await engine.forEachRow(
    { compile: () => sql`select account_id, kind, minutes from interactions where occurred_at >= ${p.from} and occurred_at < ${p.toEnd}`.compile(db) },
    fn,
  );
}

/** Interactions, visits and minutes logged per bucket of the period. */
export async function interactionsPerBucket(db: Db, p: Period, by: Bucket): Promise<{ b: number; n: number; visits: number; minutes: number | null }[]> {
  const b = bucketSql(sql.ref('occurred_at'), by);
  return rows(
    db,
    sql<{ b: number; n: number; visits: number; minutes: number | null }>`select ${b} as b, count(*) as n,
      sum(case when kind = 'visit' then 1 else 0 end) as visits, sum(minutes) as minutes from interactions
      where occurred_at >= ${p.from} and occurred_at < ${p.toEnd} group by ${b}`,
  );
}

/** Active accounts per time group. */
export async function groupSizes(db: Db, to: string): Promise<{ grp: string; n: number }[]> {
  return rows(db, sql<{ grp: string; n: number }>`select grp, count(*) as n from (select ${timeGroup(to)} as grp from accounts a where a.archived_at is null) x group by grp`);
}

// ---- the rep's assessment

export async function repExists(db: Db, name: string): Promise<boolean> {
  return !!(await db.selectFrom('reps').select('id').where('name', '=', name).executeTakeFirst());
}

export interface AssessmentFigures {
  /** revenue and orders per month bucket from `trailStart` to `to` */
  revenue: { m: number; revenue: number; orders: number }[];
  firstOrder: { d: string | null } | undefined;
  interactions: { m: number; n: number }[];
  promises: { m: number; kept: number; broken: number }[];
  complaints: { m: number; opened: number; resolved: number }[];
}

/** Month by month, optionally only the accounts of one rep; promises open past `today` count as broken. */
export async function assessmentFigures(db: Db, p: Period, trailStart: string, today: string, rates: SqlRates, owner?: string): Promise<AssessmentFigures> {
  const ownerJoin = owner ? sql`join accounts a on a.id = x.account_id join reps r on r.id = a.owner_id and r.name = ${owner}` : sql``;
  const month = (e: RawBuilder<unknown>) => bucketSql(e, 'month');
  const revenue = await rows(
    db,
    sql<{ m: number; revenue: number; orders: number }>`select ${month(sql.ref('x.ordered_on'))} as m, sum(${orderBase('x', rates)}) as revenue, count(*) as orders from orders x ${ownerJoin}
      where x.ordered_on >= ${trailStart} and x.ordered_on <= ${p.to} group by ${month(sql.ref('x.ordered_on'))}`,
  );
  const [firstOrder] = await rows(db, sql<{ d: string | null }>`select min(x.ordered_on) as d from orders x ${ownerJoin}`);
  const interactions = await rows(
    db,
    sql<{ m: number; n: number }>`select ${month(sql.ref('x.occurred_at'))} as m, count(*) as n from interactions x ${ownerJoin}
      where x.occurred_at >= ${p.from} and x.occurred_at < ${p.toEnd} group by ${month(sql.ref('x.occurred_at'))}`,
  );
  const promises = await rows(
    db,
    sql<{ m: number; kept: number; broken: number }>`select ${month(sql.ref('x.due_on'))} as m,
      sum(case when x.status = 'kept' then 1 else 0 end) as kept,
      sum(case when x.status = 'broken' or (x.status = 'open' and x.due_on < ${today}) then 1 else 0 end) as broken
      from promises x ${ownerJoin} where x.due_on >= ${p.from} and x.due_on <= ${p.to} group by ${month(sql.ref('x.due_on'))}`,
  );
  const complaints = await rows(
    db,
    sql<{ m: number; opened: number; resolved: number }>`select ${month(sql.ref('x.opened_on'))} as m, count(*) as opened,
      sum(case when x.resolved_on is not null and x.resolved_on <= ${p.to} then 1 else 0 end) as resolved
      from complaints x ${ownerJoin} where x.opened_on >= ${p.from} and x.opened_on <= ${p.to} group by ${month(sql.ref('x.opened_on'))}`,
  );
  return { revenue, firstOrder, interactions, promises, complaints };
}
