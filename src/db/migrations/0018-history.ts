import type { Kysely } from 'kysely';

// History and undo (issue 13, point 5): what every write changed, row by row, so a change can be
// listed and reverted. The rows are written by the engine's recorder (triggers on SQLite, see
// src/db/history.ts and docs/architecture.md), not by the services; the recorder's triggers are
// (re)installed after every migration run, so they follow tables and columns that later
// migrations add.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  // One entry per committed write transaction that changed recorded data (or per import batch).
  await db.schema
    .createTable('changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    /** the command path, e.g. "log", "contact edit", "undo" */
    .addColumn('command', 'text', (c) => c.notNull())
    /** the rest of the command line, for recognising the entry */
    .addColumn('args', 'text')
    /** who made it: the configured rep (team mode: the signed-in user) */
    .addColumn('rep', 'text')
    /** change, undo, redo, import, import-undo */
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('change'))
    /** the entry this one reverted (undo and redo) */
    .addColumn('undoes', 'integer')
    /** the entry that reverted this one */
    .addColumn('undone_by', 'integer')
    /** the import batch of an import or import-undo entry (those keep their own undo) */
    .addColumn('batch_id', 'integer')
    .execute();
  await db.schema.createIndex('changes_undoes').on('changes').column('undoes').execute();
  await db.schema
    .createTable('change_rows')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    /** null until the transaction that wrote the row commits its entry */
    .addColumn('change_id', 'integer', (c) => c.references('changes.id').onDelete('cascade'))
    .addColumn('tbl', 'text', (c) => c.notNull())
    /** the row's key: its id, or a JSON array of its key columns */
    .addColumn('row_key', 'text', (c) => c.notNull())
    /** insert, update or delete */
    .addColumn('op', 'text', (c) => c.notNull())
    /** JSON object of the recorded columns before (update, delete) and after (insert, update) */
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    /** the account the row belongs to, when it has one: `crm history ACCOUNT` */
    .addColumn('account_id', 'integer')
    .execute();
  await db.schema.createIndex('change_rows_change').on('change_rows').column('change_id').execute();
  await db.schema.createIndex('change_rows_row').on('change_rows').columns(['tbl', 'row_key']).execute();
  await db.schema.createIndex('change_rows_account').on('change_rows').columns(['account_id', 'change_id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('change_rows').execute();
  await db.schema.dropTable('changes').execute();
}
