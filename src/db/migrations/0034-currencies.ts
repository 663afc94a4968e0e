import type { Kysely } from 'kysely';

// Every amount carries its currency (issue 15). Orders had a currency column from the start; deals,
// campaign costs and complaint compensation get one here, and campaigns an end date.
//
// Existing amounts without a currency keep NULL, which means "the base currency": a migration
// cannot read the user's config (it runs before any config is known, and the same database may be
// opened with another one), so the base is resolved when amounts are read. New amounts record the
// currency they were given in, or the base when the config names one (src/domain/money.ts).
//
// Reports sum order amounts from the two order indexes without reading the table (0007): the
// currency joins them so converting to the base still reads only the indexes. orders_currency
// finds the currencies in use (every total checks that each has a rate) in a few index probes.
type Db = Kysely<any>;

/** What older versions stored as typed (upper-cased) for a currency, and the ISO code it means. */
const LEGACY_CODES: Record<string, string> = { RMB: 'CNY', '¥': 'CNY', '￥': 'CNY', '元': 'CNY', '人民币': 'CNY', '€': 'EUR', EURO: 'EUR', '£': 'GBP', '$': 'USD', US$: 'USD' };

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('orders_currency').on('orders').column('currency').execute();
  // Order currencies were stored as typed: a blank one is the base, a symbol or word its code.
  await db.updateTable('orders').set({ currency: null }).where('currency', '=', '').execute();
  for (const [typed, code] of Object.entries(LEGACY_CODES)) await db.updateTable('orders').set({ currency: code }).where('currency', '=', typed).execute();
  await db.schema.alterTable('deals').addColumn('currency', 'text').execute();
  await db.schema.alterTable('campaigns').addColumn('currency', 'text').execute();
  await db.schema.alterTable('campaigns').addColumn('ended_on', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('compensation', 'real').execute();
  await db.schema.alterTable('complaints').addColumn('currency', 'text').execute();
  await db.schema.dropIndex('orders_account').execute();
  await db.schema.createIndex('orders_account').on('orders').columns(['account_id', 'ordered_on', 'amount', 'profit', 'currency']).execute();
  await db.schema.dropIndex('orders_date').execute();
  await db.schema.createIndex('orders_date').on('orders').columns(['ordered_on', 'account_id', 'amount', 'profit', 'currency']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('orders_currency').execute();
  await db.schema.dropIndex('orders_date').execute();
  await db.schema.createIndex('orders_date').on('orders').columns(['ordered_on', 'account_id', 'amount', 'profit']).execute();
  await db.schema.dropIndex('orders_account').execute();
  await db.schema.createIndex('orders_account').on('orders').columns(['account_id', 'ordered_on', 'amount', 'profit']).execute();
  await db.schema.alterTable('complaints').dropColumn('currency').execute();
  await db.schema.alterTable('complaints').dropColumn('compensation').execute();
  await db.schema.alterTable('campaigns').dropColumn('ended_on').execute();
  await db.schema.alterTable('campaigns').dropColumn('currency').execute();
  await db.schema.alterTable('deals').dropColumn('currency').execute();
}
