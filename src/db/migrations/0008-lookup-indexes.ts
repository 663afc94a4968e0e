import type { Kysely } from 'kysely';

// Indexes found by timing `crm show` and `crm due` on 100k accounts:
// - an account's open promises: with only (account_id) and (status, due_on) the planner walked
//   every open promise of the base to avoid a sort;
// - the due list's contact-fatigue check filters on contact date, kind and appear date together;
// - the due list's birthdays and anniversaries (below).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('promises_account_status').on('promises').columns(['account_id', 'status', 'due_on']).execute();
  await db.schema
    .createIndex('due_items_fatigue')
    .on('due_items')
    .columns(['last_contact_on', 'kind', 'appear_on'])
    .execute();
  // same leading column: the planner would keep picking the narrower one
  await db.schema.dropIndex('due_items_contact').execute();
  // Birthdays and anniversaries near today: thousands of rows a week at 200k contacts; a covering
  // index reads them in one range instead of one table lookup each.
  await db.schema
    .createIndex('annual_dates_md_cover')
    .on('annual_dates')
    .columns(['md', 'base', 'id', 'account_id', 'contact_id', 'kind', 'date', 'label'])
    .execute();
  await db.schema.dropIndex('annual_dates_md').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('annual_dates_md').on('annual_dates').column('md').execute();
  await db.schema.dropIndex('annual_dates_md_cover').execute();
  await db.schema.createIndex('due_items_contact').on('due_items').column('last_contact_on').execute();
  await db.schema.dropIndex('due_items_fatigue').execute();
  await db.schema.dropIndex('promises_account_status').execute();
}
