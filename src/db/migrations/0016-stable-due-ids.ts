import type { Kysely } from 'kysely';

// Due ids derived from their source, so the ids in the morning's mail still work in the evening:
// - annual_dates.source names where a birthday or anniversary comes from ('contact-7', 'date-5',
//   'founding-12', 'first-order-12'); the row id changed on every write to the account;
// - due_items.hide_from: a cadence item stops showing from the day the account's dormant item
//   shows, so one silence is one item.
// Stored items are rebuilt after the migration (meta 'due.rebuild', services/upgrade.ts).
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('annual_dates').addColumn('source', 'text').execute();
  await db.schema.alterTable('due_items').addColumn('hide_from', 'text').execute();
  // the birthdays near today are read from this index alone: it carries the new column too
  await db.schema.dropIndex('annual_dates_md_cover').execute();
  await db.schema
    .createIndex('annual_dates_md_cover')
    .on('annual_dates')
    .columns(['md', 'base', 'id', 'account_id', 'contact_id', 'kind', 'date', 'label', 'source'])
    .execute();
  await db.insertInto('meta').values({ key: 'due.rebuild', value: '0016-stable-due-ids' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '0016-stable-due-ids' })).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('annual_dates_md_cover').execute();
  await db.schema
    .createIndex('annual_dates_md_cover')
    .on('annual_dates')
    .columns(['md', 'base', 'id', 'account_id', 'contact_id', 'kind', 'date', 'label'])
    .execute();
  await db.schema.alterTable('due_items').dropColumn('hide_from').execute();
  await db.schema.alterTable('annual_dates').dropColumn('source').execute();
}
