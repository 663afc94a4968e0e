// The consistency checks of `crm doctor` that are plain queries (the engine's own checks, integrity
// and foreign keys, are Engine methods).
import type { Db } from '../engine.js';

/** Phones and emails filed under another account than their contact's. */
export async function crossedContactPoints(db: Db): Promise<{ id: number; was: number; is: number }[]> {
  const rows = await db
    .selectFrom('contact_points as cp')
    .innerJoin('contacts as c', 'c.id', 'cp.contact_id')
    .select(['cp.id as id', 'cp.account_id as was', 'c.account_id as is'])
    .whereRef('c.account_id', '<>', 'cp.account_id')
    .execute();
  return rows;
}

/** Files contact points under their contact's account. */
export async function refileContactPoints(db: Db, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('contact_points')
      .set((eb) => ({ account_id: eb.selectFrom('contacts as c').select('c.account_id').whereRef('c.id', '=', 'contact_points.contact_id') }))
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

export async function batchesWithStatus(db: Db, status: 'undone' | 'running'): Promise<number[]> {
  const rows = await db.selectFrom('import_batches').select('id').where('status', '=', status).execute();
  return rows.map((r) => r.id);
}

/** How many rows of each provenance-carrying table the batches still hold. */
export async function rowsOfBatches(db: Db, batchIds: readonly number[]): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const t of ['accounts', 'contacts', 'contact_points', 'orders'] as const) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', 'in', batchIds).executeTakeFirstOrThrow();
    out.push([t, Number(r.n)]);
  }
  return out;
}

/** The number of rows of a table (for `crm db info`). */
export async function countRows(db: Db, table: 'accounts' | 'contacts' | 'contact_points' | 'deals' | 'interactions' | 'orders' | 'promises' | 'complaints' | 'surveys' | 'import_batches' | 'reps' | 'visit_plans'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
