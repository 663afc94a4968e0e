// Reading the change log and applying an undo's row operations. Table names come from the recorder
// (the live schema), so these queries are built on an untyped view of the database.
import type { Selectable } from 'kysely';
import type { Db } from '../engine.js';
import type { ChangeRowTable, ChangeTable } from '../schema.js';

export type Entry = Selectable<ChangeTable>;
export type EntryRow = Selectable<ChangeRowTable>;

export async function getEntry(db: Db, id: number): Promise<Entry | undefined> {
  return db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest entry of these kinds that nothing has reverted. */
export async function latestLive(db: Db, kinds: readonly string[]): Promise<Entry | undefined> {
  return db.selectFrom('changes').selectAll().where('undone_by', 'is', null).where('kind', 'in', kinds).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The entry of an import batch (kind import) or of its undo (import-undo). */
export async function entryOfBatch(db: Db, batchId: number, kind: string): Promise<Entry | undefined> {
  return db.selectFrom('changes').selectAll().where('batch_id', '=', batchId).where('kind', '=', kind).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * Entries newest first; with an account, those that changed one of its rows, and the imports that
 * merged into it or created it.
 */
export async function listEntries(db: Db, f: { accountId?: number; limit: number }): Promise<Entry[]> {
  let q = db.selectFrom('changes').selectAll();
  if (f.accountId !== undefined) {
    const id = f.accountId;
    q = q.where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('change_rows').select('change_id').where('account_id', '=', id).where('change_id', 'is not', null)),
        eb('batch_id', 'in', eb.selectFrom('import_rows').select('batch_id').where('account_id', '=', id)),
      ]),
    );
  }
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** The rows of these entries, in the order they were written. */
export async function rowsOfEntries(db: Db, ids: readonly number[]): Promise<EntryRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('change_rows').selectAll().where('change_id', 'in', ids).orderBy('id').execute();
}

/** The writes to this row by entries after `afterId`, newest first, each with its entry. */
export async function laterWrites(db: Db, tbl: string, rowKey: string, afterId: number): Promise<{ row: EntryRow; entry: Entry }[]> {
  const rows = await db
    .selectFrom('change_rows as r')
    .innerJoin('changes as c', 'c.id', 'r.change_id')
    .select(['r.id as row_id', 'r.op', 'r.before', 'r.after', 'r.account_id', 'r.tbl', 'r.row_key', 'r.change_id'])
    .select(['c.id', 'c.at', 'c.command', 'c.args', 'c.rep', 'c.kind', 'c.undoes', 'c.undone_by', 'c.batch_id'])
    .where('r.tbl', '=', tbl)
    .where('r.row_key', '=', rowKey)
    .where('r.change_id', '>', afterId)
    .orderBy('r.id', 'desc')
    .limit(200)
    .execute();
  return rows.map((x) => ({
    row: { id: x.row_id, change_id: x.change_id, tbl: x.tbl, row_key: x.row_key, op: x.op, before: x.before, after: x.after, account_id: x.account_id },
    entry: { id: x.id, at: x.at, command: x.command, args: x.args, rep: x.rep, kind: x.kind, undoes: x.undoes, undone_by: x.undone_by, batch_id: x.batch_id },
  }));
}

/** The entries with these ids. */
export async function getEntries(db: Db, ids: readonly number[]): Promise<Entry[]> {
  if (!ids.length) return [];
  return db.selectFrom('changes').selectAll().where('id', 'in', ids).execute();
}

/** Import batches finished after `at` that created or merged into this account. */
export async function batchesTouchingAccountSince(db: Db, accountId: number, at: string): Promise<number[]> {
  const rows = await db
    .selectFrom('import_batches as b')
    .select('b.id')
    .where('b.status', '=', 'done')
    .where('b.started_at', '>=', at)
    .where((eb) => eb.exists(eb.selectFrom('import_rows as r').select('r.id').whereRef('r.batch_id', '=', 'b.id').where('r.account_id', '=', accountId).where('r.action', 'in', ['created', 'merged'])))
    .orderBy('b.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}
