// Other names of accounts and contacts (migration 0019): kept when a record is renamed, merged or
// imported under another name, and matched like the name itself.
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../engine.js';
import type { AliasTable } from '../schema.js';

export type Alias = Selectable<AliasTable>;

/** Every alias of an account and of its contacts. */
export async function aliasesOfAccount(db: Db, accountId: number): Promise<Alias[]> {
  return db.selectFrom('aliases').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

export async function aliasesOfAccounts(db: Db, accountIds: readonly number[]): Promise<Alias[]> {
  if (!accountIds.length) return [];
  const out: Alias[] = [];
  for (let i = 0; i < accountIds.length; i += 500)
    out.push(...(await db.selectFrom('aliases').selectAll().where('account_id', 'in', accountIds.slice(i, i + 500)).orderBy('id').execute()));
  return out;
}

/** The aliases of one contact, or of the account itself (contactId null). */
export async function aliasesOf(db: Db, accountId: number, contactId: number | null): Promise<Alias[]> {
  let q = db.selectFrom('aliases').selectAll().where('account_id', '=', accountId);
  q = contactId === null ? q.where('contact_id', 'is', null) : q.where('contact_id', '=', contactId);
  return q.orderBy('id').execute();
}

export async function insertAlias(db: Db, a: Insertable<AliasTable>): Promise<number> {
  const r = await db.insertInto('aliases').values(a).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteAliases(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.deleteFrom('aliases').where('id', 'in', ids).execute();
}

/** Live accounts with one of these keys as an alias of their own, each with that other name. */
export async function accountsByAliasKeys(db: Db, keys: readonly string[]): Promise<{ id: number; name: string }[]> {
  if (!keys.length) return [];
  return db
    .selectFrom('aliases as al')
    .innerJoin('accounts as a', 'a.id', 'al.account_id')
    .select(['al.account_id as id', 'al.name'])
    .where('al.name_key', 'in', keys)
    .where('al.contact_id', 'is', null)
    .where('a.archived_at', 'is', null)
    .execute();
}

/** Contacts with this key as an alias, in one account or anywhere. */
export async function contactIdsByAliasKey(db: Db, key: string, accountId?: number): Promise<number[]> {
  let q = db.selectFrom('aliases').select('contact_id').distinct().where('name_key', '=', key).where('contact_id', 'is not', null);
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  return (await q.execute()).map((r) => r.contact_id!);
}

/** Accounts (not archived) with a person known under this key. */
export async function accountIdsByContactAliasKey(db: Db, key: string): Promise<number[]> {
  const rows = await db
    .selectFrom('aliases as al')
    .innerJoin('accounts as a', 'a.id', 'al.account_id')
    .select('al.account_id')
    .distinct()
    .where('al.name_key', '=', key)
    .where('al.contact_id', 'is not', null)
    .where('a.archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.account_id);
}

/** Every alias, for re-keying after the key functions changed. */
export async function allAliasKeys(db: Db): Promise<{ id: number; name: string; name_key: string; contact_id: number | null; kind: string }[]> {
  return db
    .selectFrom('aliases as al')
    .innerJoin('accounts as a', 'a.id', 'al.account_id')
    .select(['al.id', 'al.name', 'al.name_key', 'al.contact_id', 'a.kind'])
    .execute();
}

export async function setAliasKey(db: Db, id: number, key: string): Promise<void> {
  await db.updateTable('aliases').set({ name_key: key }).where('id', '=', id).execute();
}
