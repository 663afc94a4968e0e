// Set-based reads for `crm export`: whole tables with the account filters of `crm account list`;
// orders and interactions, which grow without bound, in keyset pages.
import type { Compilable, Db, Engine } from '../engine.js';
import { accountFilterCondition, type AccountFilter } from './accounts.js';

/** The ids of the accounts a list filter selects, as a subquery (no ids pulled into memory). */
export function accountIdsMatching(db: Db, f: AccountFilter) {
  return db.selectFrom('accounts as a').select('a.id').where(accountFilterCondition(f));
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

/** The columns of the interactions export, in output order (the service names them from these). */
export const INTERACTION_EXPORT_FIELDS = [
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
  // read for the stage record; the service turns it into columns (and drops the raw text)
  'i.details',
] as const;

/** The columns of the orders export, in output order. */
export const ORDER_EXPORT_FIELDS = ['o.id', 'o.account_id', 'a.name as account', 'o.ordered_on', 'o.amount', 'o.profit', 'o.product', 'o.quantity', 'o.currency', 'o.reference'] as const;

/** Where a keyset page starts: after this (date or timestamp, id) of the page before. */
type ExportKey = readonly [string, number];

/** Rows per page of the orders and interactions exports: memory stays flat, and a page query stays short. */
const EXPORT_PAGE_ROWS = 5000;

// Pages are read by keyset rather than through one open cursor: better-sqlite3 cannot run any
// other statement on the connection while an iterator is open, and the caller awaits (a full pipe,
// a slow disk) between pages. The account filter is an EXISTS, not `account_id IN (...)`: with IN,
// SQLite drives the query from the account list and sorts every remaining row for each page,
// while EXISTS lets it walk the date index from the key and stop after one page.
// When a page starts after a key, --from is left out: with two lower bounds on the date SQLite
// seeks by the first one, and each page would rescan the index from --from.

function interactionPage(db: Db, f: DatedFilter, after: ExportKey | undefined) {
  let q = db
    .selectFrom('interactions as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .leftJoin('reps as r', 'r.id', 'i.rep_id')
    .select(INTERACTION_EXPORT_FIELDS)
    // the subquery's own `a` (accounts) is compared with the outer row's account
    .where((eb) => eb.exists(accountIdsMatching(db, f).where('a.id', '=', eb.ref('i.account_id'))));
  if (f.accountId !== undefined) q = q.where('i.account_id', '=', f.accountId);
  if (after) q = q.where((eb) => eb(eb.refTuple('i.occurred_at', 'i.id'), '>', eb.tuple(after[0], after[1])));
  else if (f.from) q = q.where('i.occurred_at', '>=', f.from);
  if (f.toEnd) q = q.where('i.occurred_at', '<', f.toEnd);
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  return q.orderBy('i.occurred_at').orderBy('i.id').limit(EXPORT_PAGE_ROWS);
}

function orderPage(db: Db, f: DatedFilter, after: ExportKey | undefined) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .select(ORDER_EXPORT_FIELDS)
    .where((eb) => eb.exists(accountIdsMatching(db, f).where('a.id', '=', eb.ref('o.account_id'))));
  if (f.accountId !== undefined) q = q.where('o.account_id', '=', f.accountId);
  if (after) q = q.where((eb) => eb(eb.refTuple('o.ordered_on', 'o.id'), '>', eb.tuple(after[0], after[1])));
  else if (f.from) q = q.where('o.ordered_on', '>=', f.from);
  if (f.to) q = q.where('o.ordered_on', '<=', f.to);
  return q.orderBy('o.ordered_on').orderBy('o.id').limit(EXPORT_PAGE_ROWS);
}

async function* keysetPages(engine: Engine, page: (after: ExportKey | undefined) => Compilable, keyAt: number): AsyncGenerator<unknown[][]> {
  let after: ExportKey | undefined;
  for (;;) {
    const rows = await engine.rows(page(after));
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_PAGE_ROWS) return;
    const last = rows[rows.length - 1]!;
    after = [last[keyAt] as string, last[0] as number];
  }
}

/** The interactions export as arrays in INTERACTION_EXPORT_FIELDS order, a page at a time, by (occurred_at, id). */
export function interactionExportPages(engine: Engine, db: Db, f: DatedFilter): AsyncGenerator<unknown[][]> {
  return keysetPages(engine, (after) => interactionPage(db, f, after), INTERACTION_EXPORT_FIELDS.indexOf('i.occurred_at'));
}

/** The orders export as arrays in ORDER_EXPORT_FIELDS order, a page at a time, by (ordered_on, id). */
export function orderExportPages(engine: Engine, db: Db, f: DatedFilter): AsyncGenerator<unknown[][]> {
  return keysetPages(engine, (after) => orderPage(db, f, after), ORDER_EXPORT_FIELDS.indexOf('o.ordered_on'));
}

/** Postcode, country and kind of accounts (a contact export adds them to each person). */
export async function accountPostal(db: Db, ids: readonly number[]): Promise<{ id: number; postcode: string | null; country: string | null; kind: string }[]> {
  const out: { id: number; postcode: string | null; country: string | null; kind: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await db.selectFrom('accounts').select(['id', 'postcode', 'country', 'kind']).where('id', 'in', ids.slice(i, i + 500)).execute()));
  return out;
}

/** Materials sent with these interactions, and the other people present at them (a page of the export). */
export async function interactionExtras(db: Db, ids: readonly number[]) {
  if (!ids.length) return { materials: [], others: [] };
  const materials = await db.selectFrom('interaction_materials').select(['interaction_id', 'material']).where('interaction_id', 'in', ids).execute();
  const others = await db
    .selectFrom('interaction_contacts as ic')
    .innerJoin('contacts as c', 'c.id', 'ic.contact_id')
    .select(['ic.interaction_id', 'c.name'])
    .where('ic.interaction_id', 'in', ids)
    .orderBy('c.name')
    .execute();
  return { materials, others };
}
