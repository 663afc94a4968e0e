import type { Kysely } from 'kysely';

// Relationship breadth (issue 19): a visit or meeting often involves several of the customer's
// people. `interactions.contact_id` keeps the main person; the others present are listed here, so
// "whom do we reach at this account, and how warm is each" counts everyone met.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('interaction_contacts')
    .addColumn('interaction_id', 'integer', (c) => c.notNull().references('interactions.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('interaction_contacts_pk', ['interaction_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('interaction_contacts_account').on('interaction_contacts').column('account_id').execute();
  await db.schema.createIndex('interaction_contacts_contact').on('interaction_contacts').column('contact_id').execute();
  // A contact's own history (the warmth of each person on `crm show`) without scanning the account's.
  await db.schema.createIndex('interactions_contact').on('interactions').columns(['contact_id', 'occurred_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('interactions_contact').execute();
  await db.schema.dropTable('interaction_contacts').execute();
}
