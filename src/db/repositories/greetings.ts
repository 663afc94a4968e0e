// Who gets a holiday greeting, and their first email and phone.
import type { Db } from '../engine.js';
import { inChunks } from './due.js';

/** The people greetings go to: active contacts of customers (orders, a tier or strategic), or of every active account. */
function audience(db: Db, all: boolean) {
  let q = db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .where('c.archived_at', 'is', null)
    .where('a.archived_at', 'is', null);
  if (!all) q = q.where((eb) => eb.or([eb('a.last_order_on', 'is not', null), eb('a.tier', 'is not', null), eb('a.strategic', '=', 1)]));
  return q;
}

/** The greeting list's people with what a letter needs, by company and name. */
export async function greetingPeople(db: Db, all: boolean) {
  return audience(db, all)
    .select(['c.id', 'c.account_id', 'c.name', 'c.given_name', 'c.title', 'a.name as company', 'a.address', 'a.city', 'a.postcode', 'a.country'])
    .orderBy('a.name')
    .orderBy('c.name')
    .execute();
}

/** One page (by contact id) of the greeting list's names and countries: enough to tell cultures. */
export async function greetingAudiencePage(db: Db, all: boolean, afterId: number, limit: number) {
  return audience(db, all).select(['c.id', 'c.name', 'a.country']).where('c.id', '>', afterId).orderBy('c.id').limit(limit).execute();
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
