// What is recorded after and around a sale: promises, complaints, surveys, churn signals noted by
// hand, orders and handoffs between reps.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../engine.js';
import type { ChurnSignalTable, ComplaintTable, OrderTable, PromiseTable, SurveyTable } from '../schema.js';

// ---- promises

export async function insertPromise(db: Db, row: Insertable<PromiseTable>): Promise<number> {
  return (await db.insertInto('promises').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getPromise(db: Db, id: number) {
  return db.selectFrom('promises').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function finishPromise(db: Db, id: number, status: 'kept' | 'broken', at: string): Promise<void> {
  await db.updateTable('promises').set({ status, done_at: at }).where('id', '=', id).execute();
}

export async function listPromises(db: Db, f: { open?: boolean; account?: number; by?: string }) {
  let q = db
    .selectFrom('promises as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.account_id', 'a.name as account', 'p.what', 'p.to_whom', 'p.made_by', 'p.due_on', 'p.status', 'p.created_at', 'p.done_at']);
  if (f.open) q = q.where('p.status', '=', 'open');
  if (f.account !== undefined) q = q.where('p.account_id', '=', f.account);
  if (f.by) q = q.where('p.made_by', '=', f.by);
  return q.orderBy('p.id').execute();
}

// ---- complaints

export async function insertComplaint(db: Db, row: Insertable<ComplaintTable>): Promise<number> {
  return (await db.insertInto('complaints').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getComplaint(db: Db, id: number) {
  return db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateComplaint(db: Db, id: number, patch: Updateable<ComplaintTable>): Promise<void> {
  await db.updateTable('complaints').set(patch).where('id', '=', id).execute();
}

export async function listComplaints(db: Db, f: { open?: boolean; account?: number; id?: number }) {
  let q = db.selectFrom('complaints as c').innerJoin('accounts as a', 'a.id', 'c.account_id').selectAll('c').select('a.name as account');
  if (f.open) q = q.where('c.status', '!=', 'closed');
  if (f.account !== undefined) q = q.where('c.account_id', '=', f.account);
  if (f.id !== undefined) q = q.where('c.id', '=', f.id);
  return q.orderBy('c.opened_on').orderBy('c.id').execute();
}

// ---- surveys

export async function insertSurvey(db: Db, row: Insertable<SurveyTable>): Promise<number> {
  return (await db.insertInto('surveys').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

// ---- churn signals

export async function insertSignal(db: Db, row: Insertable<ChurnSignalTable>): Promise<number> {
  return (await db.insertInto('churn_signals').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getSignal(db: Db, id: number) {
  return db.selectFrom('churn_signals').select(['id', 'account_id', 'cleared_on']).where('id', '=', id).executeTakeFirst();
}

export async function clearSignal(db: Db, id: number, on: string): Promise<void> {
  await db.updateTable('churn_signals').set({ cleared_on: on }).where('id', '=', id).execute();
}

export async function listSignals(db: Db, f: { accountId?: number; all?: boolean }) {
  let q = db
    .selectFrom('churn_signals as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.account_id', 'a.name', 's.kind', 's.noted_on', 's.note', 's.cleared_on']);
  if (f.accountId !== undefined) q = q.where('s.account_id', '=', f.accountId);
  if (!f.all) q = q.where('s.cleared_on', 'is', null);
  return q.orderBy('s.noted_on', 'desc').orderBy('s.id', 'desc').execute();
}

// ---- orders

export async function insertOrder(db: Db, row: Insertable<OrderTable>): Promise<number> {
  return (await db.insertInto('orders').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listOrders(db: Db, f: { accountId?: number; from?: string; to?: string; limit?: number }) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .select(['o.id', 'o.account_id', 'a.name', 'o.ordered_on', 'o.amount', 'o.profit', 'o.product', 'o.quantity', 'o.currency', 'o.reference', 'o.batch_id']);
  if (f.accountId !== undefined) q = q.where('o.account_id', '=', f.accountId);
  if (f.from) q = q.where('o.ordered_on', '>=', f.from);
  if (f.to) q = q.where('o.ordered_on', '<=', f.to);
  q = q.orderBy('o.ordered_on', 'desc').orderBy('o.id', 'desc');
  if (f.limit) q = q.limit(f.limit);
  return q.execute();
}

// ---- handoffs

export async function insertHandoff(db: Db, row: { account_id: number; from_rep: string | null; to_rep: string; at: string; note: string | null }): Promise<number> {
  return (await db.insertInto('handoffs').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Gives the account's open deals to another rep. */
export async function setOpenDealsOwner(db: Db, accountId: number, repId: number): Promise<void> {
  await db.updateTable('deals').set({ owner_id: repId }).where('account_id', '=', accountId).where('status', '=', 'open').execute();
}

// ---- corrections: edit and delete single rows (crm promise|order|complaint|survey edit|delete)

export async function updatePromise(db: Db, id: number, patch: Updateable<PromiseTable>): Promise<void> {
  await db.updateTable('promises').set(patch).where('id', '=', id).execute();
}

export async function deletePromise(db: Db, id: number): Promise<void> {
  await db.deleteFrom('promises').where('id', '=', id).execute();
}

export async function getOrder(db: Db, id: number) {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOrder(db: Db, id: number, patch: Updateable<OrderTable>): Promise<void> {
  await db.updateTable('orders').set(patch).where('id', '=', id).execute();
}

export async function deleteOrder(db: Db, id: number): Promise<void> {
  await db.deleteFrom('orders').where('id', '=', id).execute();
}

export async function deleteComplaint(db: Db, id: number): Promise<void> {
  await db.deleteFrom('complaints').where('id', '=', id).execute();
}

export async function getSurvey(db: Db, id: number) {
  return db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSurvey(db: Db, id: number, patch: Updateable<SurveyTable>): Promise<void> {
  await db.updateTable('surveys').set(patch).where('id', '=', id).execute();
}

export async function deleteSurvey(db: Db, id: number): Promise<void> {
  await db.deleteFrom('surveys').where('id', '=', id).execute();
}

export async function listSurveys(db: Db, f: { accountId?: number }) {
  let q = db
    .selectFrom('surveys as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('contacts as c', 'c.id', 's.contact_id')
    .select(['s.id', 's.account_id', 'a.name as account', 'c.name as contact', 's.taken_on', 's.product_quality', 's.service_quality', 's.price', 's.communication', 's.overall', 's.comment']);
  if (f.accountId !== undefined) q = q.where('s.account_id', '=', f.accountId);
  return q.orderBy('s.taken_on', 'desc').orderBy('s.id', 'desc').execute();
}
