// Rows the due list and the visit planner read, loaded in bounded batches per set of accounts.
import { sql } from 'kysely';
import type { Db } from '../connection.js';

const CHUNK = 500;

export async function inChunks<T>(ids: readonly number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
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

/** Each account's most recent interaction (the one whose next step is pending). */
export async function latestInteractions(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) =>
    db
      .selectFrom('interactions as i')
      .select(interactionCols.map((k) => `i.${k}` as const))
      .where('i.account_id', 'in', c)
      .where('i.id', '=', (eb) =>
        eb
          .selectFrom('interactions as j')
          .select('j.id')
          .whereRef('j.account_id', '=', 'i.account_id')
          .orderBy('j.occurred_at', 'desc')
          .orderBy('j.id', 'desc')
          .limit(1),
      )
      .execute(),
  );
}

export async function latestOnboardInteractions(db: Db, ids: readonly number[]) {
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
  return inChunks(ids, (c) =>
    db.selectFrom('promises').select(['id', 'account_id', 'what', 'due_on', 'made_by', 'contact_id', 'created_at']).where('account_id', 'in', c).where('status', '=', 'open').execute(),
  );
}

export async function openComplaints(db: Db, ids: readonly number[]) {
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
  return inChunks(ids, (c) => db.selectFrom('due_state').selectAll().where('account_id', 'in', c).execute());
}

export async function listWideStates(db: Db) {
  return db.selectFrom('due_state').selectAll().where('account_id', 'is', null).execute();
}

export async function openChurnSignals(db: Db, ids: readonly number[]) {
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

/** Birthdays and anniversaries whose month-day falls in one of the ranges. */
export async function annualInRanges(db: Db, ranges: [string, string][], owner?: string) {
  const out = [];
  for (const [from, to] of ranges) {
    let q = db
      .selectFrom('annual_dates as d')
      .innerJoin('accounts as a', 'a.id', 'd.account_id')
      .leftJoin('contacts as c', 'c.id', 'd.contact_id')
      .leftJoin('reps', 'reps.id', 'a.owner_id')
      .select(['d.id', 'd.account_id', 'd.contact_id', 'd.kind', 'd.date', 'd.label', 'c.name as contact_name'])
      .where('d.md', '>=', from)
      .where('d.md', '<=', to)
      .where('a.archived_at', 'is', null);
    if (owner) q = q.where('reps.name', '=', owner);
    out.push(...(await q.execute()));
  }
  return out;
}

/** Rebuilds the annual dates of these accounts from their contacts, founding date, first order and important dates. */
export async function rebuildAnnualDates(db: Db, ids: readonly number[]): Promise<void> {
  await inChunks(ids, async (c) => {
    await db.deleteFrom('annual_dates').where('account_id', 'in', c).execute();
    const rows: { account_id: number; contact_id: number | null; kind: string; md: string; date: string; label: string | null }[] = [];
    const seen = new Set<string>();
    const push = (account_id: number, contact_id: number | null, kind: string, date: string | null, label: string | null) => {
      if (!date) return;
      const m = /^(?:\d{4}-|--)(\d{2})-(\d{2})$/.exec(date.trim().slice(0, 10).length === 10 ? date.trim().slice(0, 10) : date.trim());
      if (!m) return;
      const md = `${m[1]}-${m[2]}`;
      const key = `${account_id}|${contact_id}|${kind}|${md}`;
      if (seen.has(key)) return;
      seen.add(key);
      rows.push({ account_id, contact_id, kind, md, date: date.trim().slice(0, 10), label });
    };
    for (const r of await db.selectFrom('contacts').select(['id', 'account_id', 'birthday']).where('account_id', 'in', c).where('birthday', 'is not', null).where('archived_at', 'is', null).execute())
      push(r.account_id, r.id, 'birthday', r.birthday, null);
    for (const r of await db.selectFrom('accounts').select(['id', 'founded_on']).where('id', 'in', c).where('founded_on', 'is not', null).execute())
      push(r.id, null, 'founding', r.founded_on, null);
    for (const r of await db.selectFrom('orders').select(['account_id', (eb) => eb.fn.min('ordered_on').as('first')]).where('account_id', 'in', c).groupBy('account_id').execute())
      push(r.account_id, null, 'first-order', r.first as string | null, null);
    for (const r of await db.selectFrom('important_dates').select(['account_id', 'contact_id', 'kind', 'date', 'label']).where('account_id', 'in', c).execute()) {
      const kind = r.kind === 'first-deal' ? 'first-order' : r.kind;
      push(r.account_id, r.contact_id, kind, r.date, r.label);
    }
    for (let i = 0; i < rows.length; i += 100) await db.insertInto('annual_dates').values(rows.slice(i, i + 100)).execute();
    return [];
  });
}

export interface RankParams {
  today: string;
  todayDay: number;
  horizon: string;
  owner?: string;
  limit: number;
  kindPoints: Record<string, number>;
  perDay: number;
  minDays: number;
  maxDays: number;
  tierPoints: Record<string, number>;
  strategic: number;
  valuePerPoint: number;
  riskPerSignal: number;
  riskMaxSignals: number;
  fatigueKinds: string[];
  /** contacted after this date (and not after today) → held back for fatigue kinds */
  fatigueAfter: string;
}

/**
 * The stored due items by the horizon, ranked by urgency in SQL (the same terms as domain/due.ts
 * urgency(), which the service recomputes for the rows shown, with explanations), with the total.
 * Portable SQL: integer day numbers, CASE, a window count.
 */
export async function rankedDueItems(db: Db, p: RankParams, heldBack: boolean) {
  const overdue = sql`(${p.todayDay} - di.due_day)`;
  const kindCase = Object.keys(p.kindPoints).length
    ? sql`case di.kind ${sql.join(Object.entries(p.kindPoints).map(([k, v]) => sql`when ${k} then ${v}`), sql` `)} else 0 end`
    : sql`0`;
  const tiers = Object.entries(p.tierPoints).filter(([k]) => k !== 'prospect');
  const tierCase = sql`case when a.tier is null then (case when a.last_order_on is null then ${p.tierPoints.prospect ?? 0} else 0 end) ${sql.join(
    tiers.map(([k, v]) => sql`when upper(a.tier) = ${k.toUpperCase()} then ${v}`),
    sql` `,
  )} else 0 end`;
  const urgency = sql<number>`(${kindCase}
    + ${p.perDay} * (case when ${overdue} > ${p.maxDays} then ${p.maxDays} when ${overdue} < ${p.minDays} then ${p.minDays} else ${overdue} end)
    + ${tierCase}
    + (case when a.strategic = 1 then ${p.strategic} else 0 end)
    + coalesce(a.value_score, 0) * ${p.valuePerPoint}
    + ${p.riskPerSignal} * (case when di.risk > ${p.riskMaxSignals} then ${p.riskMaxSignals} else di.risk end))`;
  // CASE, not a bare predicate: a null last contact must count as "not fatigued", not unknown.
  const fatigue = p.fatigueKinds.length
    ? sql`(case when di.kind in (${sql.join(p.fatigueKinds)}) and a.last_contact_on > ${p.fatigueAfter} and a.last_contact_on <= ${p.today} then 1 else 0 end)`
    : sql`0`;
  let q = db
    .selectFrom('due_items as di')
    .innerJoin('accounts as a', 'a.id', 'di.account_id')
    .leftJoin('reps', 'reps.id', 'a.owner_id')
    .select([
      'di.item_key',
      'di.kind',
      'di.account_id',
      'di.contact_id',
      'di.due_on',
      'di.appear_on',
      'di.reason',
      'di.action',
      'di.risk',
      'a.name',
      'a.tier',
      'a.strategic',
      'a.value_score',
      'a.last_order_on',
      'a.last_contact_on',
      'reps.name as owner',
    ])
    .select(urgency.as('u'))
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('di.appear_on', '<=', p.horizon)
    .where('a.archived_at', 'is', null)
    .where(sql<boolean>`${fatigue} = ${heldBack ? 1 : 0}`);
  if (p.owner) q = q.where('reps.name', '=', p.owner);
  q = heldBack ? q.orderBy('di.item_key') : q.orderBy('u', 'desc').orderBy('di.due_on').orderBy('di.item_key');
  if (p.limit > 0) q = q.limit(p.limit);
  return q.execute();
}

export async function anyDueItems(db: Db): Promise<{ items: boolean; accounts: boolean }> {
  const i = await db.selectFrom('due_items').select('item_key').limit(1).executeTakeFirst();
  if (i) return { items: true, accounts: true };
  const a = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  return { items: false, accounts: !!a };
}
