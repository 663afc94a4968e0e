import { sql, type Kysely } from 'kysely';

// The due list reads two stored, indexed things instead of scanning history:
// - accounts.next_due_on (from 0001): the earliest date one of the account's own items comes due;
// - annual_dates: birthdays and anniversaries by month-day ('MM-DD'), so the list finds the ones
//   near today with one index range, in any year, without any write when the year turns.
// due_state gets the account it belongs to, so an account's done/snoozed items load by index.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('annual_dates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('cascade'))
    /** birthday, founding, first-order, or the kind of an important date */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** 'MM-DD' of the occurrence */
    .addColumn('md', 'text', (c) => c.notNull())
    /** the original date ('YYYY-MM-DD' or '--MM-DD'), for the age or the number of years */
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .execute();
  await db.schema.createIndex('annual_dates_md').on('annual_dates').column('md').execute();
  await db.schema.createIndex('annual_dates_account').on('annual_dates').column('account_id').execute();
  await db.schema.alterTable('due_state').addColumn('account_id', 'integer').execute();
  await db.schema.createIndex('due_state_account').on('due_state').column('account_id').execute();
  await db.schema.createIndex('visits_day').on('visits').column('day').execute();
  await db.schema.createIndex('interactions_visit').on('interactions').column('visit_id').execute();
  // Accounts that exist before this migration have no stored due date yet: treat them as due now,
  // so the first `crm due` computes their items (and `crm due --refresh` stores exact dates).
  await sql`update accounts set next_due_on = coalesce(next_due_on, '0000-00-00')`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('annual_dates').execute();
}
