// Who gets a holiday greeting, and their first email and phone.
import type { Db } from '../engine.js';
import { inChunks } from './due.js';

/** The people greetings go to: active contacts of customers (orders, a tier or strategic), or of every active account. */
export async function greetingPeople(db: Db, all: boolean) {
  let q = db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.id', 'c.account_id', 'c.name', 'c.given_name', 'c.title', 'a.name as company', 'a.address', 'a.city', 'a.postcode', 'a.country'])
    .where('c.archived_at', 'is', null)
    .where('a.archived_at', 'is', null);
  if (!all) q = q.where((eb) => eb.or([eb('a.last_order_on', 'is not', null), eb('a.tier', 'is not', null), eb('a.strategic', '=', 1)]));
  return q.orderBy('a.name').orderBy('c.name').execute();
}

/** Emails and phones of these accounts, primary first. */
export async function greetingPoints(db: Db, accountIds: readonly number[]) {
  return inChunks(accountIds, (chunk) =>
    db
      .selectFrom('contact_points')
      .select(['account_id', 'contact_id', 'kind', 'value'])
      .where('account_id', 'in', chunk)
      .where('kind', 'in', ['email', 'phone', 'mobile'])
      .orderBy('is_primary', 'desc')
      .orderBy('id')
      .execute(),
  );
}
