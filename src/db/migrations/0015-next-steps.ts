import type { Kysely } from 'kysely';

// Next steps (and retries and check-ins) become rows of their own: an open commitment stays open
// until it is done, rescheduled, snoozed or cancelled on purpose, however many interactions
// follow. Before, only the latest interaction's next step counted, so any later call silently
// dropped the earlier one.
//
// Rows of earlier versions (next_step/next_due on interactions) and due ids in the old format are
// carried over after the migration by the due rebuild that meta 'due.rebuild' asks for
// (services/upgrade.ts): that step needs the domain's rules, which a migration must not import.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('next_steps')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('deal_id', 'integer', (c) => c.references('deals.id').onDelete('set null'))
    /** the interaction that set it (a log, a stage command, a planned visit done) */
    .addColumn('interaction_id', 'integer', (c) => c.references('interactions.id').onDelete('set null'))
    /** the complaint it follows up, when set by crm complaint */
    .addColumn('complaint_id', 'integer', (c) => c.references('complaints.id').onDelete('set null'))
    /** next-step, retry (after a rejected approach) or check-in (implementation) */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    /** 'YYYY-MM-DD'; a step without a date is kept but not on the due list */
    .addColumn('due_on', 'text')
    /** open, done, cancelled, replaced */
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    /** the step that replaced it (status replaced) */
    .addColumn('replaced_by', 'integer')
    /** why it was closed, in words */
    .addColumn('note', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('next_steps_account').on('next_steps').columns(['account_id', 'status']).execute();
  await db.schema.createIndex('next_steps_interaction').on('next_steps').column('interaction_id').execute();
  await db.schema.createIndex('next_steps_complaint').on('next_steps').column('complaint_id').execute();
  await db.insertInto('meta').values({ key: 'due.rebuild', value: '0015-next-steps' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '0015-next-steps' })).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('next_steps').execute();
}
