// The key-value settings a database keeps about itself (the due config of the last refresh, the
// value refresh stamp, saved import mappings). The schema version is the engine's (see Engine).
import type { Db } from './engine.js';

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** Every key that starts with `prefix`, in key order (substr, not LIKE: case-sensitive on every engine). */
export async function metaKeys(db: Db, prefix: string): Promise<{ key: string; value: string }[]> {
  return db
    .selectFrom('meta')
    .select(['key', 'value'])
    .where((eb) => eb(eb.fn<string>('substr', ['key', eb.lit(1), eb.lit(prefix.length)]), '=', prefix))
    .orderBy('key')
    .execute();
}

export async function deleteMeta(db: Db, key: string): Promise<void> {
  await db.deleteFrom('meta').where('key', '=', key).execute();
}
