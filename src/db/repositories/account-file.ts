// What `crm show` reads of one account: its open items, order totals and every table that records
// something that happened with it (the timeline).
import type { Db } from '../engine.js';

export async function importantDates(db: Db, accountId: number) {
  return db.selectFrom('important_dates').selectAll().where('account_id', '=', accountId).orderBy('date').execute();
}

/** Count, first and last order date (amounts: orderAmounts, each in its currency). */
export async function orderSummary(db: Db, accountId: number) {
  return db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.min('ordered_on').as('first'),
      eb.fn.max('ordered_on').as('last'),
    ])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** Each order's amount, profit, currency and date: the caller converts them to the base currency. */
export async function orderAmounts(db: Db, accountId: number) {
  return db.selectFrom('orders').select(['amount', 'profit', 'currency', 'ordered_on']).where('account_id', '=', accountId).execute();
}

export async function dealsOf(db: Db, accountId: number) {
  return db.selectFrom('deals').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').execute();
}

export async function openPromisesOf(db: Db, accountId: number) {
  return db.selectFrom('promises').selectAll().where('account_id', '=', accountId).where('status', '=', 'open').orderBy('due_on').execute();
}

export async function unclosedComplaintsOf(db: Db, accountId: number) {
  return db.selectFrom('complaints').selectAll().where('account_id', '=', accountId).where('status', '!=', 'closed').execute();
}

export async function ladderOf(db: Db, accountId: number) {
  return db.selectFrom('ladder_history').select(['rung', 'since']).where('account_id', '=', accountId).orderBy('since').orderBy('id').execute();
}

/** Every record of the account's story, table by table (the caller puts them in time order). */
export async function timelineRows(db: Db, id: number) {
  const [interactions, materials, present, orders, stageMoves, promises, complaints, surveys, handoffs, signals, steps] = await Promise.all([
    db
      .selectFrom('interactions as i')
      .leftJoin('contacts as c', 'c.id', 'i.contact_id')
      .leftJoin('reps as r', 'r.id', 'i.rep_id')
      .select(['i.id', 'i.occurred_at', 'i.kind', 'i.stage', 'i.summary', 'i.outcome', 'i.next_step', 'i.next_due', 'i.details', 'i.minutes', 'i.deal_id', 'i.visit_id', 'c.name as contact', 'r.name as rep'])
      .where('i.account_id', '=', id)
      .execute(),
    db.selectFrom('interaction_materials').select(['interaction_id', 'material']).where('account_id', '=', id).execute(),
    db
      .selectFrom('interaction_contacts as ic')
      .innerJoin('contacts as c', 'c.id', 'ic.contact_id')
      .select(['ic.interaction_id', 'c.name'])
      .where('ic.account_id', '=', id)
      .orderBy('c.name')
      .execute(),
    db.selectFrom('orders').selectAll().where('account_id', '=', id).execute(),
    db
      .selectFrom('deal_stage_history as h')
      .innerJoin('deals as d', 'd.id', 'h.deal_id')
      .select(['h.id', 'h.at', 'h.from_stage', 'h.to_stage', 'h.skipped', 'h.forced', 'h.note', 'd.title', 'd.id as deal_id'])
      .where('d.account_id', '=', id)
      .execute(),
    db.selectFrom('promises').selectAll().where('account_id', '=', id).execute(),
    db.selectFrom('complaints').selectAll().where('account_id', '=', id).execute(),
    db.selectFrom('surveys').selectAll().where('account_id', '=', id).execute(),
    db.selectFrom('handoffs').selectAll().where('account_id', '=', id).execute(),
    db.selectFrom('churn_signals').selectAll().where('account_id', '=', id).execute(),
    db.selectFrom('next_steps').selectAll().where('account_id', '=', id).where('status', '!=', 'open').execute(),
  ]);
  return { interactions, materials, present, orders, stageMoves, promises, complaints, surveys, handoffs, signals, steps };
}
