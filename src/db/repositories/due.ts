// Rows the due list and the visit planner read, loaded in bounded batches per set of accounts.
import { sql } from 'kysely';
import type { ExpressionBuilder, Insertable } from 'kysely';
import type { Db } from '../engine.js';
import type { DueItemTable } from '../schema.js';

const CHUNK = 500;

export async function inChunks<T>(ids: readonly number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
}

type AccountRowsTable = 'interactions' | 'next_steps' | 'promises' | 'complaints' | 'deals' | 'due_state' | 'churn_signals' | 'due_items' | 'annual_dates' | 'orders' | 'important_dates';

/**
 * Whether `table` has any row for an account whose id lies between the smallest and the largest
 * of `ids`: one probe on the table's account index. The accounts an import just created are one
 * run of new ids with no activity yet, so their due refresh skips reads of thousands of ids that
 * can only come back empty; for any other set of accounts the probe finds rows and costs nothing
 * worth counting.
 */
export async function anyRowsInIdRange(db: Db, table: AccountRowsTable, ids: readonly number[]): Promise<boolean> {
  if (!ids.length) return false;
  let lo = ids[0]!;
  let hi = lo;
  for (const id of ids) {
    if (id < lo) lo = id;
    else if (id > hi) hi = id;
  }
  const row = await db.selectFrom(table).select('account_id').where('account_id', '>=', lo).where('account_id', '<=', hi).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function accountsQuery(db: Db) {
  return db
    .selectFrom('accounts')
    .leftJoin('reps', 'reps.id', 'accounts.owner_id')
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.tier',
      'accounts.value_score',
      'accounts.lead_score',
      'accounts.strategic',
      'accounts.ladder',
      'accounts.last_contact_on',
      'accounts.last_order_on',
      'accounts.created_at',
      'accounts.next_due_on',
      'accounts.city',
      'accounts.region',
      'accounts.owner_id',
      'accounts.archived_at',
      'reps.name as owner',
    ]);
}
export type AccountDueRow = Awaited<ReturnType<ReturnType<typeof accountsQuery>['execute']>>[number];

export async function accountsByIds(db: Db, ids: readonly number[]): Promise<AccountDueRow[]> {
  return inChunks(ids, (c) => accountsQuery(db).where('accounts.id', 'in', c).execute());
}

/** Accounts whose stored next due date is on or before the horizon: one index range. */
export async function accountsDueBy(db: Db, horizon: string, owner?: string): Promise<AccountDueRow[]> {
  let q = accountsQuery(db).where('accounts.next_due_on', '<=', horizon).where('accounts.archived_at', 'is', null);
  if (owner) q = q.where('reps.name', '=', owner);
  return q.execute();
}

const interactionCols = [
  'id',
  'account_id',
  'occurred_at',
  'kind',
  'stage',
  'summary',
  'outcome',
  'next_step',
  'next_due',
  'details',
  'contact_id',
] as const;

export async function latestOnboardInteractions(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'interactions', ids))) return [];
  return inChunks(ids, (c) =>
    db
      .selectFrom('interactions as i')
      .select(interactionCols.map((k) => `i.${k}` as const))
      .where('i.account_id', 'in', c)
      .where('i.stage', '=', 'onboard')
      .orderBy('i.occurred_at', 'asc')
      .orderBy('i.id', 'asc')
      .execute(),
  );
}

export async function openPromises(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'promises', ids))) return [];
  return inChunks(ids, (c) =>
    db.selectFrom('promises').select(['id', 'account_id', 'what', 'due_on', 'made_by', 'contact_id', 'created_at']).where('account_id', 'in', c).where('status', '=', 'open').execute(),
  );
}

export async function openComplaints(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'complaints', ids))) return [];
  return inChunks(ids, (c) =>
    db
      .selectFrom('complaints')
      .select(['id', 'account_id', 'summary', 'severity', 'status', 'opened_on', 'acknowledged_on', 'resolved_on', 'feedback_on', 'contact_id'])
      .where('account_id', 'in', c)
      .where('status', '!=', 'closed')
      .where('feedback_on', 'is', null)
      .execute(),
  );
}

export async function openDeals(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'deals', ids))) return [];
  return inChunks(ids, (c) =>
    db
      .selectFrom('deals as d')
      .select(['d.id', 'd.account_id', 'd.title', 'd.stage', 'd.amount', 'd.probability', 'd.expected_close', 'd.stage_entered_at', 'd.competitor'])
      .select((eb) => eb.selectFrom('interactions as i').select((e2) => e2.fn.max('i.occurred_at').as('m')).whereRef('i.deal_id', '=', 'd.id').as('last_activity'))
      .where('d.account_id', 'in', c)
      .where('d.status', '=', 'open')
      .execute(),
  );
}

export async function dueStates(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'due_state', ids))) return [];
  return inChunks(ids, (c) => db.selectFrom('due_state').selectAll().where('account_id', 'in', c).execute());
}

export async function listWideStates(db: Db) {
  return db.selectFrom('due_state').selectAll().where('account_id', 'is', null).execute();
}

export async function openChurnSignals(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'churn_signals', ids))) return [];
  return inChunks(ids, (c) =>
    db
      .selectFrom('churn_signals')
      .select(['account_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', 'in', c)
      .where('cleared_on', 'is', null)
      .groupBy('account_id')
      .execute(),
  );
}

export async function contactsOf(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) =>
    db
      .selectFrom('contacts')
      .select(['id', 'account_id', 'name', 'title', 'personality', 'hobbies', 'buying_role', 'entry_roles', 'birthday'])
      .where('account_id', 'in', c)
      .where('archived_at', 'is', null)
      .orderBy('id')
      .execute(),
  );
}

export async function phonesOf(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) =>
    db
      .selectFrom('contact_points')
      .select(['account_id', 'contact_id', 'kind', 'value', 'is_primary'])
      .where('account_id', 'in', c)
      .where('kind', 'in', ['phone', 'mobile'])
      .orderBy('is_primary', 'desc')
      .orderBy('id')
      .execute(),
  );
}

/** Birthdays and anniversaries whose month-day falls in one of the ranges (archived accounts have none). */
export async function annualInRanges(db: Db, ranges: [string, string][], ownerId?: number) {
  const out = [];
  for (const [from, to] of ranges) {
    let q = db
      .selectFrom('annual_dates as d')
      .select(['d.id', 'd.account_id', 'd.contact_id', 'd.kind', 'd.date', 'd.label', 'd.base', 'd.source'])
      .where('d.md', '>=', from)
      .where('d.md', '<=', to);
    if (ownerId !== undefined) q = q.where('d.account_id', 'in', (eb) => eb.selectFrom('accounts').select('id').where('owner_id', '=', ownerId));
    out.push(...(await q.execute()));
  }
  return out;
}

export async function contactNames(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) => db.selectFrom('contacts').select(['id', 'name']).where('id', 'in', c).execute());
}

/** Rebuilds the annual dates of these accounts from their contacts, founding date, first order and important dates. */
export async function rebuildAnnualDates(db: Db, ids: readonly number[], baseOf: (accountId: number, kind: string) => number | undefined): Promise<void> {
  const stored = await anyRowsInIdRange(db, 'annual_dates', ids);
  const orders = await anyRowsInIdRange(db, 'orders', ids);
  const dates = await anyRowsInIdRange(db, 'important_dates', ids);
  await inChunks(ids, async (c) => {
    if (stored) await db.deleteFrom('annual_dates').where('account_id', 'in', c).execute();
    const rows: { account_id: number; contact_id: number | null; kind: string; md: string; date: string; label: string | null; base: number; source: string }[] = [];
    const seen = new Set<string>();
    // source: where the date comes from, so its due item keeps one id across rebuilds
    const push = (account_id: number, contact_id: number | null, kind: string, date: string | null, label: string | null, source: string) => {
      const base = baseOf(account_id, kind);
      if (!date || base === undefined) return;
      const m = /^(?:\d{4}-|--)(\d{2})-(\d{2})$/.exec(date.trim().slice(0, 10).length === 10 ? date.trim().slice(0, 10) : date.trim());
      if (!m) return;
      const md = `${m[1]}-${m[2]}`;
      const key = `${account_id}|${contact_id}|${kind}|${md}`;
      if (seen.has(key)) return;
      seen.add(key);
      rows.push({ account_id, contact_id, kind, md, date: date.trim().slice(0, 10), label, base, source });
    };
    for (const r of await db.selectFrom('contacts').select(['id', 'account_id', 'birthday']).where('account_id', 'in', c).where('birthday', 'is not', null).where('archived_at', 'is', null).execute())
      push(r.account_id, r.id, 'birthday', r.birthday, null, `contact-${r.id}`);
    for (const r of await db.selectFrom('accounts').select(['id', 'founded_on']).where('id', 'in', c).where('founded_on', 'is not', null).execute())
      push(r.id, null, 'founding', r.founded_on, null, `founding-${r.id}`);
    if (orders)
      for (const r of await db.selectFrom('orders').select(['account_id', (eb) => eb.fn.min('ordered_on').as('first')]).where('account_id', 'in', c).groupBy('account_id').execute())
        push(r.account_id, null, 'first-order', r.first as string | null, null, `first-order-${r.account_id}`);
    if (dates)
      for (const r of await db.selectFrom('important_dates').select(['id', 'account_id', 'contact_id', 'kind', 'date', 'label']).where('account_id', 'in', c).execute()) {
        const kind = r.kind === 'first-deal' ? 'first-order' : r.kind;
        push(r.account_id, r.contact_id, kind, r.date, r.label, `date-${r.id}`);
      }
    for (let i = 0; i < rows.length; i += 100) await db.insertInto('annual_dates').values(rows.slice(i, i + 100)).execute();
    return [];
  });
}

const dueItemCols = [
  'di.item_key',
  'di.account_id',
  'di.kind',
  'di.contact_id',
  'di.due_on',
  'di.due_day',
  'di.appear_on',
  'di.reason',
  'di.action',
  'di.risk',
  'di.base',
  'di.cap',
  'di.last_contact_on',
] as const;

/** Items that have not stopped showing by the horizon (a cadence item gives way to the dormant item of the same silence). */
function notHidden(col: 'di.hide_from' | 'hide_from', horizon: string) {
  return (eb: ExpressionBuilder<any, any>) => eb.or([eb(col, 'is', null), eb(col, '>', horizon)]);
}

/** Stored items that show by the horizon, highest possible urgency first (index on cap), a page at a time. */
export async function dueItemsByCap(db: Db, o: { horizon: string; ownerId?: number; offset: number; batch: number }) {
  let q = db.selectFrom('due_items as di').select(dueItemCols).where('di.appear_on', '<=', o.horizon).where(notHidden('di.hide_from', o.horizon));
  if (o.ownerId !== undefined) q = q.where('di.owner_id', '=', o.ownerId);
  return q.orderBy('di.cap', 'desc').limit(o.batch).offset(o.offset).execute();
}

/** How many stored items show by the horizon: an index-only count. */
export async function countDue(db: Db, horizon: string, ownerId?: number): Promise<number> {
  let q = db.selectFrom('due_items').select((eb) => eb.fn.countAll<number>().as('n')).where('appear_on', '<=', horizon).where(notHidden('hide_from', horizon));
  if (ownerId !== undefined) q = q.where('owner_id', '=', ownerId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** Items of the fatigue kinds at accounts contacted after `after` (and not after today). */
export async function fatiguedItems(db: Db, o: { horizon: string; today: string; after: string; kinds: string[]; ownerId?: number }) {
  if (!o.kinds.length) return [];
  let q = db
    .selectFrom('due_items as di')
    .select(dueItemCols)
    .where('di.last_contact_on', '>', o.after)
    .where('di.last_contact_on', '<=', o.today)
    .where('di.kind', 'in', o.kinds)
    .where('di.appear_on', '<=', o.horizon)
    .where(notHidden('di.hide_from', o.horizon));
  if (o.ownerId !== undefined) q = q.where('di.owner_id', '=', o.ownerId);
  return q.orderBy('di.item_key').execute();
}

export async function repId(db: Db, name: string): Promise<number | undefined> {
  return (await db.selectFrom('reps').select('id').where('name', '=', name).executeTakeFirst())?.id;
}

export async function anyDueItems(db: Db): Promise<{ items: boolean; accounts: boolean }> {
  const i = await db.selectFrom('due_items').select('item_key').limit(1).executeTakeFirst();
  if (i) return { items: true, accounts: true };
  const a = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  return { items: false, accounts: !!a };
}

export interface VisitArea {
  /** one spelling (matched without case), or the stored spellings of one place (services/places.ts) */
  region?: string | readonly string[];
  city?: string | readonly string[];
  ownerId?: number;
}

function areaFilter(a: VisitArea) {
  const parts = [sql`a.archived_at is null`];
  const place = (col: 'city' | 'region', v: string | readonly string[] | undefined) => {
    if (typeof v === 'string' && v) parts.push(sql`lower(${sql.ref(`a.${col}`)}) = ${v.toLowerCase()}`);
    else if (typeof v === 'object' && v.length) parts.push(sql`${sql.ref(`a.${col}`)} in (${sql.join(v)})`);
  };
  place('region', a.region);
  place('city', a.city);
  if (a.ownerId !== undefined) parts.push(sql`a.owner_id = ${a.ownerId}`);
  return sql.join(parts, sql` and `);
}

export interface VisitScoreParams extends VisitArea {
  from: string;
  end: string;
  closeBy: string;
  perClass: number;
  points: { tier: Record<string, number>; strategic: number; due: number; overdue: number; dealNearClose: number; expectedDemand: number; risk: number; complaint: number; valuePerPoint: number };
}

/**
 * The best candidates of each class (vip / ordinary / prospect) for a trip, scored in SQL with the
 * same points as domain/visits.ts scoreCandidate (which re-scores the few returned, with reasons).
 */
export async function visitCandidates(db: Db, p: VisitScoreParams) {
  const tiers = Object.entries(p.points.tier);
  const tierCase = tiers.length ? sql`case ${sql.join(tiers.map(([k, v]) => sql`when upper(f.tier) = ${k.toUpperCase()} then ${v}`), sql` `)} else 0 end` : sql`0`;
  const q = sql<{
    id: number;
    city: string | null;
    region: string | null;
    tier: string | null;
    strategic: number;
    last_order_on: string | null;
    value_score: number | null;
    next_due_on: string | null;
    expected_demand: number | null;
    churn: number;
    ladder: string | null;
    near: number;
    complaints: number;
    score: number;
    cls: string;
  }>`
    with s as materialized (
      select f.*,
        (${tierCase}
         + case when f.strategic = 1 then ${p.points.strategic} else 0 end
         + case when f.next_due_on <= ${p.end} then ${p.points.due} + (case when f.next_due_on <= ${p.from} then ${p.points.overdue} else 0 end) else 0 end
         + case when f.near > 0 then ${p.points.dealNearClose} else 0 end
         + case when f.expected_demand > 0 then ${p.points.expectedDemand} else 0 end
         + case when f.churn > 0 or f.ladder in ('dormant', 'defector') then ${p.points.risk} else 0 end
         + case when f.complaints > 0 then ${p.points.complaint} else 0 end
         + coalesce(f.value_score, 0) * ${p.points.valuePerPoint}) as score
      from (
        select a.id, a.city, a.region, a.tier, a.strategic, a.last_order_on, a.value_score, a.next_due_on, a.expected_demand, a.ladder,
          case when a.strategic = 1 or upper(a.tier) = 'A' then 'vip' when a.last_order_on is not null or a.tier is not null then 'ordinary' else 'prospect' end as cls,
          (select count(*) from deals d where d.account_id = a.id and d.status = 'open' and (d.stage in ('negotiate', 'close') or d.expected_close <= ${p.closeBy})) as near,
          (select count(*) from churn_signals c where c.account_id = a.id and c.cleared_on is null) as churn,
          (select count(*) from complaints c where c.account_id = a.id and c.status in ('open', 'acknowledged')) as complaints
        from accounts a
        where ${areaFilter(p)}
      ) f
    )
    -- the best few of each class: three bounded top-N sorts instead of ranking the whole area
    select * from (select * from s where cls = 'vip' order by score desc, id limit ${p.perClass})
    union all select * from (select * from s where cls = 'ordinary' order by score desc, id limit ${p.perClass})
    union all select * from (select * from s where cls = 'prospect' order by score desc, id limit ${p.perClass})`;
  return (await q.execute(db)).rows;
}

export async function countArea(db: Db, a: VisitArea): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from accounts a where ${areaFilter(a)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Customers of the area (or of these cities), key accounts first, to notify of a trip. */
export async function areaCustomers(db: Db, a: VisitArea, cities: string[] | undefined, limit: number) {
  if (cities && !cities.length) return { ids: [] as number[], total: 0 };
  const cityFilter = cities ? sql`and a.city in (${sql.join(cities)})` : sql``;
  const where = sql`${areaFilter(a)} and (a.last_order_on is not null or a.tier is not null or a.strategic = 1) ${cityFilter}`;
  const total = Number((await sql<{ n: number }>`select count(*) as n from accounts a where ${where}`.execute(db)).rows[0]?.n ?? 0);
  const lim = limit > 0 ? sql`limit ${limit}` : sql``;
  const rows = await sql<{ id: number }>`select a.id from accounts a where ${where}
    order by a.strategic desc, case upper(a.tier) when 'A' then 1 when 'B' then 2 when 'C' then 3 else 4 end, coalesce(a.value_score, 0) desc, a.id ${lim}`.execute(db);
  return { ids: rows.rows.map((r) => r.id), total };
}

export interface BaseParams {
  kindPoints: Record<string, number>;
  tierPoints: Record<string, number>;
  strategic: number;
  valuePerPoint: number;
  riskPerSignal: number;
  riskMaxSignals: number;
  overdueCap: number;
}

/**
 * Recomputes the stored base urgency of due items and annual dates from the accounts' current
 * tier, strategic flag and value score, in two set-based statements (same terms as urgency()).
 */
export async function updateBases(db: Db, p: BaseParams, accountIds?: readonly number[]): Promise<void> {
  const tiers = Object.entries(p.tierPoints).filter(([k]) => k !== 'prospect');
  const accountTerms = sql`(select (case when a.tier is null then (case when a.last_order_on is null then ${p.tierPoints.prospect ?? 0} else 0 end) ${sql.join(
    tiers.map(([k, v]) => sql`when upper(a.tier) = ${k.toUpperCase()} then ${v}`),
    sql` `,
  )} else 0 end) + (case when a.strategic = 1 then ${p.strategic} else 0 end) + coalesce(a.value_score, 0) * ${p.valuePerPoint} from accounts a where a.id = t.account_id)`;
  const kindCase = (col: ReturnType<typeof sql>) =>
    sql`(case ${col} ${sql.join(Object.entries(p.kindPoints).map(([k, v]) => sql`when ${k} then ${v}`), sql` `)} else 0 end)`;
  const risk = sql`${p.riskPerSignal} * (case when t.risk > ${p.riskMaxSignals} then ${p.riskMaxSignals} else t.risk end)`;
  const only = accountIds ? sql`where t.account_id in (${sql.join([...accountIds])})` : sql``;
  await sql`update due_items as t set base = ${kindCase(sql`t.kind`)} + ${accountTerms} + ${risk}, cap = ${kindCase(sql`t.kind`)} + ${accountTerms} + ${risk} + ${p.overdueCap} ${only}`.execute(db);
  // annual dates keep their risk inside base: take it from the account's stored items
  const annualRisk = sql`${p.riskPerSignal} * coalesce((select case when max(d.risk) > ${p.riskMaxSignals} then ${p.riskMaxSignals} else max(d.risk) end from due_items d where d.account_id = t.account_id), 0)`;
  await sql`update annual_dates as t set base = (case when t.kind = 'birthday' then ${p.kindPoints.birthday ?? 0} else ${p.kindPoints.anniversary ?? 0} end) + ${accountTerms} + ${annualRisk} ${only}`.execute(db);
}

/** Active accounts no write has stored items for yet (every processed account has a next due date). */
export async function unprocessedAccounts(db: Db, max: number): Promise<number[]> {
  const rows = await db.selectFrom('accounts').select('id').where('next_due_on', 'is', null).where('archived_at', 'is', null).limit(max + 1).execute();
  return rows.map((r) => r.id);
}

// ---- writes of the due refresh

export async function deleteDueItems(db: Db, ids: readonly number[]): Promise<void> {
  await db.deleteFrom('due_items').where('account_id', 'in', ids).execute();
}

export async function insertDueItems(db: Db, rows: Insertable<DueItemTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 40) await db.insertInto('due_items').values(rows.slice(i, i + 40)).execute();
}

export async function setNextDue(db: Db, next: string | null, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await db.updateTable('accounts').set({ next_due_on: next }).where('id', 'in', ids.slice(i, i + 500)).execute();
}

/** last_contact_on and last_order_on from the accounts' own rows, in one statement (every account without ids). */
export async function refreshActivityColumns(db: Db, ids?: readonly number[]): Promise<void> {
  const update = () =>
    db.updateTable('accounts').set((eb) => ({
      last_contact_on: eb.fn('substr', [eb.selectFrom('interactions').select((e) => e.fn.max('occurred_at').as('m')).whereRef('interactions.account_id', '=', 'accounts.id'), eb.lit(1), eb.lit(10)]),
      last_order_on: eb.selectFrom('orders').select((e) => e.fn.max('ordered_on').as('m')).whereRef('orders.account_id', '=', 'accounts.id'),
    }));
  if (!ids) {
    await update().execute();
    return;
  }
  for (let i = 0; i < ids.length; i += 500) await update().where('id', 'in', ids.slice(i, i + 500)).execute();
}

/** The birthdays and anniversaries of one account, with the contact's name. */
export async function annualDatesOf(db: Db, accountId: number) {
  return db
    .selectFrom('annual_dates')
    .leftJoin('contacts', 'contacts.id', 'annual_dates.contact_id')
    .select(['annual_dates.id', 'annual_dates.account_id', 'annual_dates.contact_id', 'annual_dates.kind', 'annual_dates.date', 'annual_dates.label', 'annual_dates.source', 'contacts.name'])
    .where('annual_dates.account_id', '=', accountId)
    .execute();
}

/** Records a due item as done or snoozed (until a date). */
export async function setDueState(db: Db, row: { item_key: string; status: 'done' | 'snoozed'; until: string | null; at: string; account_id: number | null }): Promise<void> {
  await db
    .insertInto('due_state')
    .values(row)
    .onConflict((oc) => oc.column('item_key').doUpdateSet({ status: row.status, until: row.until, at: row.at, account_id: row.account_id }))
    .execute();
}

export async function getDueState(db: Db, key: string) {
  return db.selectFrom('due_state').selectAll().where('item_key', '=', key).executeTakeFirst();
}

export async function deleteDueState(db: Db, key: string): Promise<void> {
  await db.deleteFrom('due_state').where('item_key', '=', key).execute();
}

/** Every done or snoozed item: what an upgrade reads to carry old item ids over. */
export async function allDueStates(db: Db) {
  return db.selectFrom('due_state').selectAll().orderBy('item_key').execute();
}

export type SourceTable = 'accounts' | 'promises' | 'next_steps' | 'complaints' | 'deals' | 'contacts' | 'important_dates' | 'interactions' | 'annual_dates';

/** The account a due item's source row belongs to (undefined: no such row). */
export async function accountOfSource(db: Db, table: SourceTable, id: number): Promise<number | undefined> {
  if (table === 'accounts') return (await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst())?.id;
  const r = await db.selectFrom(table).select('account_id').where('id', '=', id).executeTakeFirst();
  return r?.account_id;
}

/** The next step an interaction set, of a kind (an old due id named the interaction, not the step). */
export async function stepsOfInteractionKind(db: Db, interactionId: number, kind: string, dueOn?: string) {
  let q = db.selectFrom('next_steps').select(['id', 'kind', 'status']).where('interaction_id', '=', interactionId).where('kind', '=', kind as never);
  if (dueOn) q = q.where('due_on', '=', dueOn);
  return q.orderBy('id').execute();
}

export async function annualSourceOfRow(db: Db, id: number): Promise<string | null | undefined> {
  return (await db.selectFrom('annual_dates').select('source').where('id', '=', id).executeTakeFirst())?.source;
}

export async function annualRow(db: Db, id: number) {
  return db.selectFrom('annual_dates').select(['id', 'account_id', 'contact_id', 'kind', 'date', 'source']).where('id', '=', id).executeTakeFirst();
}

/** The important date an annual row was built from (before annual rows named their source). */
export async function importantDateLike(db: Db, r: { account_id: number; contact_id: number | null; kind: string; date: string }): Promise<number | undefined> {
  let q = db.selectFrom('important_dates').select(['id', 'kind', 'date']).where('account_id', '=', r.account_id);
  q = r.contact_id === null ? q.where('contact_id', 'is', null) : q.where('contact_id', '=', r.contact_id);
  const rows = await q.execute();
  return rows.find((d) => (d.kind === 'first-deal' ? 'first-order' : d.kind) === r.kind && d.date.trim().slice(0, 10) === r.date)?.id;
}
