// `crm account merge A B` / `crm contact merge A B` (issue 13, point 6): B is the same company or
// person as A, recorded twice. Everything that belongs to B moves to A (contacts, interactions,
// orders, deals, promises, tags, aliases, provenance, due state... every table that points at it,
// including tables later migrations add); A's empty fields are filled from B; where both have a
// value, A's stays and B's is written into A's notes; B's name becomes an alias of A. B is then
// deleted. The whole merge is one history entry, so `crm undo` puts B back as it was.
import type { Db } from '../db/engine.js';
import type { ForeignKey, RecordedTable } from '../db/history.js';
import * as accounts from '../db/repositories/accounts.js';
import * as contactsRepo from '../db/repositories/contacts.js';
import * as tableRows from '../db/repositories/rows.js';
import { mergedItemKey } from '../domain/due.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { mergeNote, mergeRecords, type FieldConflict } from '../domain/record-merge.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { keepAlias, nameKey } from './names.js';

export interface MergeResult {
  kept: { id: number; name: string };
  merged: { id: number; name: string };
  /** rows moved from B to A, by table */
  moved: Record<string, number>;
  /** fields of A filled from B */
  filled: string[];
  /** differing values: A's kept, B's written into A's notes */
  conflicts: FieldConflict[];
  /** B's name, kept as another name of A (unless it is the same name) */
  alias: string | null;
  /** people that now appear twice at A (crm contact merge can join them) */
  possibleDuplicates: { keep: number; other: number; name: string }[];
  /** the history entry of the merge (crm undo CHANGE reverts it) */
  change: number | null;
}

const ACCOUNT_FIELDS = {
  plain: [
    'website', 'domain', 'address', 'city', 'region', 'country', 'postcode', 'industry', 'industry_position', 'employees',
    'main_business', 'business_scope', 'buying_mode', 'supply_channels', 'source', 'campaign', 'founded_on',
    'key_face', 'potential', 'expected_demand',
  ],
  either: ['strategic'],
  text: ['notes'],
  json: ['extra'],
};

const CONTACT_FIELDS = {
  plain: ['given_name', 'family_name', 'title', 'department', 'personality', 'hobbies', 'birthday', 'buying_role'],
  lists: ['entry_roles'],
  text: ['notes'],
  json: ['extra'],
};

/** The tables and columns that point at a row of `parent`: foreign keys, plus account_id columns of recorded tables. */
function references(parent: 'accounts' | 'contacts', tables: RecordedTable[], fks: ForeignKey[]): { table: RecordedTable; column: string }[] {
  const out: { table: RecordedTable; column: string }[] = [];
  for (const t of tables) {
    const cols = new Set(fks.filter((k) => k.table === t.name && k.parent === parent).map((k) => k.column));
    // a column named account_id / contact_id points at one even without a declared key (import provenance)
    const named = parent === 'accounts' ? 'account_id' : 'contact_id';
    if (t.columns.includes(named)) cols.add(named);
    for (const column of cols) out.push({ table: t, column });
  }
  return out;
}

/** Moves the rows of `table` whose `column` is `from` to `to`; a row whose key would then clash (a tag both have) is dropped. */
async function move(db: Db, table: RecordedTable, column: string, from: number, to: number): Promise<number> {
  if (table.key.length > 1 && table.key.includes(column)) {
    let n = 0;
    for (const row of await tableRows.readRows(db, table.name, { [column]: from })) {
      const key = Object.fromEntries(table.key.map((k) => [k, row[k]]));
      if (await tableRows.readRow(db, table.name, { ...key, [column]: to })) await tableRows.deleteRows(db, table.name, key);
      else {
        await tableRows.updateRows(db, table.name, key, { [column]: to });
        n++;
      }
    }
    return n;
  }
  return tableRows.moveReferences(db, table.name, column, from, to);
}

/** A and B for a merge: two different records, both there. */
async function pairOf<T>(what: 'account' | 'contact', keepId: number, otherId: number, get: (id: number) => Promise<T | undefined>): Promise<[T, T]> {
  if (keepId === otherId) throw new ValidationError(`${what === 'account' ? 'an account' : 'a contact'} cannot be merged into itself`);
  const a = await get(keepId);
  const b = await get(otherId);
  if (!a) throw new NotFoundError(`${what} ${keepId} not found`);
  if (!b) throw new NotFoundError(`${what} ${otherId} not found`);
  return [a, b];
}

/** Moves every row that points at B (`parent` row `from`) to A; rows moved, by table. */
async function moveReferencing(t: ServiceContext, parent: 'accounts' | 'contacts', from: number, to: number): Promise<Record<string, number>> {
  const tables = await t.engine.history.tables(t.db);
  const fks = await t.engine.history.foreignKeys(t.db);
  const moved: Record<string, number> = {};
  for (const { table, column } of references(parent, tables, fks)) {
    if (parent === 'accounts' && table.name === 'accounts') {
      // accounts B referred: referred by A now
      const n = await tableRows.moveReferences(t.db, 'accounts', column, from, to);
      if (n) moved['accounts referred'] = n;
      continue;
    }
    const n = await move(t.db, table, column, from, to);
    if (n) moved[table.name] = (moved[table.name] ?? 0) + n;
  }
  return moved;
}

/** Commits the merge as one history entry (its id is what crm undo takes) and says what it did. */
async function sealMerge(
  t: ServiceContext,
  r: { a: { id: number; name: string }; b: { id: number; name: string }; m: ReturnType<typeof mergeRecords>; moved: Record<string, number>; alias: string | null; possibleDuplicates: MergeResult['possibleDuplicates'] },
): Promise<MergeResult> {
  const change = await t.engine.history.commitEntry(t.db);
  return {
    kept: { id: r.a.id, name: r.a.name },
    merged: { id: r.b.id, name: r.b.name },
    moved: r.moved,
    filled: Object.keys(r.m.set).filter((k) => k !== 'notes' || !r.m.conflicts.length),
    conflicts: r.m.conflicts,
    alias: r.alias,
    possibleDuplicates: r.possibleDuplicates,
    change,
  };
}

/** Phones and emails B has that A has too (same key and kind of number): dropped, not moved. */
async function dropSharedPoints(db: Db, keep: { account_id: number; contact_id: number | null }, other: { account_id: number; contact_id: number | null }): Promise<void> {
  const mine = await tableRows.readRows(db, 'contact_points', keep);
  const number = (k: unknown) => k === 'phone' || k === 'mobile' || k === 'fax';
  for (const p of await tableRows.readRows(db, 'contact_points', other)) {
    const dup = mine.some((m) => m.match_key !== null && m.match_key === p.match_key && (m.kind === p.kind || (number(m.kind) && number(p.kind))));
    if (dup) await tableRows.deleteRows(db, 'contact_points', { id: p.id });
  }
}

function noteWith(notes: unknown, note: string): string {
  return typeof notes === 'string' && notes ? `${notes}\n${note}` : note;
}

export async function mergeAccounts(ctx: ServiceContext, keepId: number, otherId: number): Promise<MergeResult> {
  return inTransaction(ctx, async (t) => {
    const db = t.db;
    const [a, b] = await pairOf('account', keepId, otherId, (id) => accounts.getAccount(db, id));
    const now = ctx.clock.now();
    const m = mergeRecords(a, b, ACCOUNT_FIELDS);
    if (a.owner_id === null && b.owner_id !== null) m.set.owner_id = b.owner_id;
    else if (b.owner_id !== null && a.owner_id !== b.owner_id)
      m.conflicts.push({ field: 'owner', kept: (await accounts.repName(db, a.owner_id)) ?? '?', other: (await accounts.repName(db, b.owner_id)) ?? '?' });
    if (m.set.referred_by_id === undefined && a.referred_by_id === null && b.referred_by_id !== null && b.referred_by_id !== keepId) m.set.referred_by_id = b.referred_by_id;
    if (m.conflicts.length) m.set.notes = noteWith(m.set.notes ?? a.notes, mergeNote(`#${b.id} "${b.name}"`, ctx.clock.today(), m.conflicts));
    if (Object.keys(m.set).length) await accounts.updateAccount(db, keepId, { ...m.set, updated_at: now });
    // someone B referred, or A itself when B referred it, must not end up referring to itself
    if (a.referred_by_id === otherId) await accounts.updateAccount(db, keepId, { referred_by_id: null });

    await dropSharedPoints(db, { account_id: keepId, contact_id: null }, { account_id: otherId, contact_id: null });
    const moved = await moveReferencing(t, 'accounts', otherId, keepId);
    await rekeyDueState(db, otherId, keepId);
    const alias = (await keepAlias(db, { accountId: keepId, contactId: null, owner: a.kind, name: b.name, currentKey: a.name_key, source: 'merge', now })) ? b.name : null;
    await t.engine.search.set(db, otherId, null);
    await tableRows.deleteRows(db, 'accounts', { id: otherId });
    await accountTouched(db, keepId, ctx.config);
    await accounts.reindexAccounts(db, t.engine.search, [keepId]);
    return sealMerge(t, { a, b, m, moved, alias, possibleDuplicates: await samePeople(db, keepId) });
  });
}

/**
 * Done and snoozed due items of B keep their state at A: an item id that names the account
 * (`cadence:ACCOUNT`) is renamed (mergedItemKey); where A has the same item already (its own
 * cadence), A's state stays.
 */
async function rekeyDueState(db: Db, from: number, to: number): Promise<void> {
  for (const row of await tableRows.readRows(db, 'due_state', { account_id: to })) {
    const key = String(row.item_key);
    const next = mergedItemKey(key, from, to);
    if (next === null) continue;
    if (await tableRows.readRow(db, 'due_state', { item_key: next })) await tableRows.deleteRows(db, 'due_state', { item_key: key });
    else await tableRows.updateRows(db, 'due_state', { item_key: key }, { item_key: next });
  }
}

/** People of one account with the same name key: after a merge, likely one person twice. */
async function samePeople(db: Db, accountId: number): Promise<{ keep: number; other: number; name: string }[]> {
  const people = await contactsRepo.contactsOfAccount(db, accountId);
  const out: { keep: number; other: number; name: string }[] = [];
  const first = new Map<string, number>();
  for (const c of people) {
    const k = first.get(c.name_key);
    if (k === undefined) first.set(c.name_key, c.id);
    else out.push({ keep: k, other: c.id, name: c.name });
  }
  return out;
}

export async function mergeContacts(ctx: ServiceContext, keepId: number, otherId: number): Promise<MergeResult> {
  return inTransaction(ctx, async (t) => {
    const db = t.db;
    const [a, b] = await pairOf('contact', keepId, otherId, (id) => contactsRepo.getContact(db, id));
    if (a.account_id !== b.account_id)
      throw new ConflictError(
        `contacts ${keepId} and ${otherId} belong to different accounts (${a.account_id} and ${b.account_id})`,
        `if the accounts are the same company, merge them first: crm account merge ${a.account_id} ${b.account_id}`,
      );
    const now = ctx.clock.now();
    const m = mergeRecords(a, b, CONTACT_FIELDS);
    if (m.conflicts.length) m.set.notes = noteWith(m.set.notes ?? a.notes, mergeNote(`#${b.id} "${b.name}"`, ctx.clock.today(), m.conflicts));
    if (Object.keys(m.set).length) await contactsRepo.updateContact(db, keepId, { ...m.set, updated_at: now });
    await dropSharedPoints(db, { account_id: a.account_id, contact_id: keepId }, { account_id: b.account_id, contact_id: otherId });
    const moved = await moveReferencing(t, 'contacts', otherId, keepId);
    const alias = (await keepAlias(db, { accountId: a.account_id, contactId: keepId, owner: 'contact', name: b.name, currentKey: nameKey('contact', a.name), source: 'merge', now })) ? b.name : null;
    await tableRows.deleteRows(db, 'contacts', { id: otherId });
    await accountTouched(db, a.account_id, ctx.config);
    await accounts.reindexAccounts(db, t.engine.search, [a.account_id]);
    return sealMerge(t, { a, b, m, moved, alias, possibleDuplicates: [] });
  });
}
