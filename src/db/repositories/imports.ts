// Data access for imports. The per-row statements are built with Kysely once and prepared on the
// driver (prepare() in sqlite.ts): an import runs them millions of times, synchronously, inside one
// transaction. Every lookup goes through an index, never an in-memory copy of the database.
import { CompiledQuery, type Compilable } from 'kysely';
import type { Db, Engine, SearchIndex } from '../engine.js';
import type { Account, Contact, ImportBatchTable, NewAccount, NewContact, NewContactPoint } from '../schema.js';
import type { Insertable, Selectable } from 'kysely';
import { prepare, rawConnection, type Prepared } from '../sqlite/raw.js';
import { searchIndexSql } from '../sqlite/search-index.js';
import type { RawDb } from '../sqlite/connection.js';

const MARK = '\u0000@';

/** A prepared statement with named parameters, whatever order Kysely put them in. */
class Stmt<K extends string> {
  private slots: { name?: K; value?: unknown }[];
  private p: Prepared;
  constructor(h: RawDb, build: (p: (name: K) => any) => Compilable) {
    const q = build((name) => `${MARK}${name}`).compile();
    this.slots = q.parameters.map((v) =>
      typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) as K } : { value: v },
    );
    this.p = prepare(h, q);
  }
  private args(a: Record<K, unknown>): unknown[] {
    const out = new Array(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      out[i] = s.name !== undefined ? a[s.name] : s.value;
    }
    return out;
  }
  run(a: Record<K, unknown>): number {
    return Number(this.p.run(this.args(a)).lastInsertRowid);
  }
  get<T>(a: Record<K, unknown>): T | undefined {
    return this.p.get<T>(this.args(a));
  }
  all<T>(a: Record<K, unknown>): T[] {
    return this.p.all<T>(this.args(a));
  }
}

const ACCOUNT_COLS = [
  'kind', 'name', 'name_key', 'website', 'domain', 'address', 'city', 'region', 'country', 'postcode', 'industry',
  'employees', 'main_business', 'business_scope', 'source', 'campaign', 'owner_id', 'notes', 'extra', 'batch_id',
  'source_file', 'source_line', 'created_at', 'updated_at',
] as const;
const MERGED_ACCOUNT_COLS = [
  'id', 'kind', 'name', 'name_key', 'website', 'domain', 'address', 'city', 'region', 'country', 'postcode', 'industry',
  'employees', 'main_business', 'business_scope', 'source', 'campaign', 'owner_id', 'notes', 'extra',
] as const;
/** What an import reads of an account it merges into. */
export type MergedAccount = Pick<Account, (typeof MERGED_ACCOUNT_COLS)[number]>;
const CONTACT_COLS = [
  'account_id', 'name', 'name_key', 'given_name', 'family_name', 'title', 'department', 'personality', 'hobbies',
  'birthday', 'buying_role', 'notes', 'extra', 'batch_id', 'source_file', 'source_line', 'created_at', 'updated_at',
] as const;
const POINT_COLS = ['account_id', 'contact_id', 'kind', 'label', 'value', 'raw', 'match_key', 'is_primary', 'batch_id', 'created_at'] as const;
const ROW_COLS = ['batch_id', 'file', 'line', 'action', 'account_id', 'contact_id', 'order_id', 'changes', 'conflicts', 'reason'] as const;
const ORDER_COLS = [
  'account_id', 'ordered_on', 'amount', 'profit', 'product', 'quantity', 'currency', 'reference', 'batch_id', 'source_file',
  'source_line', 'created_at',
] as const;

type Row<C extends readonly string[]> = Record<C[number], unknown>;
export type AccountRow = Row<typeof ACCOUNT_COLS>;
export type ContactRow = Row<typeof CONTACT_COLS>;
export type PointRow = Row<typeof POINT_COLS>;
export type ImportRowRow = Row<typeof ROW_COLS>;
export type OrderRowRow = Row<typeof ORDER_COLS>;

function named<C extends readonly string[]>(cols: C, p: (n: C[number]) => unknown): Record<string, unknown> {
  return Object.fromEntries(cols.map((c) => [c, p(c)]));
}

export interface Match {
  contact_id: number;
  account_id: number;
}

/** The prepared statements of one import, bound to one open database. */
export function importStatements(engine: Engine) {
  const db = engine.db;
  const h = rawConnection(engine);
  const s = {
    // One statement per kind: SQLite plans "kind IN (...)" with a sort step that costs 10-50x an
    // equality probe on the (match_key, kind) index, and these run for every row.
    contactByPoint: new Stmt<'key' | 'kind'>(h, (p) =>
      db.selectFrom('contact_points').select(['contact_id', 'account_id']).where('match_key', '=', p('key')).where('kind', '=', p('kind')).where('contact_id', 'is not', null).orderBy('id').limit(1),
    ),
    // 'mobile' and 'phone' are adjacent in sort order (email, fax, im, mobile, phone, web): one
    // range probe on the (match_key, kind) index finds a number filed under either kind
    contactByNumber: new Stmt<'key'>(h, (p) =>
      db
        .selectFrom('contact_points')
        .select(['contact_id', 'account_id'])
        .where('match_key', '=', p('key'))
        .where('kind', '>=', 'mobile')
        .where('kind', '<=', 'phone')
        .where('contact_id', 'is not', null)
        .limit(1),
    ),
    contactByNumberAndName: new Stmt<'key' | 'name'>(h, (p) =>
      db
        .selectFrom('contact_points as cp')
        .innerJoin('contacts as c', 'c.id', 'cp.contact_id')
        .select(['cp.contact_id', 'cp.account_id'])
        .where('cp.match_key', '=', p('key'))
        .where('cp.kind', '>=', 'mobile')
        .where('cp.kind', '<=', 'phone')
        .where('c.name_key', '=', p('name'))
        .orderBy('cp.id')
        .limit(1),
    ),
    // name + company: the company is found first, then the (name_key, account_id) index answers
    // directly, however common the name is
    contactByNameInAccount: new Stmt<'name' | 'account'>(h, (p) =>
      db.selectFrom('contacts').select(['id as contact_id', 'account_id']).where('name_key', '=', p('name')).where('account_id', '=', p('account')).limit(1),
    ),
    // a vCard UID crm wrote names the contact by id (services/import.ts contactByUid)
    contactById: new Stmt<'id'>(h, (p) => db.selectFrom('contacts').select(['id as contact_id', 'account_id', 'created_at']).where('id', '=', p('id'))),
    contactByNameIndividual: new Stmt<'name'>(h, (p) =>
      db
        .selectFrom('contacts as c')
        .innerJoin('accounts as a', 'a.id', 'c.account_id')
        .select(['c.id as contact_id', 'c.account_id'])
        .where('c.name_key', '=', p('name'))
        .where('a.kind', '=', 'individual')
        .whereRef('a.name_key', '=', 'c.name_key')
        .orderBy('c.id')
        .limit(1),
    ),
    accountByCompanyKey: new Stmt<'key'>(h, (p) =>
      db.selectFrom('accounts').select('id').where('name_key', '=', p('key')).where('kind', '=', 'company').where('archived_at', 'is', null).orderBy('id').limit(1),
    ),
    // other names (aliases): probed only when the database has any
    anyAlias: new Stmt<never>(h, () => db.selectFrom('aliases').select('id').limit(1)),
    accountByAliasKey: new Stmt<'key'>(h, (p) =>
      db
        .selectFrom('aliases as al')
        .innerJoin('accounts as a', 'a.id', 'al.account_id')
        .select('a.id')
        .where('al.name_key', '=', p('key'))
        .where('al.contact_id', 'is', null)
        .where('a.kind', '=', 'company')
        .where('a.archived_at', 'is', null)
        .orderBy('a.id')
        .limit(1),
    ),
    contactByAliasInAccount: new Stmt<'name' | 'account'>(h, (p) =>
      db.selectFrom('aliases').select(['contact_id', 'account_id']).where('name_key', '=', p('name')).where('account_id', '=', p('account')).where('contact_id', 'is not', null).limit(1),
    ),
    contactByAliasIndividual: new Stmt<'name'>(h, (p) =>
      db
        .selectFrom('aliases as al')
        .innerJoin('accounts as a', 'a.id', 'al.account_id')
        .select(['al.contact_id', 'al.account_id'])
        .where('al.name_key', '=', p('name'))
        .where('al.contact_id', 'is not', null)
        .where('a.kind', '=', 'individual')
        .orderBy('al.id')
        .limit(1),
    ),
    contactAlias: new Stmt<'contact' | 'key'>(h, (p) => db.selectFrom('aliases').select('id').where('contact_id', '=', p('contact')).where('name_key', '=', p('key')).limit(1)),
    accountAlias: new Stmt<'account' | 'key'>(h, (p) =>
      db.selectFrom('aliases').select('id').where('account_id', '=', p('account')).where('contact_id', 'is', null).where('name_key', '=', p('key')).limit(1),
    ),
    insertAlias: new Stmt<'account_id' | 'contact_id' | 'name' | 'name_key' | 'batch_id' | 'created_at'>(h, (p) =>
      db.insertInto('aliases').values({
        account_id: p('account_id'),
        contact_id: p('contact_id'),
        name: p('name'),
        name_key: p('name_key'),
        source: 'import',
        batch_id: p('batch_id'),
        created_at: p('created_at'),
      }),
    ),
    aliasesForIndex: new Stmt<'id'>(h, (p) => db.selectFrom('aliases').select('name').where('account_id', '=', p('id')).orderBy('id')),
    aliasesForIndexIn: new Stmt<'lo' | 'hi'>(h, (p) =>
      db.selectFrom('aliases').select(['account_id', 'name']).where('account_id', '>=', p('lo')).where('account_id', '<=', p('hi')).orderBy('account_id').orderBy('id'),
    ),
    accountByDomain: new Stmt<'domain'>(h, (p) =>
      db.selectFrom('accounts').select('id').where('domain', '=', p('domain')).where('kind', '=', 'company').where('archived_at', 'is', null).orderBy('id').limit(1),
    ),
    // the columns an import merges into and indexes, not the ~55 of the whole row
    account: new Stmt<'id'>(h, (p) => db.selectFrom('accounts').select(MERGED_ACCOUNT_COLS).where('id', '=', p('id'))),
    contact: new Stmt<'id'>(h, (p) => db.selectFrom('contacts').selectAll().where('id', '=', p('id'))),
    pointKeysOfContact: new Stmt<'id'>(h, (p) => db.selectFrom('contact_points').select(['kind', 'match_key']).where('contact_id', '=', p('id'))),
    companyPointKeys: new Stmt<'id'>(h, (p) =>
      db.selectFrom('contact_points').select(['kind', 'match_key']).where('account_id', '=', p('id')).where('contact_id', 'is', null),
    ),
    insertAccount: new Stmt<(typeof ACCOUNT_COLS)[number]>(h, (p) => db.insertInto('accounts').values(named(ACCOUNT_COLS, p) as never)),
    insertContact: new Stmt<(typeof CONTACT_COLS)[number]>(h, (p) => db.insertInto('contacts').values(named(CONTACT_COLS, p) as never)),
    insertPoint: new Stmt<(typeof POINT_COLS)[number]>(h, (p) => db.insertInto('contact_points').values(named(POINT_COLS, p) as never)),
    insertTag: new Stmt<'account_id' | 'tag'>(h, (p) =>
      db.insertInto('account_tags').values({ account_id: p('account_id'), tag: p('tag') }).onConflict((oc) => oc.doNothing()),
    ),
    hasTag: new Stmt<'account_id' | 'tag'>(h, (p) => db.selectFrom('account_tags').select('tag').where('account_id', '=', p('account_id')).where('tag', '=', p('tag'))),
    insertRow: new Stmt<(typeof ROW_COLS)[number]>(h, (p) => db.insertInto('import_rows').values(named(ROW_COLS, p) as never)),
    contactsForIndex: new Stmt<'id'>(h, (p) => db.selectFrom('contacts').select(['name', 'title', 'department', 'notes']).where('account_id', '=', p('id')).orderBy('id')),
    pointsForIndex: new Stmt<'id'>(h, (p) => db.selectFrom('contact_points').select(['value', 'raw']).where('account_id', '=', p('id')).orderBy('id')),
    // the search text of the accounts an import created, a range of ids at a time
    accountsForIndexAfter: new Stmt<'after' | 'limit'>(h, (p) =>
      db
        .selectFrom('accounts')
        .select(['id', 'name', 'city', 'region', 'industry', 'main_business', 'domain', 'address', 'notes'])
        .where('id', '>', p('after'))
        .orderBy('id')
        .limit(p('limit')),
    ),
    contactsForIndexIn: new Stmt<'lo' | 'hi'>(h, (p) =>
      db
        .selectFrom('contacts')
        .select(['account_id', 'name', 'title', 'department', 'notes'])
        .where('account_id', '>=', p('lo'))
        .where('account_id', '<=', p('hi'))
        .orderBy('account_id')
        .orderBy('id'),
    ),
    pointsForIndexIn: new Stmt<'lo' | 'hi'>(h, (p) =>
      db
        .selectFrom('contact_points')
        .select(['account_id', 'value', 'raw'])
        .where('account_id', '>=', p('lo'))
        .where('account_id', '<=', p('hi'))
        .orderBy('account_id')
        .orderBy('id'),
    ),
    maxAccountId: new Stmt<never>(h, () => db.selectFrom('accounts').select((eb) => eb.fn.max('id').as('id'))),
    repByName: new Stmt<'name'>(h, (p) => db.selectFrom('reps').select('id').where('name', '=', p('name'))),
    insertRep: new Stmt<'name' | 'email' | 'created_at'>(h, (p) => db.insertInto('reps').values({ name: p('name'), email: p('email'), created_at: p('created_at') })),
    // orders
    accountIdExists: new Stmt<'id'>(h, (p) => db.selectFrom('accounts').select('id').where('id', '=', p('id'))),
    accountsByPoint: new Stmt<'key' | 'k1' | 'k2' | 'k3'>(h, (p) =>
      db.selectFrom('contact_points').select('account_id').distinct().where('match_key', '=', p('key')).where('kind', 'in', [p('k1'), p('k2'), p('k3')]).limit(2),
    ),
    accountsByNameKey: new Stmt<'key'>(h, (p) =>
      db.selectFrom('accounts').select('id').where('name_key', '=', p('key')).where('archived_at', 'is', null).limit(2),
    ),
    accountsByContactName: new Stmt<'key'>(h, (p) =>
      db.selectFrom('contacts').select('account_id').distinct().where('name_key', '=', p('key')).limit(2),
    ),
    orderExists: new Stmt<'account' | 'on' | 'amount' | 'reference' | 'product'>(h, (p) =>
      db
        .selectFrom('orders')
        .select('id')
        .where('account_id', '=', p('account'))
        .where('ordered_on', '=', p('on'))
        .where('amount', '=', p('amount'))
        .where('reference', 'is', p('reference'))
        .where('product', 'is', p('product'))
        .limit(1),
    ),
    insertOrder: new Stmt<(typeof ORDER_COLS)[number]>(h, (p) => db.insertInto('orders').values(named(ORDER_COLS, p) as never)),
  };
  const searchDelete = prepare(h, CompiledQuery.raw(searchIndexSql.delete));
  const searchInsert = prepare(h, CompiledQuery.raw(searchIndexSql.insert));
  const updates = new Map<string, Stmt<string>>();
  const update = (table: 'accounts' | 'contacts', id: number, patch: Record<string, unknown>) => {
    const cols = Object.keys(patch).sort();
    const key = `${table}:${cols.join(',')}`;
    let st = updates.get(key);
    if (!st) {
      st = new Stmt<string>(h, (p) =>
        db
          .updateTable(table)
          .set(Object.fromEntries(cols.map((c) => [c, p(c)])) as never)
          .where('id', '=', p('__id')),
      );
      updates.set(key, st);
    }
    st.run({ ...patch, __id: id });
  };
  return {
    ...s,
    update,
    setSearch(id: number, body: string, isNew = false) {
      if (!isNew) searchDelete.run([id]);
      searchInsert.run([id, body]);
    },
    ACCOUNT_COLS,
    CONTACT_COLS,
    POINT_COLS,
  };
}
export type ImportStatements = ReturnType<typeof importStatements>;

/** How many dedup keys the database holds: what preloading them into a filter would cost. */
export async function dedupKeyCount(db: Db): Promise<number> {
  let n = 0;
  for (const t of ['accounts', 'contacts', 'contact_points'] as const) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}

/**
 * Streams every key the import's dedup probes look up: account name keys (tag 'a') and domains
 * ('d'), contact name keys ('c'), email keys ('e') and phone-number keys ('n').
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

/** The filter tag of a contact point kind: the import matches people by email and by number. */
export function pointTag(kind: string): 'e' | 'n' | null {
  return kind === 'email' ? 'e' : kind === 'mobile' || kind === 'phone' || kind === 'fax' ? 'n' : null;
}

export async function createBatch(db: Db, b: Insertable<ImportBatchTable>): Promise<number> {
  const r = await db.insertInto('import_batches').values(b).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function finishBatch(db: Db, id: number, patch: Partial<Selectable<ImportBatchTable>>): Promise<void> {
  await db.updateTable('import_batches').set(patch).where('id', '=', id).execute();
}

export async function getBatch(db: Db, id: number) {
  return db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBatches(db: Db) {
  return db.selectFrom('import_batches').selectAll().orderBy('id', 'desc').execute();
}

/** Set-based refresh of last_order_on for the accounts a batch touched (big files: one statement). */
export async function refreshLastOrder(db: Db, batchId: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({
      last_order_on: eb.selectFrom('orders').select((e) => e.fn.max('ordered_on').as('m')).whereRef('orders.account_id', '=', 'accounts.id'),
    }))
    .where('id', 'in', (eb) => eb.selectFrom('import_rows').select('account_id').where('batch_id', '=', batchId).where('account_id', 'is not', null))
    .execute();
}

export async function rowsOfBatch(db: Db, batchId: number) {
  return db.selectFrom('import_rows').selectAll().where('batch_id', '=', batchId).orderBy('id', 'desc').execute();
}

export async function rowsPage(db: Db, batchId: number, afterId: number, limit: number) {
  return db
    .selectFrom('import_rows')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('changes', 'is not', null), eb('conflicts', 'is not', null), eb('action', '=', 'rejected')]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Later batches (not undone) that merged into records this batch created. */
export async function laterBatchesTouching(db: Db, batchId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('import_rows as r')
    .innerJoin('import_batches as b', 'b.id', 'r.batch_id')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select('r.batch_id')
    .distinct()
    .where('a.batch_id', '=', batchId)
    .where('r.batch_id', '>', batchId)
    .where('b.status', '=', 'done')
    .where('r.action', 'in', ['created', 'merged'])
    .execute();
  return rows.map((r) => r.batch_id);
}

/** Undo of one batch, as a handful of set-based statements. Merges are reverted by the caller. */
export async function deleteBatchRecords(db: Db, search: SearchIndex, batchId: number): Promise<{ accounts: number; contacts: number; points: number; orders: number }> {
  const orders = await db.deleteFrom('orders').where('batch_id', '=', batchId).executeTakeFirst();
  // names the batch kept as aliases of records that were there before it
  await db.deleteFrom('aliases').where('batch_id', '=', batchId).execute();
  const points = await db.deleteFrom('contact_points').where('batch_id', '=', batchId).executeTakeFirst();
  const contacts = await db.deleteFrom('contacts').where('batch_id', '=', batchId).executeTakeFirst();
  const ids = db.selectFrom('accounts').select('id').where('batch_id', '=', batchId);
  await search.removeWhere(db, ids);
  const accounts = await db.deleteFrom('accounts').where('batch_id', '=', batchId).executeTakeFirst();
  return {
    accounts: Number(accounts.numDeletedRows),
    contacts: Number(contacts.numDeletedRows),
    points: Number(points.numDeletedRows),
    orders: Number(orders.numDeletedRows),
  };
}

export type { Account, Contact, NewAccount, NewContact, NewContactPoint };
