// Whom we reach at an account: each person's real contacts (as the main contact of an interaction,
// or among the others present, interaction_contacts), for the account file and the value refresh.
import type { Db, Engine } from '../engine.js';
import { inChunks } from './due.js';

/** The account's current (not archived) people with their roles and departments. */
export async function peopleOfAccount(db: Db, accountId: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'title', 'department', 'buying_role', 'entry_roles'])
    .where('account_id', '=', accountId)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();
}

/**
 * Per person of one account: the last interaction of these kinds with them and how many fell on
 * or after `from`. Two reads (main contact, others present) the caller adds up.
 */
export async function contactTouches(db: Db, accountId: number, kinds: readonly string[], from: string) {
  const main = db
    .selectFrom('interactions')
    .select((eb) => [
      'contact_id',
      eb.fn.max('occurred_at').as('last'),
      eb.fn.sum<number>(eb.case().when('occurred_at', '>=', from).then(eb.lit(1)).else(eb.lit(0)).end()).as('recent'),
    ])
    .where('account_id', '=', accountId)
    .where('contact_id', 'is not', null)
    .where('kind', 'in', kinds)
    .groupBy('contact_id')
    .execute();
  const others = db
    .selectFrom('interaction_contacts as ic')
    .innerJoin('interactions as i', 'i.id', 'ic.interaction_id')
    .select((eb) => [
      'ic.contact_id',
      eb.fn.max('i.occurred_at').as('last'),
      eb.fn.sum<number>(eb.case().when('i.occurred_at', '>=', from).then(eb.lit(1)).else(eb.lit(0)).end()).as('recent'),
    ])
    .where('ic.account_id', '=', accountId)
    .where('i.kind', 'in', kinds)
    .groupBy('ic.contact_id')
    .execute();
  const rows = [...(await main), ...(await others)];
  return rows.map((r) => ({ contactId: Number(r.contact_id), last: r.last === null ? null : String(r.last), recent: Number(r.recent ?? 0) }));
}

/**
 * Every account's named people with a real contact on or after `from`: [account_id, contact_id,
 * contacts] rows (a person met in both ways appears twice; the caller adds them up). Archived people
 * are left out: someone who left is no thread to hang on.
 */
export async function recentPeopleAll(engine: Engine, kinds: readonly string[], from: string): Promise<{ accountId: number; contactId: number; n: number }[]> {
  const db = engine.db;
  const main = db
    .selectFrom('interactions as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select((eb) => ['i.account_id', 'i.contact_id', eb.fn.countAll<number>().as('n')])
    .where('i.occurred_at', '>=', from)
    .where('i.kind', 'in', kinds)
    .where('c.archived_at', 'is', null)
    .groupBy(['i.account_id', 'i.contact_id']);
  const others = db
    .selectFrom('interaction_contacts as ic')
    .innerJoin('interactions as i', 'i.id', 'ic.interaction_id')
    .innerJoin('contacts as c', 'c.id', 'ic.contact_id')
    .select((eb) => ['ic.account_id', 'ic.contact_id', eb.fn.countAll<number>().as('n')])
    .where('i.occurred_at', '>=', from)
    .where('i.kind', 'in', kinds)
    .where('c.archived_at', 'is', null)
    .groupBy(['ic.account_id', 'ic.contact_id']);
  const out: { accountId: number; contactId: number; n: number }[] = [];
  for (const q of [main, others]) for (const r of await engine.rows(q)) out.push({ accountId: Number(r[0]), contactId: Number(r[1]), n: Number(r[2]) });
  return out;
}

/** Names of these contacts, and how many current people each of these accounts has on file. */
export async function namesAndHeadcounts(db: Db, contactIds: readonly number[], accountIds: readonly number[]) {
  const names = await inChunks(contactIds, (c) => db.selectFrom('contacts').select(['id', 'name']).where('id', 'in', c).execute());
  const counts = await inChunks(accountIds, (c) =>
    db
      .selectFrom('contacts')
      .select((eb) => ['account_id', eb.fn.countAll<number>().as('n')])
      .where('account_id', 'in', c)
      .where('archived_at', 'is', null)
      .groupBy('account_id')
      .execute(),
  );
  return { names: new Map(names.map((r) => [r.id, r.name])), headcounts: new Map(counts.map((r) => [r.account_id, Number(r.n)])) };
}

/** The other people present at an interaction (the main one is interactions.contact_id). */
export async function insertInteractionContacts(db: Db, interactionId: number, accountId: number, contactIds: readonly number[]): Promise<void> {
  if (!contactIds.length) return;
  await db
    .insertInto('interaction_contacts')
    .values(contactIds.map((contact_id) => ({ interaction_id: interactionId, account_id: accountId, contact_id })))
    .execute();
}
