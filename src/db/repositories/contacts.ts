import type { Db } from '../engine.js';
import type { Contact, ContactPoint, NewContact } from '../schema.js';
import { accountFilterCondition } from './accounts.js';

export async function insertContact(db: Db, c: NewContact): Promise<number> {
  const r = await db.insertInto('contacts').values(c).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateContact(db: Db, id: number, patch: Partial<NewContact>): Promise<void> {
  await db.updateTable('contacts').set(patch).where('id', '=', id).execute();
}

export async function getContact(db: Db, id: number): Promise<Contact | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function contactsOfAccount(db: Db, accountId: number): Promise<Contact[]> {
  return db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

export async function pointsOfAccount(db: Db, accountId: number): Promise<ContactPoint[]> {
  return db.selectFrom('contact_points').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

export async function pointsOfContacts(db: Db, contactIds: readonly number[]): Promise<ContactPoint[]> {
  if (!contactIds.length) return [];
  const out: ContactPoint[] = [];
  // Bounded IN lists: SQLite caps bound parameters, PostgreSQL plans big lists badly.
  for (let i = 0; i < contactIds.length; i += 500) {
    const chunk = contactIds.slice(i, i + 500);
    out.push(...(await db.selectFrom('contact_points').selectAll().where('contact_id', 'in', chunk).orderBy('id').execute()));
  }
  return out;
}

export interface ContactFilter {
  accountId?: number;
  city?: string | readonly string[];
  region?: string | readonly string[];
  owner?: string;
  tag?: string;
  source?: string;
  campaign?: string;
  batchId?: number;
  includeArchived?: boolean;
  limit?: number;
}

export interface ContactListRow extends Contact {
  account_name: string;
  account_kind: string;
  city: string | null;
  region: string | null;
  address: string | null;
  source: string | null;
  campaign: string | null;
}

export async function listContacts(db: Db, f: ContactFilter): Promise<ContactListRow[]> {
  let q = db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .selectAll('c')
    .select([
      'a.name as account_name',
      'a.kind as account_kind',
      'a.city',
      'a.region',
      'a.address',
      'a.source',
      'a.campaign',
    ]);
  q = q.where(accountFilterCondition(f));
  if (!f.includeArchived) q = q.where('c.archived_at', 'is', null);
  if (f.accountId !== undefined) q = q.where('c.account_id', '=', f.accountId);
  if (f.batchId !== undefined) q = q.where('c.batch_id', '=', f.batchId);
  q = q.orderBy('a.name').orderBy('c.name').orderBy('c.id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  return (await q.execute()) as ContactListRow[];
}

/** Up to `limit` contacts with this name key. */
export async function contactIdsByNameKey(db: Db, key: string, limit: number): Promise<number[]> {
  return (await db.selectFrom('contacts').select(['id']).where('name_key', '=', key).limit(limit).execute()).map((r) => r.id);
}

/** Up to `limit` contacts that have a phone or email stored exactly as `value`. */
export async function contactIdsByPointValue(db: Db, value: string, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('contact_points').select('contact_id').where('value', '=', value).where('contact_id', 'is not', null).limit(limit).execute();
  return rows.map((r) => r.contact_id).filter((x): x is number => x !== null);
}

/** The names of the contacts, and the phones and emails, of these accounts: what `crm find` lists. */
/** The phones equal to an E.164 number (or that number with an extension), with their contact: caller ID. */
export async function ownersOfNumber(db: Db, number: string, limit: number) {
  return db
    .selectFrom('contact_points as p')
    .leftJoin('contacts as c', 'c.id', 'p.contact_id')
    .select(['p.account_id', 'p.contact_id', 'p.value', 'c.name', 'c.title'])
    .where((eb) => eb.or([eb('p.value', '=', number), eb('p.value', 'like', `${number};ext=%`)]))
    .where('p.kind', 'in', ['phone', 'mobile', 'fax'])
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

export async function namesAndPointsOf(db: Db, accountIds: readonly number[]) {
  const contacts = await db.selectFrom('contacts').select(['account_id', 'name']).where('account_id', 'in', accountIds).execute();
  const points = await db.selectFrom('contact_points').select(['account_id', 'kind', 'value']).where('account_id', 'in', accountIds).execute();
  return { contacts, points };
}

// ---- single phones and emails (crm contact phone|email edit|remove)

export async function updatePoint(db: Db, id: number, patch: { value: string; raw: string | null; match_key: string | null; kind?: ContactPoint['kind'] }): Promise<void> {
  await db.updateTable('contact_points').set(patch).where('id', '=', id).execute();
}

/** Makes another point of the same owner primary when the primary one is removed. */
export async function promoteNextPoint(db: Db, accountId: number, contactId: number | null, kinds: readonly string[]): Promise<void> {
  let q = db.selectFrom('contact_points').select('id').where('account_id', '=', accountId).where('kind', 'in', kinds as never);
  q = contactId === null ? q.where('contact_id', 'is', null) : q.where('contact_id', '=', contactId);
  const next = await q.orderBy('id').executeTakeFirst();
  if (next) await db.updateTable('contact_points').set({ is_primary: 1 }).where('id', '=', next.id).execute();
}
/** Phone numbers stored as typed, without a country code (not E.164), with their account's country. */
export async function phonesWithoutCountry(db: Db) {
  return db
    .selectFrom('contact_points as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.account_id', 'p.contact_id', 'p.kind', 'p.value', 'p.raw', 'p.batch_id', 'a.country'])
    .where('p.kind', 'in', ['phone', 'mobile', 'fax'])
    .where('p.value', 'not like', '+%')
    .orderBy('p.id')
    .execute();
}

/** The phones of these accounts, to find the one a re-read number duplicates. */
export async function phoneKeysOf(db: Db, accountIds: readonly number[]) {
  const out: { id: number; account_id: number; contact_id: number | null; match_key: string | null }[] = [];
  for (let i = 0; i < accountIds.length; i += 500) {
    const chunk = accountIds.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('contact_points')
        .select(['id', 'account_id', 'contact_id', 'match_key'])
        .where('account_id', 'in', chunk)
        .where('kind', 'in', ['phone', 'mobile', 'fax'])
        .execute()),
    );
  }
  return out;
}

export async function setPhone(db: Db, id: number, value: string, matchKey: string): Promise<void> {
  await db.updateTable('contact_points').set({ value, match_key: matchKey }).where('id', '=', id).execute();
}

export async function deleteContactPoint(db: Db, id: number): Promise<void> {
  await db.deleteFrom('contact_points').where('id', '=', id).execute();
}
