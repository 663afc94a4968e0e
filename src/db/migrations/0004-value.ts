import type { Kysely } from 'kysely';

// Derived columns of the value services (scores, tiers, churn risk), stored so `crm tiers`,
// `crm risk` and listings read one row per account instead of aggregating a million orders.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  const add = (name: string, type: 'text' | 'real' | 'integer') =>
    db.schema.alterTable('accounts').addColumn(name, type).execute();
  await add('revenue', 'real');
  await add('profit', 'real');
  await add('computed_face', 'text');
  await add('grid', 'text');
  await add('risk', 'text');
  await add('risk_count', 'integer');
  // what the last refresh derived, as one comparable string: a refresh rewrites only what changed
  await add('value_state', 'text');
  await db.schema.createIndex('accounts_risk').on('accounts').column('risk_count').execute();
  // The refresh aggregates every order and interaction per account. Widening the per-account
  // indexes to cover the columns it reads lets those GROUP BYs run on the index alone (no table
  // lookup per row), which is most of the cost on a million rows. Same leading columns, so every
  // query that used the narrower index still does.
  await db.schema.dropIndex('orders_account').execute();
  await db.schema.createIndex('orders_account').on('orders').columns(['account_id', 'ordered_on', 'amount', 'profit']).execute();
  await db.schema.dropIndex('interactions_account').execute();
  await db.schema
    .createIndex('interactions_account')
    .on('interactions')
    .columns(['account_id', 'occurred_at', 'kind', 'stage'])
    .execute();
  await db.schema.createIndex('churn_signals_open').on('churn_signals').columns(['cleared_on', 'account_id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('orders_account').execute();
  await db.schema.createIndex('orders_account').on('orders').columns(['account_id', 'ordered_on']).execute();
  await db.schema.dropIndex('interactions_account').execute();
  await db.schema.createIndex('interactions_account').on('interactions').columns(['account_id', 'occurred_at']).execute();
  await db.schema.dropIndex('churn_signals_open').execute();
  await db.schema.dropIndex('accounts_risk').execute();
  for (const c of ['value_state', 'risk_count', 'risk', 'grid', 'computed_face', 'profit', 'revenue'])
    await db.schema.alterTable('accounts').dropColumn(c).execute();
}
