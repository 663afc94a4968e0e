import type { Kysely } from 'kysely';

// Listings sort accounts by name; without this index a 100k-account list sorts the whole table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('accounts_name').on('accounts').columns(['name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('accounts_name').execute();
}
