import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db, Engine, SearchIndex } from '../engine.js';
import type { Account, AccountTable, AccountUpdate, ContactPoint, Database, NewAccount, NewContactPoint } from '../schema.js';
import { nameSearchText, searchBody } from '../search-text.js';

export async function insertAccount(db: Db, a: NewAccount): Promise<number> {
  const r = await db.insertInto('accounts').values(a).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAccount(db: Db, id: number, patch: AccountUpdate): Promise<void> {
  await db.updateTable('accounts').set(patch).where('id', '=', id).execute();
}

export async function getAccount(db: Db, id: number): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getAccounts(db: Db, ids: readonly number[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
}

export async function allAccountIds(db: Db): Promise<number[]> {
  return (await db.selectFrom('accounts').select('id').execute()).map((r) => r.id);
}

export async function findAccountsByNameKey(db: Db, key: string): Promise<Account[]> {
  return db.selectFrom('accounts').selectAll().where('name_key', '=', key).where('archived_at', 'is', null).execute();
}

/** Active accounts with an active contact of this name key. */
export async function findAccountIdsByContactNameKey(db: Db, key: string): Promise<number[]> {
  const rows = await db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select('c.account_id')
    .distinct()
    .where('c.name_key', '=', key)
    .where('c.archived_at', 'is', null)
    .where('a.archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.account_id);
}

/** Accounts whose contacts (or the company itself) have this contact point key. */
export async function findAccountIdsByPointKey(
  db: Db,
  kinds: readonly ContactPoint['kind'][],
  key: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('contact_points')
    .select('account_id')
    .distinct()
    .where('match_key', '=', key)
    .where('kind', 'in', kinds)
    .execute();
  return rows.map((r) => r.account_id);
}

export interface AccountFilter {
  /** one spelling (matched without case), or the stored spellings of one place (services/places.ts) */
  city?: string | readonly string[];
  region?: string | readonly string[];
  industry?: string;
  owner?: string;
  tag?: string;
  source?: string;
  campaign?: string;
  tier?: string;
  includeArchived?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * The list filters (`--city`, `--tag`, `--owner`...) as one condition on `accounts as a`: the
 * account list, the contact list and every export select with the same rules.
 */
export function accountFilterCondition(f: Omit<AccountFilter, 'limit' | 'offset'>) {
  return (eb: ExpressionBuilder<Database & { a: AccountTable }, 'a'>) => {
    const conds: Expression<SqlBool>[] = [];
    if (!f.includeArchived) conds.push(eb('a.archived_at', 'is', null));
    const place = (col: 'a.city' | 'a.region', v: string | readonly string[] | undefined) => {
      if (typeof v === 'string' && v) conds.push(eb(sql`lower(${sql.ref(col)})`, '=', v.toLowerCase()));
      else if (typeof v === 'object' && v.length) conds.push(eb(col, 'in', v));
    };
    place('a.city', f.city);
    place('a.region', f.region);
    if (f.industry) conds.push(eb(sql`lower(a.industry)`, '=', f.industry.toLowerCase()));
    if (f.source) conds.push(eb('a.source', '=', f.source));
    if (f.campaign) conds.push(eb('a.campaign', '=', f.campaign));
    if (f.tier) conds.push(eb('a.tier', '=', f.tier));
    if (f.owner) conds.push(eb.exists(eb.selectFrom('reps as r').select('r.id').whereRef('r.id', '=', 'a.owner_id').where('r.name', '=', f.owner)));
    if (f.tag) conds.push(eb.exists(eb.selectFrom('account_tags as t').select('t.tag').whereRef('t.account_id', '=', 'a.id').where('t.tag', '=', f.tag)));
    return eb.and(conds);
  };
}

/** The distinct cities (or regions) stored on accounts: few, read from the (region, city) index. */
export async function distinctPlaceValues(db: Db, column: 'city' | 'region'): Promise<string[]> {
  const rows = await db.selectFrom('accounts').select(column).distinct().where(column, 'is not', null).execute();
  return rows.map((r) => (r as Record<string, string>)[column]!);
}

export interface AccountListRow {
  id: number;
  kind: string;
  name: string;
  city: string | null;
  region: string | null;
  industry: string | null;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  tier: string | null;
  ladder: string | null;
  value_score: number | null;
  last_contact_on: string | null;
  next_due_on: string | null;
  archived_at: string | null;
  contacts: number;
}

export async function listAccounts(db: Db, f: AccountFilter): Promise<AccountListRow[]> {
  let q = db
    .selectFrom('accounts as a')
    .leftJoin('reps as r', 'r.id', 'a.owner_id')
    .select([
      'a.id',
      'a.kind',
      'a.name',
      'a.city',
      'a.region',
      'a.industry',
      'a.source',
      'a.campaign',
      'r.name as owner',
      'a.tier',
      'a.ladder',
      'a.value_score',
      'a.last_contact_on',
      'a.next_due_on',
      'a.archived_at',
    ])
    .select((eb) =>
      eb.selectFrom('contacts as c').select(eb.fn.countAll<number>().as('n')).whereRef('c.account_id', '=', 'a.id').as('contacts'),
    );
  q = q.where(accountFilterCondition(f)).orderBy('a.name').orderBy('a.id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  return (await q.execute()) as AccountListRow[];
}

export async function getTags(db: Db, accountId: number): Promise<string[]> {
  const rows = await db.selectFrom('account_tags').select('tag').where('account_id', '=', accountId).orderBy('tag').execute();
  return rows.map((r) => r.tag);
}

export async function addTags(db: Db, accountId: number, tags: readonly string[]): Promise<void> {
  if (!tags.length) return;
  await db
    .insertInto('account_tags')
    .values(tags.map((tag) => ({ account_id: accountId, tag })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeTags(db: Db, accountId: number, tags: readonly string[]): Promise<void> {
  if (!tags.length) return;
  await db.deleteFrom('account_tags').where('account_id', '=', accountId).where('tag', 'in', tags).execute();
}

export async function insertContactPoints(db: Db, points: NewContactPoint[]): Promise<void> {
  if (!points.length) return;
  await db.insertInto('contact_points').values(points).execute();
}

export async function getOrCreateRep(db: Db, name: string, now: string): Promise<number> {
  const found = await db.selectFrom('reps').select('id').where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  const r = await db.insertInto('reps').values({ name, email: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The active accounts a rep owns, by id. */
export async function accountIdsOwnedBy(db: Db, rep: string): Promise<number[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('reps as r', 'r.id', 'a.owner_id')
    .select('a.id')
    .where('r.name', '=', rep)
    .where('a.archived_at', 'is', null)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => r.id);
}

export async function repName(db: Db, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const r = await db.selectFrom('reps').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? null;
}

/** Rebuilds the search text of accounts from their current rows. Call after any write to them. */
export async function reindexAccounts(db: Db, search: SearchIndex, ids: readonly number[]): Promise<void> {
  for (const id of new Set(ids)) {
    const a = await getAccount(db, id);
    if (!a) {
      await search.set(db, id, null);
      continue;
    }
    const contacts = await db
      .selectFrom('contacts')
      .select(['name', 'title', 'department', 'notes'])
      .where('account_id', '=', id)
      .execute();
    const points = await db.selectFrom('contact_points').select(['value', 'raw']).where('account_id', '=', id).execute();
    const aliases = await db.selectFrom('aliases').select('name').where('account_id', '=', id).orderBy('id').execute();
    await search.set(
      db,
      id,
      searchBody(
        accountSearchParts(
          a,
          contacts,
          points,
          aliases.map((x) => x.name),
        ),
      ),
    );
  }
}

type SearchAccount = Parameters<typeof accountSearchParts>[0] & { id: number };
type SearchContact = Parameters<typeof accountSearchParts>[1][number] & { account_id: number };
type SearchPoint = Parameters<typeof accountSearchParts>[2][number] & { account_id: number };

/**
 * The search text of a range of accounts (ordered by id) from their contacts, contact points and
 * other names, each list ordered by account: walked alongside the accounts, no lookup per account.
 * The bulk indexers of both engines (an import's created accounts) read a range and call this.
 */
export function searchDocsInOrder(
  accounts: readonly SearchAccount[],
  contacts: readonly SearchContact[],
  points: readonly SearchPoint[],
  aliases: readonly { account_id: number; name: string }[],
): [id: number, body: string][] {
  const names = new Map<number, string[]>();
  for (const x of aliases) names.set(x.account_id, [...(names.get(x.account_id) ?? []), x.name]);
  let ci = 0;
  let pi = 0;
  return accounts.map((a) => {
    const ac: SearchContact[] = [];
    const ap: SearchPoint[] = [];
    while (ci < contacts.length && contacts[ci]!.account_id < a.id) ci++;
    while (ci < contacts.length && contacts[ci]!.account_id === a.id) ac.push(contacts[ci++]!);
    while (pi < points.length && points[pi]!.account_id < a.id) pi++;
    while (pi < points.length && points[pi]!.account_id === a.id) ap.push(points[pi++]!);
    return [a.id, searchBody(accountSearchParts(a, ac, ap, names.get(a.id)))];
  });
}

export function accountSearchParts(
  a: Pick<Account, 'name' | 'city' | 'region' | 'industry' | 'main_business' | 'domain' | 'notes' | 'address'>,
  contacts: readonly { name: string; title: string | null; department: string | null; notes: string | null }[],
  points: readonly { value: string; raw: string | null }[],
  /** the other names of the account and its contacts (aliases), found like the names */
  aliases: readonly string[] = [],
): (string | null)[] {
  const parts: (string | null)[] = [a.name, a.city, a.region, a.industry, a.main_business, a.domain, a.address, a.notes];
  for (const c of contacts) parts.push(c.name, c.title, c.department, c.notes);
  parts.push(...aliases);
  // names also as pinyin: "zhangwei", "zhang wei" and "zw" find 张伟 (and any other name they are known by)
  for (const n of [a.name, ...contacts.map((c) => c.name), ...aliases]) parts.push(nameSearchText(n) || null);
  // Phones are also indexed as bare digits and as typed, so "138 1234", "1381234" and
  // "0755-8000" all find them. The search is by substring, so a variant already contained in one
  // indexed before adds nothing but index size (a third of an imported lead's index).
  const numbers: string[] = [];
  // the search text is capped (64k characters): past that, more numbers only cost comparisons
  let size = 0;
  const add = (v: string) => {
    if (!v || size > 64_000 || numbers.some((n) => n.includes(v))) return;
    numbers.push(v);
    parts.push(v);
    size += v.length + 3;
  };
  for (const p of points) {
    add(p.value);
    if (p.value.startsWith('+')) add(p.value.replace(/\D/g, ''));
    if (p.raw && p.raw !== p.value) {
      add(p.raw);
      add(p.raw.replace(/\D/g, ''));
    }
  }
  return parts;
}

/** Every account's name and key, for keying names again after the key functions changed. */
export async function forEachAccountName(engine: Engine, fn: (id: number, kind: string, name: string, key: string) => void): Promise<void> {
  await engine.forEachRow(engine.db.selectFrom('accounts').select(['id', 'kind', 'name', 'name_key']), (r) => fn(r[0] as number, r[1] as string, r[2] as string, r[3] as string));
}

export async function setAccountNameKeys(db: Db, keys: readonly [number, string][]): Promise<void> {
  for (const [id, key] of keys) await db.updateTable('accounts').set({ name_key: key }).where('id', '=', id).execute();
}
