// Data access for import batches: the batch rows, their provenance, undo. The reads an
// import makes while deciding rows are in import-lookups.ts; its writes go through db/batch.ts.
import type { Db, SearchIndex } from '../engine.js';
import type { Account, Contact, ImportBatchTable, NewAccount, NewContact, NewContactPoint } from '../schema.js';
import type { Insertable, Selectable } from 'kysely';

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

/** Undo of one batch, as a handful of set-based statements. Merges are reverted by the caller. */
export async function deleteBatchRecords(db: Db, search: SearchIndex, batchId: number): Promise<{ accounts: number; contacts: number; points: number; orders: number }> {
  const orders = await db.deleteFrom('orders').where('batch_id', '=', batchId).executeTakeFirst();
  // names the batch kept as aliases of records that were there before it
  await db.deleteFrom('aliases').where('batch_id', '=', batchId).execute();
  const points = await db.deleteFrom('contact_points').where('batch_id', '=', batchId).executeTakeFirst();
  const contacts = await db.deleteFrom('contacts').where('batch_id', '=', batchId).executeTakeFirst();
  const ids = db.selectFrom('accounts').select('id').where('batch_id', '=', batchId);
  await search.removeWhere(db, ids);
  const accounts = await db.deleteFrom('accounts').where('batch_id', '=', batchId).executeTakeFirst();
  return {
    accounts: Number(accounts.numDeletedRows),
    contacts: Number(contacts.numDeletedRows),
    points: Number(points.numDeletedRows),
    orders: Number(orders.numDeletedRows),
  };
}

/**
 * What was recorded by hand on the accounts a batch created (contacts, orders of other origins,
 * interactions, deals, promises, complaints, surveys): undo would delete it with them.
 */
export async function laterRecordsOnCreated(db: Db, batchId: number): Promise<number> {
  const created = db.selectFrom('accounts').select('id').where('batch_id', '=', batchId);
  let n = 0;
  for (const table of ['contacts', 'orders'] as const) {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', 'in', created)
      .where((eb) => eb.or([eb('batch_id', 'is', null), eb('batch_id', '!=', batchId)]))
      .executeTakeFirst();
    n += Number(r?.n ?? 0);
  }
  for (const table of ['interactions', 'deals', 'promises', 'complaints', 'surveys'] as const) {
    const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', 'in', created).executeTakeFirst();
    n += Number(r?.n ?? 0);
  }
  return n;
}

/** Accounts holding orders or contact points of a batch. */
export async function accountsWithRowsOf(db: Db, table: 'orders' | 'contact_points' | 'aliases', batchId: number): Promise<number[]> {
  return (await db.selectFrom(table).select('account_id').distinct().where('batch_id', '=', batchId).execute()).map((r) => r.account_id);
}

/** Accounts a batch's rows name with an id up to `maxId` (the older accounts it merged into). */
export async function accountsOfRowsUpTo(db: Db, batchId: number, maxId: number): Promise<number[]> {
  const rows = await db.selectFrom('import_rows').select('account_id').distinct().where('batch_id', '=', batchId).where('account_id', '<=', maxId).execute();
  return rows.map((r) => r.account_id as number);
}

/** A page of the accounts a batch created, by id. */
export async function createdAccountsPage(db: Db, batchId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('accounts').select('id').where('batch_id', '=', batchId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export type { Account, Contact, NewAccount, NewContact, NewContactPoint };
