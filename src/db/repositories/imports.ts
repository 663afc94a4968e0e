// Data access for import batches: the batch rows, their provenance, undo, meta. The reads an
// import makes while deciding rows are in import-lookups.ts; its writes go through db/batch.ts.
import type { Db } from '../connection.js';
import type { Account, Contact, ImportBatchTable, NewAccount, NewContact, NewContactPoint } from '../schema.js';
import type { Insertable, Selectable } from 'kysely';
import { deleteSearchBodies } from '../search-index.js';

export async function createBatch(db: Db, b: Insertable<ImportBatchTable>): Promise<number> {
  const r = await db.insertInto('import_batches').values(b).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function finishBatch(db: Db, id: number, patch: Partial<Selectable<ImportBatchTable>>): Promise<void> {
  await db.updateTable('import_batches').set(patch).where('id', '=', id).execute();
}

export async function getBatch(db: Db, id: number) {
  return db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBatches(db: Db) {
  return db.selectFrom('import_batches').selectAll().orderBy('id', 'desc').execute();
}

/** Set-based refresh of last_order_on for the accounts a batch touched (big files: one statement). */
export async function refreshLastOrder(db: Db, batchId: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({
      last_order_on: eb.selectFrom('orders').select((e) => e.fn.max('ordered_on').as('m')).whereRef('orders.account_id', '=', 'accounts.id'),
    }))
    .where('id', 'in', (eb) => eb.selectFrom('import_rows').select('account_id').where('batch_id', '=', batchId).where('account_id', 'is not', null))
    .execute();
}

export async function rowsOfBatch(db: Db, batchId: number) {
  return db.selectFrom('import_rows').selectAll().where('batch_id', '=', batchId).orderBy('id', 'desc').execute();
}

export async function rowsPage(db: Db, batchId: number, afterId: number, limit: number) {
  return db
    .selectFrom('import_rows')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('changes', 'is not', null), eb('conflicts', 'is not', null), eb('action', '=', 'rejected')]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Later batches (not undone) that merged into records this batch created. */
export async function laterBatchesTouching(db: Db, batchId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('import_rows as r')
    .innerJoin('import_batches as b', 'b.id', 'r.batch_id')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select('r.batch_id')
    .distinct()
    .where('a.batch_id', '=', batchId)
    .where('r.batch_id', '>', batchId)
    .where('b.status', '=', 'done')
    .where('r.action', 'in', ['created', 'merged'])
    .execute();
  return rows.map((r) => r.batch_id);
}

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function metaKeys(db: Db, prefix: string): Promise<{ key: string; value: string }[]> {
  return db.selectFrom('meta').selectAll().where('key', 'like', `${prefix}%`).orderBy('key').execute();
}

/** Undo of one batch, as a handful of set-based statements. Merges are reverted by the caller. */
export async function deleteBatchRecords(db: Db, batchId: number): Promise<{ accounts: number; contacts: number; points: number; orders: number }> {
  const orders = await db.deleteFrom('orders').where('batch_id', '=', batchId).executeTakeFirst();
  const points = await db.deleteFrom('contact_points').where('batch_id', '=', batchId).executeTakeFirst();
  const contacts = await db.deleteFrom('contacts').where('batch_id', '=', batchId).executeTakeFirst();
  const ids = db.selectFrom('accounts').select('id').where('batch_id', '=', batchId);
  await deleteSearchBodies(db, ids);
  const accounts = await db.deleteFrom('accounts').where('batch_id', '=', batchId).executeTakeFirst();
  return {
    accounts: Number(accounts.numDeletedRows),
    contacts: Number(contacts.numDeletedRows),
    points: Number(points.numDeletedRows),
    orders: Number(orders.numDeletedRows),
  };
}

export type { Account, Contact, NewAccount, NewContact, NewContactPoint };
