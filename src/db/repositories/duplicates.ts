// Finding records that are probably the same company or person: by the same keys the import
// matches on (name keys and aliases, email keys, phone numbers). Used by account add / contact add
// before they create a record, and by crm doctor over the whole book.
import type { Db } from '../engine.js';
import type { ContactPoint } from '../schema.js';

const NUMBER_KINDS: ContactPoint['kind'][] = ['phone', 'mobile', 'fax'];

export interface NamedAccount {
  id: number;
  name: string;
  archived_at: string | null;
}

/** Accounts (archived ones too) with this name key, or with it as an alias of their own. */
export async function accountsNamed(db: Db, key: string): Promise<(NamedAccount & { alias: string | null })[]> {
  const byName = await db.selectFrom('accounts').select(['id', 'name', 'archived_at']).where('name_key', '=', key).orderBy('id').execute();
  const byAlias = await db
    .selectFrom('aliases as al')
    .innerJoin('accounts as a', 'a.id', 'al.account_id')
    .select(['a.id', 'a.name', 'a.archived_at', 'al.name as alias'])
    .where('al.name_key', '=', key)
    .where('al.contact_id', 'is', null)
    .orderBy('a.id')
    .execute();
  return [...byName.map((a) => ({ ...a, alias: null })), ...byAlias];
}

/** Accounts having a phone or email with this key (of the company or of one of its people). */
export async function accountsWithPoint(db: Db, kind: 'email' | 'number', key: string): Promise<NamedAccount[]> {
  return db
    .selectFrom('contact_points as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['a.id', 'a.name', 'a.archived_at'])
    .distinct()
    .where('p.match_key', '=', key)
    .where('p.kind', 'in', kind === 'email' ? ['email'] : NUMBER_KINDS)
    .orderBy('a.id')
    .limit(20)
    .execute();
}

export interface NamedContact {
  id: number;
  name: string;
  account_id: number;
  account_name: string;
}

function contactsQuery(db: Db) {
  return db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.id', 'c.name', 'c.account_id', 'a.name as account_name']);
}

/** People with a phone or email of this key; `nameKey` requires the name too (a switchboard is shared). */
export async function contactsWithPoint(db: Db, kinds: readonly ContactPoint['kind'][], key: string, nameKey?: string): Promise<NamedContact[]> {
  let q = contactsQuery(db)
    .where((eb) => eb.exists(eb.selectFrom('contact_points as p').select('p.id').whereRef('p.contact_id', '=', 'c.id').where('p.match_key', '=', key).where('p.kind', 'in', kinds)))
    .orderBy('c.id')
    .limit(20);
  if (nameKey !== undefined) q = q.where('c.name_key', '=', nameKey);
  return q.execute();
}

/** People of one account with this name key, or with it as one of their aliases. */
export async function contactsNamedInAccount(db: Db, accountId: number, key: string): Promise<(NamedContact & { alias: string | null })[]> {
  const byName = await contactsQuery(db).where('c.account_id', '=', accountId).where('c.name_key', '=', key).orderBy('c.id').execute();
  const byAlias = await contactsQuery(db)
    .innerJoin('aliases as al', 'al.contact_id', 'c.id')
    .select('al.name as alias')
    .where('c.account_id', '=', accountId)
    .where('al.name_key', '=', key)
    .orderBy('c.id')
    .execute();
  return [...byName.map((c) => ({ ...c, alias: null })), ...byAlias];
}

/**
 * Groups of live companies sharing a name key (their names or aliases): the first `limit` groups.
 * Two individual customers with the same name are usually two people: they are found by a shared
 * email or phone instead.
 */
export async function accountNameGroups(db: Db, limit: number): Promise<{ key: string; ids: number[] }[]> {
  const names = db.selectFrom('accounts').select(['id as account_id', 'name_key']).where('archived_at', 'is', null).where('kind', '=', 'company');
  const aliases = db
    .selectFrom('aliases as al')
    .innerJoin('accounts as a', 'a.id', 'al.account_id')
    .select(['al.account_id', 'al.name_key'])
    .where('al.contact_id', 'is', null)
    .where('a.archived_at', 'is', null)
    .where('a.kind', '=', 'company');
  const keys = await db
    .selectFrom(names.union(aliases).as('k'))
    .select('k.name_key')
    .groupBy('k.name_key')
    .having((eb) => eb.fn.count('k.account_id').distinct(), '>', 1)
    .orderBy('k.name_key')
    .limit(limit)
    .execute();
  const out: { key: string; ids: number[] }[] = [];
  for (const { name_key } of keys) {
    const ids = await db.selectFrom(names.union(aliases).as('k')).select('k.account_id').distinct().where('k.name_key', '=', name_key).orderBy('k.account_id').execute();
    out.push({ key: name_key, ids: ids.map((r) => r.account_id) });
  }
  return out;
}

/** Groups of accounts sharing an email or phone number key: the first `limit` groups. */
export async function sharedPointGroups(db: Db, kind: 'email' | 'number', limit: number): Promise<{ key: string; ids: number[] }[]> {
  const kinds = kind === 'email' ? (['email'] as ContactPoint['kind'][]) : NUMBER_KINDS;
  const keys = await db
    .selectFrom('contact_points as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select('p.match_key')
    .where('p.kind', 'in', kinds)
    .where('p.match_key', 'is not', null)
    .where('a.archived_at', 'is', null)
    .groupBy('p.match_key')
    .having((eb) => eb.fn.count('p.account_id').distinct(), '>', 1)
    .orderBy('p.match_key')
    .limit(limit)
    .execute();
  const out: { key: string; ids: number[] }[] = [];
  for (const { match_key } of keys) {
    const ids = await db.selectFrom('contact_points').select('account_id').distinct().where('match_key', '=', match_key).where('kind', 'in', kinds).orderBy('account_id').execute();
    out.push({ key: match_key!, ids: ids.map((r) => r.account_id) });
  }
  return out;
}

/** Groups of people of one account sharing a name key or an email: the first `limit` groups. */
export async function contactGroups(db: Db, limit: number): Promise<{ key: string; ids: number[] }[]> {
  const byName = await db
    .selectFrom('contacts')
    .select(['account_id', 'name_key'])
    .where('archived_at', 'is', null)
    .groupBy(['account_id', 'name_key'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('account_id')
    .limit(limit)
    .execute();
  const out: { key: string; ids: number[] }[] = [];
  for (const g of byName) {
    const ids = await db.selectFrom('contacts').select('id').where('account_id', '=', g.account_id).where('name_key', '=', g.name_key).where('archived_at', 'is', null).orderBy('id').execute();
    out.push({ key: g.name_key, ids: ids.map((r) => r.id) });
  }
  const byEmail = await db
    .selectFrom('contact_points')
    .select(['account_id', 'match_key'])
    .where('kind', '=', 'email')
    .where('contact_id', 'is not', null)
    .groupBy(['account_id', 'match_key'])
    .having((eb) => eb.fn.count('contact_id').distinct(), '>', 1)
    .orderBy('account_id')
    .limit(limit)
    .execute();
  for (const g of byEmail) {
    const ids = await db.selectFrom('contact_points').select('contact_id').distinct().where('account_id', '=', g.account_id).where('match_key', '=', g.match_key).where('kind', '=', 'email').orderBy('contact_id').execute();
    out.push({ key: g.match_key!, ids: ids.map((r) => r.contact_id!) });
  }
  return out.slice(0, limit);
}

export async function accountNames(db: Db, ids: readonly number[]): Promise<NamedAccount[]> {
  if (!ids.length) return [];
  return db.selectFrom('accounts').select(['id', 'name', 'archived_at']).where('id', 'in', ids).orderBy('id').execute();
}

export async function contactNames(db: Db, ids: readonly number[]): Promise<NamedContact[]> {
  if (!ids.length) return [];
  return contactsQuery(db).where('c.id', 'in', ids).orderBy('c.id').execute();
}
