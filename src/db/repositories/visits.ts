// Visit plans, their visits, and what a visit brief reads about one account.
import type { Db } from '../engine.js';
import { sql } from 'kysely';
import { inBase, type SqlRates } from '../money.js';
import { inChunks } from './due.js';

export async function insertPlan(db: Db, row: { created_at: string; from_on: string; days: number; region: string | null; city: string | null; body: string }): Promise<number> {
  return (await db.insertInto('visit_plans').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setPlanBody(db: Db, planId: number, body: string): Promise<void> {
  await db.updateTable('visit_plans').set({ body }).where('id', '=', planId).execute();
}

export async function insertVisit(db: Db, row: { plan_id: number; account_id: number; day: string; seq: number; purpose: string | null; status: 'planned'; interaction_id: null }): Promise<number> {
  return (await db.insertInto('visits').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Plans, newest first, with how many visits each has and how many are done. */
export async function listPlans(db: Db) {
  return db
    .selectFrom('visit_plans as p')
    .select(['p.id', 'p.created_at', 'p.from_on', 'p.days', 'p.region', 'p.city'])
    .select((eb) => eb.selectFrom('visits').select((e) => e.fn.countAll<number>().as('n')).whereRef('visits.plan_id', '=', 'p.id').as('visits'))
    .select((eb) => eb.selectFrom('visits').select((e) => e.fn.countAll<number>().as('n')).whereRef('visits.plan_id', '=', 'p.id').where('visits.status', '=', 'done').as('done'))
    .orderBy('p.id', 'desc')
    .execute();
}

/** One plan, or the latest when no id is given. */
export async function getPlan(db: Db, planId?: number) {
  return planId === undefined
    ? db.selectFrom('visit_plans').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst()
    : db.selectFrom('visit_plans').selectAll().where('id', '=', planId).executeTakeFirst();
}

export async function getVisit(db: Db, id: number) {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function linkInteraction(db: Db, interactionId: number, visitId: number): Promise<void> {
  await db.updateTable('interactions').set({ visit_id: visitId }).where('id', '=', interactionId).execute();
}

export async function setVisitStatus(db: Db, visitId: number, status: 'done' | 'skipped', interactionId: number | null): Promise<void> {
  await db.updateTable('visits').set({ status, interaction_id: interactionId }).where('id', '=', visitId).execute();
}

export async function visitsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('visits as v')
    .innerJoin('accounts as a', 'a.id', 'v.account_id')
    .select(['v.id', 'v.day', 'v.seq', 'v.account_id', 'v.purpose', 'v.status', 'a.name'])
    .where('v.plan_id', '=', planId)
    .orderBy('v.day')
    .orderBy('v.seq')
    .execute();
}

/** Visits logged at these accounts from `from` until before `toEnd`, linked to a plan or not. */
export async function visitsLogged(db: Db, accountIds: readonly number[], from: string, toEnd: string) {
  return inChunks(accountIds, (c) =>
    db
      .selectFrom('interactions')
      .select(['id', 'account_id', 'occurred_at', 'visit_id', 'details'])
      .where('account_id', 'in', c)
      .where('kind', '=', 'visit')
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<', toEnd)
      .execute(),
  );
}

export async function interactionsOfVisits(db: Db, visitIds: readonly number[]) {
  return db.selectFrom('interactions').select(['id', 'visit_id', 'occurred_at', 'details']).where('visit_id', 'in', visitIds.length ? visitIds : [-1]).execute();
}

/** Visits logged in the period at accounts outside the plan and not linked to its visits. */
export async function unplannedVisits(db: Db, from: string, toEnd: string, visitIds: readonly number[], accountIds: readonly number[]): Promise<number> {
  const r = await db
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'visit')
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', toEnd)
    .where((eb) => eb.or([eb('visit_id', 'is', null), eb('visit_id', 'not in', visitIds.length ? visitIds : [-1])]))
    .where('account_id', 'not in', accountIds.length ? accountIds : [-1])
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function accountNamesAndCities(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) => db.selectFrom('accounts').select(['id', 'name', 'city']).where('id', 'in', c).execute());
}

/** What a visit brief says about the company. */
export async function briefAccounts(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) =>
    db
      .selectFrom('accounts')
      .select(['id', 'name', 'address', 'city', 'industry', 'industry_position', 'main_business', 'supply_channels', 'buying_mode', 'tier', 'notes'])
      .where('id', 'in', c)
      .execute(),
  );
}

/** What a visit brief reads of one account's history: recent orders, the year's totals, open items, materials sent. */
export async function briefHistory(db: Db, id: number, yearFrom: string, rates: SqlRates) {
  const orders = await db.selectFrom('orders').select(['ordered_on', 'amount', 'currency', 'product']).where('account_id', '=', id).orderBy('ordered_on', 'desc').limit(3).execute();
  const year = await db
    .selectFrom('orders')
    .select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(${inBase(sql.ref('amount'), sql.ref('currency'), sql.ref('ordered_on'), rates)})`.as('total')])
    .where('account_id', '=', id)
    .where('ordered_on', '>=', yearFrom)
    .executeTakeFirst();
  const promises = await db.selectFrom('promises').select(['what', 'due_on']).where('account_id', '=', id).where('status', '=', 'open').orderBy('due_on').execute();
  const complaints = await db
    .selectFrom('complaints')
    .select(['summary', 'status', 'opened_on'])
    .where('account_id', '=', id)
    .where('status', 'in', ['open', 'acknowledged', 'resolved'])
    .where('feedback_on', 'is', null)
    .orderBy('opened_on')
    .execute();
  const last = await db.selectFrom('interactions').select(['occurred_at', 'kind', 'stage', 'summary', 'outcome']).where('account_id', '=', id).orderBy('occurred_at', 'desc').limit(3).execute();
  const deals = await db.selectFrom('deals').select(['title', 'stage', 'amount', 'currency', 'probability', 'expected_close', 'competitor']).where('account_id', '=', id).where('status', '=', 'open').execute();
  const materials = await db.selectFrom('interaction_materials').select('material').distinct().where('account_id', '=', id).execute();
  return { orders, year, promises, complaints, last, deals, materials };
}

/** Status of these promises (the next steps a visit report agreed), by id. */
export async function promiseStatuses(db: Db, ids: readonly number[]) {
  return inChunks(ids, (c) => db.selectFrom('promises').select(['id', 'status', 'due_on']).where('id', 'in', c).execute());
}
