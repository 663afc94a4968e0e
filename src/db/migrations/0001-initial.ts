import type { Kysely } from 'kysely';
import { createSearchIndex } from '../sql-engine.js';

// The whole data model of domain.md, so later features add behaviour rather than rework tables.
// Only portable column types: integer, real, text. Booleans are 0/1 integers.

const id = 'integer';
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reps')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_batches')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('campaign', 'text')
    .addColumn('owner', 'text')
    .addColumn('tag', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conflicts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mapping', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('undone_at', 'text')
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('company'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('domain', 'text')
    .addColumn('address', 'text')
    .addColumn('city', 'text')
    .addColumn('region', 'text')
    .addColumn('country', 'text')
    .addColumn('postcode', 'text')
    .addColumn('industry', 'text')
    .addColumn('industry_position', 'text')
    .addColumn('employees', 'integer')
    .addColumn('main_business', 'text')
    .addColumn('business_scope', 'text')
    .addColumn('buying_mode', 'text')
    .addColumn('supply_channels', 'text')
    .addColumn('source', 'text')
    .addColumn('campaign', 'text')
    .addColumn('owner_id', 'integer', (c) => c.references('reps.id').onDelete('set null'))
    .addColumn('referred_by_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('notes', 'text')
    .addColumn('founded_on', 'text')
    .addColumn('strategic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('key_face', 'text')
    .addColumn('potential', 'text')
    .addColumn('expected_demand', 'real')
    .addColumn('extra', 'text')
    .addColumn('value_score', 'real')
    .addColumn('lead_score', 'real')
    .addColumn('tier', 'text')
    .addColumn('profit_tier', 'text')
    .addColumn('ladder', 'text')
    .addColumn('last_contact_on', 'text')
    .addColumn('last_order_on', 'text')
    .addColumn('next_due_on', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id').onDelete('set null'))
    .addColumn('source_file', 'text')
    .addColumn('source_line', 'integer')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_name_key').on('accounts').column('name_key').execute();
  await db.schema.createIndex('accounts_domain').on('accounts').column('domain').execute();
  await db.schema.createIndex('accounts_city').on('accounts').columns(['region', 'city']).execute();
  await db.schema.createIndex('accounts_next_due').on('accounts').column('next_due_on').execute();
  await db.schema.createIndex('accounts_batch').on('accounts').column('batch_id').execute();
  await db.schema.createIndex('accounts_owner').on('accounts').column('owner_id').execute();
  await db.schema.createIndex('accounts_source').on('accounts').columns(['source', 'campaign']).execute();

  await db.schema
    .createTable('account_tags')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_tags_pk', ['account_id', 'tag'])
    .execute();
  await db.schema.createIndex('account_tags_tag').on('account_tags').column('tag').execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('personality', 'text')
    .addColumn('hobbies', 'text')
    .addColumn('birthday', 'text')
    .addColumn('buying_role', 'text')
    .addColumn('entry_roles', 'text')
    .addColumn('notes', 'text')
    .addColumn('extra', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id').onDelete('set null'))
    .addColumn('source_file', 'text')
    .addColumn('source_line', 'integer')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_account').on('contacts').column('account_id').execute();
  await db.schema.createIndex('contacts_name_key').on('contacts').columns(['name_key', 'account_id']).execute();
  await db.schema.createIndex('contacts_batch').on('contacts').column('batch_id').execute();

  await db.schema
    .createTable('contact_points')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('raw', 'text')
    .addColumn('match_key', 'text')
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_points_key').on('contact_points').columns(['match_key', 'kind']).execute();
  await db.schema.createIndex('contact_points_contact').on('contact_points').column('contact_id').execute();
  await db.schema.createIndex('contact_points_account').on('contact_points').column('account_id').execute();

  await db.schema
    .createTable('important_dates')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .execute();
  await db.schema.createIndex('important_dates_account').on('important_dates').column('account_id').execute();

  await db.schema
    .createTable('deals')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('amount', 'real')
    .addColumn('probability', 'real')
    .addColumn('expected_close', 'text')
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .addColumn('lost_reason', 'text')
    .addColumn('competitor', 'text')
    .addColumn('owner_id', 'integer', (c) => c.references('reps.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('deals_account').on('deals').column('account_id').execute();
  await db.schema.createIndex('deals_status_stage').on('deals').columns(['status', 'stage']).execute();

  await db.schema
    .createTable('deal_stage_history')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('deal_id', 'integer', (c) => c.notNull().references('deals.id').onDelete('cascade'))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('skipped', 'text')
    .addColumn('forced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('deal_stage_history_deal').on('deal_stage_history').column('deal_id').execute();

  await db.schema
    .createTable('visit_plans')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('city', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('visit_plans.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('interaction_id', 'integer')
    .execute();
  await db.schema.createIndex('visits_plan').on('visits').column('plan_id').execute();
  await db.schema.createIndex('visits_account').on('visits').columns(['account_id', 'day']).execute();

  await db.schema
    .createTable('interactions')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('deal_id', 'integer', (c) => c.references('deals.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('outcome', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_due', 'text')
    .addColumn('details', 'text')
    .addColumn('rep_id', 'integer', (c) => c.references('reps.id').onDelete('set null'))
    .addColumn('visit_id', 'integer', (c) => c.references('visits.id').onDelete('set null'))
    .addColumn('minutes', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('interactions_account').on('interactions').columns(['account_id', 'occurred_at']).execute();
  await db.schema.createIndex('interactions_next_due').on('interactions').column('next_due').execute();
  await db.schema.createIndex('interactions_deal').on('interactions').column('deal_id').execute();

  await db.schema
    .createTable('interaction_materials')
    .addColumn('interaction_id', 'integer', (c) => c.notNull().references('interactions.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('material', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('interaction_materials_account')
    .on('interaction_materials')
    .columns(['account_id', 'material'])
    .execute();

  await db.schema
    .createTable('promises')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('interaction_id', 'integer', (c) => c.references('interactions.id').onDelete('set null'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('made_by', 'text')
    .addColumn('to_whom', 'text')
    .addColumn('due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('promises_account').on('promises').column('account_id').execute();
  await db.schema.createIndex('promises_due').on('promises').columns(['status', 'due_on']).execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('acknowledged_on', 'text')
    .addColumn('resolved_on', 'text')
    .addColumn('resolution', 'text')
    .addColumn('feedback_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('steps', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaints_account').on('complaints').column('account_id').execute();
  await db.schema.createIndex('complaints_status').on('complaints').column('status').execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('ordered_on', 'text', (c) => c.notNull())
    .addColumn('amount', 'real', (c) => c.notNull())
    .addColumn('profit', 'real')
    .addColumn('product', 'text')
    .addColumn('quantity', 'real')
    .addColumn('currency', 'text')
    .addColumn('reference', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id').onDelete('set null'))
    .addColumn('source_file', 'text')
    .addColumn('source_line', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orders_account').on('orders').columns(['account_id', 'ordered_on']).execute();
  await db.schema.createIndex('orders_date').on('orders').column('ordered_on').execute();
  await db.schema.createIndex('orders_batch').on('orders').column('batch_id').execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('taken_on', 'text', (c) => c.notNull())
    .addColumn('product_quality', 'integer')
    .addColumn('service_quality', 'integer')
    .addColumn('price', 'integer')
    .addColumn('communication', 'integer')
    .addColumn('overall', 'integer')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('surveys_account').on('surveys').columns(['account_id', 'taken_on']).execute();

  await db.schema
    .createTable('churn_signals')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('noted_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('cleared_on', 'text')
    .execute();
  await db.schema.createIndex('churn_signals_account').on('churn_signals').column('account_id').execute();

  await db.schema
    .createTable('handoffs')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_rep', 'text')
    .addColumn('to_rep', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('handoffs_account').on('handoffs').column('account_id').execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text')
    .addColumn('cost', 'real')
    .addColumn('started_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_rows')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batches.id').onDelete('cascade'))
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer')
    .addColumn('contact_id', 'integer')
    .addColumn('order_id', 'integer')
    .addColumn('changes', 'text')
    .addColumn('conflicts', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('import_rows_batch').on('import_rows').column('batch_id').execute();

  await db.schema
    .createTable('due_state')
    .addColumn('item_key', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('score_snapshots')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('computed_on', 'text', (c) => c.notNull())
    .addColumn('value_score', 'real')
    .addColumn('lead_score', 'real')
    .addColumn('tier', 'text')
    .addColumn('profit_tier', 'text')
    .addColumn('key_face', 'text')
    .addColumn('grid', 'text')
    .addColumn('ladder', 'text')
    .execute();
  await db.schema
    .createIndex('score_snapshots_account')
    .on('score_snapshots')
    .columns(['account_id', 'computed_on'])
    .execute();
  await db.schema.createIndex('score_snapshots_date').on('score_snapshots').column('computed_on').execute();

  await db.schema
    .createTable('ladder_history')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('rung', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ladder_history_account').on('ladder_history').column('account_id').execute();

  await createSearchIndex(db);
}

export async function down(): Promise<void> {
  throw new Error('the initial schema cannot be rolled back; restore a backup instead');
}
