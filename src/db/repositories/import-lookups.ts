// The reads an import makes before deciding a batch of rows: every key the batch could match,
// asked once per kind with an IN list instead of once per row. Portable Kysely; each list is cut
// into chunks well under any engine's parameter limit.
import type { Db, Engine } from '../engine.js';
import type { Account, Contact } from '../schema.js';

const CHUNK = 500;

async function inChunks<K, R>(keys: readonly K[], fn: (chunk: K[]) => Promise<R[]>, size = CHUNK): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += size) out.push(...(await fn(keys.slice(i, i + size))));
  return out;
}

/** (name key, account) pairs a chunk at a time: ORs of 200 pairs stay well inside SQLite's expression depth. */
const PAIR_CHUNK = 200;

export interface PointMatch {
  id: number;
  match_key: string;
  kind: string;
  contact_id: number;
  account_id: number;
  name_key: string;
}

/** People with one of these emails, oldest point first. */
export async function contactsByEmail(db: Db, keys: readonly string[]) {
  return inChunks(keys, (chunk) =>
    db
      .selectFrom('contact_points')
      .select(['id', 'match_key', 'contact_id', 'account_id'])
      .where('kind', '=', 'email')
      .where('match_key', 'in', chunk)
      .where('contact_id', 'is not', null)
      .orderBy('id')
      .execute(),
  );
}

/** People with one of these numbers filed as a mobile or a phone ('mobile' and 'phone' sort next to each other). */
export async function contactsByNumber(db: Db, keys: readonly string[]): Promise<PointMatch[]> {
  const rows = await inChunks(keys, (chunk) =>
    db
      .selectFrom('contact_points as cp')
      .innerJoin('contacts as c', 'c.id', 'cp.contact_id')
      .select(['cp.id', 'cp.match_key', 'cp.kind', 'cp.contact_id', 'cp.account_id', 'c.name_key'])
      .where('cp.match_key', 'in', chunk)
      .where('cp.kind', '>=', 'mobile')
      .where('cp.kind', '<=', 'phone')
      .orderBy('cp.id')
      .execute(),
  );
  return rows as PointMatch[];
}

/** Live company accounts with one of these name keys, oldest first. */
export async function companiesByKey(db: Db, keys: readonly string[]) {
  return inChunks(keys, (chunk) =>
    db.selectFrom('accounts').select(['id', 'name_key']).where('name_key', 'in', chunk).where('kind', '=', 'company').where('archived_at', 'is', null).orderBy('id').execute(),
  );
}

/** Live company accounts with one of these web domains, oldest first. */
export async function companiesByDomain(db: Db, domains: readonly string[]) {
  return inChunks(domains, (chunk) =>
    db.selectFrom('accounts').select(['id', 'domain']).where('domain', 'in', chunk).where('kind', '=', 'company').where('archived_at', 'is', null).orderBy('id').execute(),
  );
}

/**
 * People with one of these (name key, account) pairs. Written as ORs of pairs: both engines
 * probe the (name_key, account_id) index once per pair, where SQLite would scan the table for a
 * row-value IN list.
 */
export async function contactsByNameIn(db: Db, pairs: readonly (readonly [string, number])[]) {
  return inChunks(
    pairs,
    (chunk) =>
      db
        .selectFrom('contacts')
        .select(['id', 'account_id', 'name_key'])
        .where((eb) => eb.or(chunk.map(([n, a]) => eb.and([eb('name_key', '=', n), eb('account_id', '=', a)]))))
        .orderBy('id')
        .execute(),
    PAIR_CHUNK,
  );
}

/** Individuals (a person who is their own account) with one of these name keys, oldest first. */
export async function individualsByName(db: Db, nameKeys: readonly string[]) {
  return inChunks(nameKeys, (chunk) =>
    db
      .selectFrom('contacts as c')
      .innerJoin('accounts as a', 'a.id', 'c.account_id')
      .select(['c.id', 'c.account_id', 'c.name_key'])
      .where('c.name_key', 'in', chunk)
      .where('a.kind', '=', 'individual')
      .whereRef('a.name_key', '=', 'c.name_key')
      .orderBy('c.id')
      .execute(),
  );
}

// Other names (aliases, issue 13 point 8): asked only when the database holds any, after the
// names themselves found nothing.

/** Whether the database holds any other name at all. */
export async function anyAlias(db: Db): Promise<boolean> {
  return (await db.selectFrom('aliases').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Live company accounts known under one of these name keys as another name, oldest first. */
export async function companiesByAlias(db: Db, keys: readonly string[]) {
  return inChunks(keys, (chunk) =>
    db
      .selectFrom('aliases as al')
      .innerJoin('accounts as a', 'a.id', 'al.account_id')
      .select(['a.id', 'al.name_key'])
      .where('al.name_key', 'in', chunk)
      .where('al.contact_id', 'is', null)
      .where('a.kind', '=', 'company')
      .where('a.archived_at', 'is', null)
      .orderBy('a.id')
      .execute(),
  );
}

/** People known under another name, by (name key, account) pairs (see contactsByNameIn). */
export async function contactsByAliasIn(db: Db, pairs: readonly (readonly [string, number])[]) {
  const rows = await inChunks(
    pairs,
    (chunk) =>
      db
        .selectFrom('aliases')
        .select(['contact_id', 'account_id', 'name_key'])
        .where('contact_id', 'is not', null)
        .where((eb) => eb.or(chunk.map(([n, a]) => eb.and([eb('name_key', '=', n), eb('account_id', '=', a)]))))
        .orderBy('id')
        .execute(),
    PAIR_CHUNK,
  );
  return rows as { contact_id: number; account_id: number; name_key: string }[];
}

/** Individuals known under one of these name keys as another name, oldest alias first. */
export async function individualsByAlias(db: Db, nameKeys: readonly string[]) {
  const rows = await inChunks(nameKeys, (chunk) =>
    db
      .selectFrom('aliases as al')
      .innerJoin('accounts as a', 'a.id', 'al.account_id')
      .select(['al.contact_id', 'al.account_id', 'al.name_key'])
      .where('al.name_key', 'in', chunk)
      .where('al.contact_id', 'is not', null)
      .where('a.kind', '=', 'individual')
      .orderBy('al.id')
      .execute(),
  );
  return rows as { contact_id: number; account_id: number; name_key: string }[];
}

/** The other names kept on these accounts and their people. */
export async function aliasesOf(db: Db, accountIds: readonly number[]) {
  return inChunks(accountIds, (chunk) => db.selectFrom('aliases').select(['account_id', 'contact_id', 'name_key']).where('account_id', 'in', chunk).execute());
}

/** The account columns a merge reads. */
export const MERGED_ACCOUNT_COLS = [
  'id', 'kind', 'name', 'name_key', 'website', 'domain', 'address', 'city', 'region', 'country', 'postcode', 'industry',
  'employees', 'main_business', 'business_scope', 'source', 'campaign', 'owner_id', 'notes', 'extra',
] as const;
export type MergedAccount = Pick<Account, (typeof MERGED_ACCOUNT_COLS)[number]>;

export async function accountsForMerge(db: Db, ids: readonly number[]): Promise<MergedAccount[]> {
  return inChunks(ids, (chunk) => db.selectFrom('accounts').select(MERGED_ACCOUNT_COLS).where('id', 'in', chunk).execute());
}

export async function contactsForMerge(db: Db, ids: readonly number[]): Promise<Contact[]> {
  return inChunks(ids, (chunk) => db.selectFrom('contacts').selectAll().where('id', 'in', chunk).execute());
}

/** The points of these people (kind and key: what a merge compares). */
export async function pointKeysOfContacts(db: Db, ids: readonly number[]) {
  return inChunks(ids, (chunk) => db.selectFrom('contact_points').select(['contact_id', 'kind', 'match_key']).where('contact_id', 'in', chunk).orderBy('id').execute());
}

/** The company-level points (no person) of these accounts. */
export async function companyPointKeys(db: Db, ids: readonly number[]) {
  return inChunks(ids, (chunk) =>
    db.selectFrom('contact_points').select(['account_id', 'kind', 'match_key']).where('account_id', 'in', chunk).where('contact_id', 'is', null).orderBy('id').execute(),
  );
}

export async function tagsOf(db: Db, ids: readonly number[]) {
  return inChunks(ids, (chunk) => db.selectFrom('account_tags').select(['account_id', 'tag']).where('account_id', 'in', chunk).execute());
}

/** The largest account id: accounts above it are the ones an import about to start creates. */
export async function maxAccountId(db: Db): Promise<number> {
  const r = await db.selectFrom('accounts').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(r?.id ?? 0);
}

export async function repsByName(db: Db, names: readonly string[]) {
  return inChunks(names, (chunk) => db.selectFrom('reps').select(['id', 'name']).where('name', 'in', chunk).execute());
}

// Orders

export async function existingAccountIds(db: Db, ids: readonly number[]): Promise<number[]> {
  return (await inChunks(ids, (chunk) => db.selectFrom('accounts').select('id').where('id', 'in', chunk).execute())).map((r) => r.id);
}

/** Accounts holding one of these emails or numbers: (key, kind, account). */
export async function accountsByPointKey(db: Db, keys: readonly string[]) {
  return inChunks(keys, (chunk) => db.selectFrom('contact_points').select(['match_key', 'kind', 'account_id']).distinct().where('match_key', 'in', chunk).execute());
}

/** Live accounts named with one of these keys (company or person). */
export async function accountsByNameKey(db: Db, keys: readonly string[]) {
  return inChunks(keys, (chunk) => db.selectFrom('accounts').select(['id', 'name_key']).where('name_key', 'in', chunk).where('archived_at', 'is', null).orderBy('id').execute());
}

/** Accounts with a person named with one of these keys. */
export async function accountsByContactName(db: Db, keys: readonly string[]) {
  return inChunks(keys, (chunk) => db.selectFrom('contacts').select(['account_id', 'name_key']).distinct().where('name_key', 'in', chunk).execute());
}

/** Orders of these accounts on these days: what a re-imported order file would repeat. */
export async function ordersOn(db: Db, accountIds: readonly number[], days: readonly string[]) {
  if (!accountIds.length || !days.length) return [];
  return inChunks(accountIds, (chunk) =>
    db.selectFrom('orders').select(['account_id', 'ordered_on', 'amount', 'reference', 'product']).where('account_id', 'in', chunk).where('ordered_on', 'in', days).execute(),
  );
}

/** How many dedup keys the database holds: what preloading them into a filter would cost. */
export async function dedupKeyCount(db: Db): Promise<number> {
  let n = 0;
  for (const t of ['accounts', 'contacts', 'contact_points', 'aliases'] as const) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}

/** The filter tag of a contact point kind: the import matches people by email and by number. */
export function pointTag(kind: string): 'e' | 'n' | null {
  return kind === 'email' ? 'e' : kind === 'mobile' || kind === 'phone' || kind === 'fax' ? 'n' : null;
}

/**
 * Streams every key the import's lookups ask for: account name keys (tag 'a') and domains ('d'),
 * contact name keys ('c'), email keys ('e') and phone-number keys ('n'). Rows come as arrays, no
 * object per row: a million-account base has several million keys.
 */
export async function forEachDedupKey(engine: Engine, fn: (tag: string, key: string) => void): Promise<void> {
  const db = engine.db;
  await engine.forEachRow(db.selectFrom('accounts').select(['name_key', 'domain']), (r) => {
    fn('a', r[0] as string);
    if (r[1]) fn('d', r[1] as string);
  });
  await engine.forEachRow(db.selectFrom('contacts').select('name_key'), (r) => fn('c', r[0] as string));
  // other names match like names: a company's under 'a', a person's under 'c'
  await engine.forEachRow(db.selectFrom('aliases').select(['contact_id', 'name_key']), (r) => fn(r[0] === null ? 'a' : 'c', r[1] as string));
  await engine.forEachRow(db.selectFrom('contact_points').select(['kind', 'match_key']).where('match_key', 'is not', null), (r) => {
    const tag = pointTag(r[0] as string);
    if (tag) fn(tag, r[1] as string);
  });
}
