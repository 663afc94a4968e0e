import type { Kysely } from 'kysely';

// Name forms (issue 13, point 8): a company or person known under two names (张伟 and Zhang Wei,
// a maiden name, a renamed company) keeps both. The current name stays in accounts.name /
// contacts.name; every other form is a row here, matched like the name by find, ACCOUNT
// resolution and the duplicate checks.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('aliases')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    /** the contact the name belongs to; null for a name of the account itself */
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** the same key as accounts.name_key / contacts.name_key */
    .addColumn('name_key', 'text', (c) => c.notNull())
    /** how the name came: edit (renamed), merge, import, hand */
    .addColumn('source', 'text')
    /** the import batch that added it (its undo removes it) */
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('aliases_key').on('aliases').column('name_key').execute();
  await db.schema.createIndex('aliases_account').on('aliases').columns(['account_id', 'contact_id']).execute();
  await db.schema.createIndex('aliases_contact').on('aliases').column('contact_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('aliases').execute();
}
