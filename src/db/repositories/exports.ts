// Set-based reads for `crm export`: whole tables with the account filters of `crm account list`.
import { sql } from 'kysely';
import type { Db } from '../connection.js';
import type { AccountFilter } from './accounts.js';

/** The ids of the accounts a list filter selects, as a subquery (no ids pulled into memory). */
export function accountIdsMatching(db: Db, f: AccountFilter) {
  let q = db.selectFrom('accounts as a').select('a.id');
  if (!f.includeArchived) q = q.where('a.archived_at', 'is', null);
  if (f.city) q = q.where(sql`lower(a.city)`, '=', f.city.toLowerCase());
  if (f.region) q = q.where(sql`lower(a.region)`, '=', f.region.toLowerCase());
  if (f.industry) q = q.where(sql`lower(a.industry)`, '=', f.industry.toLowerCase());
  if (f.source) q = q.where('a.source', '=', f.source);
  if (f.campaign) q = q.where('a.campaign', '=', f.campaign);
  if (f.tier) q = q.where('a.tier', '=', f.tier);
  if (f.owner) {
    const owner = f.owner;
    q = q.where((eb) => eb.exists(eb.selectFrom('reps as r').select('r.id').whereRef('r.id', '=', 'a.owner_id').where('r.name', '=', owner)));
  }
  if (f.tag) {
    const tag = f.tag;
    q = q.where((eb) => eb.exists(eb.selectFrom('account_tags as t').select('t.tag').whereRef('t.account_id', '=', 'a.id').where('t.tag', '=', tag)));
  }
  return q;
}

export async function exportAccountRows(db: Db, f: AccountFilter) {
  return db
    .selectFrom('accounts as x')
    .leftJoin('reps as r', 'r.id', 'x.owner_id')
    .selectAll('x')
    .select('r.name as owner')
    .where('x.id', 'in', accountIdsMatching(db, f))
    .orderBy('x.name')
    .orderBy('x.id')
    .execute();
}

export async function tagsOf(db: Db, f: AccountFilter) {
  return db.selectFrom('account_tags').select(['account_id', 'tag']).where('account_id', 'in', accountIdsMatching(db, f)).orderBy('tag').execute();
}

export async function companyPointsOf(db: Db, f: AccountFilter) {
  return db
    .selectFrom('contact_points')
    .select(['account_id', 'kind', 'value'])
    .where('contact_id', 'is', null)
    .where('account_id', 'in', accountIdsMatching(db, f))
    .orderBy('id')
    .execute();
}

export interface DatedFilter extends AccountFilter {
  from?: string;
  to?: string;
  /** the day after `to`, for timestamps */
  toEnd?: string;
  kind?: string;
  accountId?: number;
}

export async function exportInteractionRows(db: Db, f: DatedFilter) {
  let q = db
    .selectFrom('interactions as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .leftJoin('reps as r', 'r.id', 'i.rep_id')
    .select([
      'i.id',
      'i.account_id',
      'a.name as account',
      'c.name as contact',
      'i.kind',
      'i.stage',
      'i.occurred_at',
      'i.summary',
      'i.outcome',
      'i.next_step',
      'i.next_due',
      'i.minutes',
      'i.deal_id',
      'r.name as rep',
    ])
    .where('i.account_id', 'in', accountIdsMatching(db, f));
  if (f.accountId !== undefined) q = q.where('i.account_id', '=', f.accountId);
  if (f.from) q = q.where('i.occurred_at', '>=', f.from);
  if (f.toEnd) q = q.where('i.occurred_at', '<', f.toEnd);
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  return q.orderBy('i.occurred_at').orderBy('i.id').execute();
}

export async function exportOrderRows(db: Db, f: DatedFilter) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .select(['o.id', 'o.account_id', 'a.name as account', 'o.ordered_on', 'o.amount', 'o.profit', 'o.product', 'o.quantity', 'o.currency', 'o.reference'])
    .where('o.account_id', 'in', accountIdsMatching(db, f));
  if (f.accountId !== undefined) q = q.where('o.account_id', '=', f.accountId);
  if (f.from) q = q.where('o.ordered_on', '>=', f.from);
  if (f.to) q = q.where('o.ordered_on', '<=', f.to);
  return q.orderBy('o.ordered_on').orderBy('o.id').execute();
}
