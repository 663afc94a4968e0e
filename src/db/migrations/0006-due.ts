import type { Kysely } from 'kysely';

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
    /** urgency without the overdue term (kind, tier, value, risk), as stored for due_items */
    .addColumn('base', 'real', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('annual_dates_md').on('annual_dates').column('md').execute();
  await db.schema.createIndex('annual_dates_account').on('annual_dates').column('account_id').execute();
  // The account's own items, materialised on every write (accountTouched): the due list is one
  // indexed range over appear_on, ranked in SQL, whatever the size of the history behind it.
  await db.schema
    .createTable('due_items')
    .addColumn('item_key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'integer')
    /** the deadline or occasion */
    .addColumn('due_on', 'text', (c) => c.notNull())
    /** due_on as days since 1970-01-01, so overdue days are integer arithmetic in any SQL dialect */
    .addColumn('due_day', 'integer', (c) => c.notNull())
    /** when the item shows on the list (lead time, snoozes applied) */
    .addColumn('appear_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    /** churn signals of the account when the item was computed (open signals, unresolved complaints, dormant rung) */
    .addColumn('risk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner_id', 'integer')
    .addColumn('last_contact_on', 'text')
    /** urgency without the overdue term, with the coefficients in force when stored */
    .addColumn('base', 'real', (c) => c.notNull().defaultTo(0))
    /** the highest urgency the item can reach (base + the overdue cap): the list reads in this order and stops early */
    .addColumn('cap', 'real', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('due_items_appear').on('due_items').column('appear_on').execute();
  await db.schema.createIndex('due_items_owner').on('due_items').columns(['owner_id', 'appear_on']).execute();
  await db.schema.createIndex('due_items_cap').on('due_items').column('cap').execute();
  await db.schema.createIndex('due_items_contact').on('due_items').column('last_contact_on').execute();
  await db.schema.createIndex('due_items_account').on('due_items').column('account_id').execute();
  await db.schema.alterTable('due_state').addColumn('account_id', 'integer').execute();
  await db.schema.createIndex('due_state_account').on('due_state').column('account_id').execute();
  await db.schema.createIndex('visits_day').on('visits').column('day').execute();
  await db.schema.createIndex('interactions_visit').on('interactions').column('visit_id').execute();
  // Accounts that exist before this migration get their items with `crm due --refresh` (the due
  // list says so while meta 'due.built' is missing and there are accounts).
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('due_items').execute();
  await db.schema.dropTable('annual_dates').execute();
}
