// `crm history` and `crm undo`: reading the change log and reverting an entry (issue 13, point 5).
//
// The log is written by the engine (src/db/history.ts): every committed write is one entry with the
// rows it inserted, updated or deleted, before and after. Undo applies the opposite operations,
// newest row first, after checking that each row is still as the entry left it; a row changed
// since (by a later entry, or by an import) means something depends on the entry, and the undo is
// refused naming it. The undo is itself an entry (kind undo), so undoing it again re-applies the
// change (kind redo). Derived data (due items, activity dates, the search index) is recomputed
// for the accounts concerned; scores refresh by themselves when the data changed.
import type { Db } from '../db/engine.js';
import { UNWATCHED_COLUMNS, type ForeignKey, type RecordedTable } from '../db/history.js';
import { dbErrorKind } from '../db/errors.js';
import * as accounts from '../db/repositories/accounts.js';
import * as repo from '../db/repositories/history.js';
import * as tableRows from '../db/repositories/rows.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

type Values = Record<string, unknown>;

export interface HistoryRowView {
  table: string;
  row: string;
  op: 'insert' | 'update' | 'delete';
  accountId: number | null;
  /** the fields that changed (all recorded fields for an insert or delete) */
  fields: { field: string; before: unknown; after: unknown }[];
}

export interface HistoryEntryView {
  id: number;
  at: string;
  command: string;
  args: string | null;
  rep: string | null;
  kind: string;
  undoes: number | null;
  undoneBy: number | null;
  batchId: number | null;
  /** one line: what the entry did */
  summary: string;
  rows: number;
  accounts: number[];
}

const NOUNS: Record<string, string> = {
  accounts: 'account',
  account_tags: 'tag',
  contacts: 'contact',
  contact_points: 'phone/email',
  important_dates: 'important date',
  deal_stage_history: 'stage move',
  interaction_materials: 'material',
  churn_signals: 'churn signal',
  due_state: 'due item state',
  visit_plans: 'visit plan',
  import_batches: 'import batch',
  import_rows: 'import row',
  aliases: 'alias',
  promises: 'promise',
  surveys: 'survey',
  complaints: 'complaint',
  interactions: 'interaction',
  orders: 'order',
  deals: 'deal',
  handoffs: 'handoff',
  campaigns: 'campaign',
  visits: 'visit',
};

/** "interaction", "phone/email": a table's rows as a person calls them. */
export function noun(table: string): string {
  return NOUNS[table] ?? table.replace(/_/g, ' ').replace(/ies$/, 'y').replace(/s$/, '');
}

const LABEL_FIELDS = ['name', 'title', 'summary', 'what', 'value', 'tag', 'material', 'kind', 'item_key'];

function parse(json: string | null): Values {
  return json ? (JSON.parse(json) as Values) : {};
}

function rowLabel(tbl: string, key: string, image: Values): string {
  const shown = key.startsWith('[') ? '' : ` #${key}`;
  const f = LABEL_FIELDS.find((k) => typeof image[k] === 'string' && image[k]);
  const text = f ? String(image[f]) : '';
  return `${noun(tbl)}${shown}${text ? ` "${text.length > 30 ? text.slice(0, 29) + '…' : text}"` : ''}`;
}

/** Equal as stored: JSON keeps 15 significant digits of a real, so numbers compare with a tolerance. */
function same(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (typeof a === 'bigint' || typeof b === 'bigint') return String(a) === String(b);
  return a === b;
}

function rowView(r: repo.EntryRow): HistoryRowView {
  const before = parse(r.before);
  const after = parse(r.after);
  const cols = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const fields =
    r.op === 'update'
      ? cols.filter((c) => !same(before[c], after[c]) && !UNWATCHED_COLUMNS.has(c)).map((c) => ({ field: c, before: before[c] ?? null, after: after[c] ?? null }))
      : cols.filter((c) => (r.op === 'insert' ? after[c] : before[c]) !== null).map((c) => ({ field: c, before: before[c] ?? null, after: after[c] ?? null }));
  return { table: r.tbl, row: r.row_key, op: r.op, accountId: r.account_id, fields };
}

const short = (v: unknown) => {
  const s = v === null || v === undefined ? '∅' : String(v);
  return s.length > 24 ? s.slice(0, 23) + '…' : s;
};

function describeRow(r: repo.EntryRow): string {
  const v = rowView(r);
  const image = r.op === 'delete' ? parse(r.before) : parse(r.after);
  const label = rowLabel(r.tbl, r.row_key, image);
  if (r.op === 'insert') return `added ${label}`;
  if (r.op === 'delete') return `removed ${label}`;
  if (v.fields.length === 1) {
    const f = v.fields[0]!;
    return `${label} ${f.field}: ${short(f.before)} → ${short(f.after)}`;
  }
  return `${label}: ${v.fields.map((f) => f.field).join(', ')}`;
}

/** What the entry did; `root` is the change an undo or redo entry finally reverts or re-applies. */
function summarize(e: repo.Entry, rows: repo.EntryRow[], root?: number): string {
  if (e.kind === 'import') return `import batch ${e.batch_id} (undo with crm undo ${e.id} or crm import undo ${e.batch_id})`;
  if (e.kind === 'import-undo') return `undid import batch ${e.batch_id}`;
  const head = e.kind === 'undo' ? `undid change ${root ?? e.undoes}: ` : e.kind === 'redo' ? `redid change ${root ?? e.undoes}: ` : '';
  // the user's records first: a stage move or a material is detail of the interaction beside it
  const minor = new Set(['interaction_materials', 'deal_stage_history', 'import_rows', 'due_state']);
  const main = rows.filter((r) => !minor.has(r.tbl));
  const listed = (main.length ? main : rows).slice(0, 3).map(describeRow);
  const more = rows.length - listed.length;
  return head + listed.join('; ') + (more > 0 ? `; and ${more} more row${more === 1 ? '' : 's'}` : '');
}

/** The original change behind an undo or redo entry (undo of a redo of an undo of X: X). */
async function rootOf(db: Db, e: repo.Entry): Promise<number> {
  let cur = e;
  for (let i = 0; i < 100 && cur.undoes !== null && (cur.kind === 'undo' || cur.kind === 'redo'); i++) {
    const next = await repo.getEntry(db, cur.undoes);
    if (!next) return cur.undoes;
    cur = next;
  }
  return cur.id;
}

function view(e: repo.Entry, rows: repo.EntryRow[], root?: number): HistoryEntryView {
  return {
    id: e.id,
    at: e.at,
    command: e.command,
    args: e.args,
    rep: e.rep,
    kind: e.kind,
    undoes: e.undoes,
    undoneBy: e.undone_by,
    batchId: e.batch_id,
    summary: summarize(e, rows, root),
    rows: rows.length,
    accounts: [...new Set(rows.map((r) => r.account_id).filter((x): x is number => x !== null))],
  };
}

/** The newest entries (of one account's rows, with an account), newest first. */
export async function listHistory(ctx: ServiceContext, f: { accountId?: number; limit?: number }): Promise<HistoryEntryView[]> {
  return ctx.engine.readSnapshot(async (db) => {
    const entries = await repo.listEntries(db, { accountId: f.accountId, limit: f.limit ?? 20 });
    const rows = await repo.rowsOfEntries(
      db,
      entries.map((e) => e.id),
    );
    const by = new Map<number, repo.EntryRow[]>();
    for (const r of rows) {
      const l = by.get(r.change_id!) ?? [];
      l.push(r);
      by.set(r.change_id!, l);
    }
    const out: HistoryEntryView[] = [];
    for (const e of entries) out.push(view(e, by.get(e.id) ?? [], e.undoes !== null ? await rootOf(db, e) : undefined));
    return out;
  });
}

/** One entry with every row it changed, field by field. */
export async function historyEntry(ctx: ServiceContext, id: number): Promise<HistoryEntryView & { changes: HistoryRowView[] }> {
  return ctx.engine.readSnapshot(async (db) => {
    const e = await repo.getEntry(db, id);
    if (!e) throw new NotFoundError(`no change ${id} in the history`, 'list them with: crm history');
    const rows = await repo.rowsOfEntries(db, [id]);
    return { ...view(e, rows, e.undoes !== null ? await rootOf(db, e) : undefined), changes: rows.map(rowView) };
  });
}

export interface UndoResult {
  /** the entry reverted */
  target: number;
  /** the change whose effect is now gone (undo) or back (redo): the target, or the change an undo reverted */
  change: number;
  /** the new entry that records the undo (or redo) */
  entry: number | null;
  kind: 'undo' | 'redo' | 'import-undo';
  /** what that change does */
  summary: string;
  rows: number;
  accounts: number[];
  /** set when the entry was an import: the batch undo's figures */
  batch?: { batchId: number; deletedAccounts: number; deletedContacts: number; deletedOrders: number; revertedMerges: number; keptEdits: number };
}

/**
 * Reverts an entry: the newest one still in effect (not an undo), the newest undo for a redo, or
 * the one named. Refuses, with the reason, when a row it wrote has changed since.
 */
export async function undoChange(ctx: ServiceContext, opts: { id?: number; redo?: boolean } = {}): Promise<UndoResult> {
  return inTransaction(ctx, async (t) => {
    const db = t.db;
    const target =
      opts.id !== undefined ? await repo.getEntry(db, opts.id) : await repo.latestLive(db, opts.redo ? ['undo'] : ['change', 'redo', 'import']);
    if (!target) {
      if (opts.id !== undefined) throw new NotFoundError(`no change ${opts.id} in the history`, 'list them with: crm history');
      throw new NotFoundError(opts.redo ? 'nothing to redo: no undo is in effect' : 'nothing to undo', 'see what changed with: crm history');
    }
    if (opts.redo && target.kind !== 'undo')
      throw new ConflictError(`change ${target.id} is not an undo, so there is nothing to redo`, `to revert it: crm undo ${target.id}`);
    if (target.undone_by !== null) {
      const by = await repo.getEntry(db, target.undone_by);
      throw new ConflictError(
        `change ${target.id} was already reverted by change ${target.undone_by}${by ? ` (${by.command}, ${by.at})` : ''}`,
        by?.kind === 'import-undo' ? 'import the file again to have it back' : `to have it back: crm undo ${target.undone_by}`,
      );
    }
    if (target.kind === 'import-undo')
      throw new ConflictError(`change ${target.id} undid import batch ${target.batch_id}; an undone import cannot be redone`, 'import the file again: crm import FILE');
    if (target.kind === 'import') {
      const { undoBatch } = await import('./import.js');
      const r = await undoBatch(t, target.batch_id!);
      return {
        target: target.id,
        change: target.id,
        entry: r.entry,
        kind: 'import-undo',
        summary: `import batch ${r.batchId}`,
        rows: r.deletedAccounts + r.deletedContacts + r.deletedOrders + r.revertedMerges,
        accounts: [],
        batch: r,
      };
    }
    const rows = await repo.rowsOfEntries(db, [target.id]);
    const tables = new Map((await t.engine.history.tables(db)).map((x) => [x.name, x]));
    const fks = (await t.engine.history.foreignKeys(db)).filter((fk) => tables.has(fk.table));
    const touched = new Set<number>();
    for (const r of [...rows].reverse()) {
      const table = tables.get(r.tbl);
      if (!table) throw new ConflictError(`change ${target.id} changed ${r.tbl}, which is no longer kept in the history; it cannot be undone`);
      for (const a of await revertRow(db, target, r, table, fks, ctx.clock.now())) touched.add(a);
    }
    const ids = [...touched];
    const alive = (await accounts.getAccounts(db, ids)).map((a) => a.id);
    if (alive.length) await accountTouched(db, alive, ctx.config);
    await accounts.reindexAccounts(db, t.engine.search, ids);
    const kind = target.kind === 'undo' ? 'redo' : 'undo';
    const entry = await t.engine.history.commitEntry(db, { kind, undoes: target.id });
    const root = target.undoes !== null ? await rootOf(db, target) : target.id;
    const original = root === target.id ? undefined : await repo.getEntry(db, root);
    const summary = original ? summarize(original, await repo.rowsOfEntries(db, [root])) : summarize(target, rows);
    return { target: target.id, change: root, entry, kind, summary, rows: rows.length, accounts: ids };
  });
}

function pick(image: Values, cols: readonly string[]): Values {
  return Object.fromEntries(cols.map((c) => [c, image[c] ?? null]));
}

function rowKey(table: RecordedTable, image: Values): string {
  return table.key.length === 1 ? String(image[table.key[0]!]) : JSON.stringify(table.key.map((k) => image[k] ?? null));
}

/** Reverts one row; returns the accounts it belonged to (two when a merge had moved it). */
async function revertRow(db: Db, target: repo.Entry, r: repo.EntryRow, table: RecordedTable, fks: ForeignKey[], now: string): Promise<number[]> {
  const before = parse(r.before);
  const after = parse(r.after);
  const compared = table.columns.filter((c) => !UNWATCHED_COLUMNS.has(c));
  const image = r.op === 'delete' ? before : after;
  const where = pick(image, table.key);
  const label = rowLabel(r.tbl, rowKey(table, image), image);
  const cur = await tableRows.readRow(db, r.tbl, where);
  const account = (...vs: (Values | undefined)[]) =>
    vs.map((v) => (table.accountColumn ? (v ?? image)[table.accountColumn] : null)).filter((a): a is number => typeof a === 'number');
  if (r.op === 'insert') {
    if (!cur) throw await dependent(db, target, r, table, image, `${label} no longer exists`);
    if (compared.some((c) => !same(cur[c], after[c]))) throw await dependent(db, target, r, table, image, `${label} has changed since`);
    for (const fk of fks.filter((k) => k.parent === r.tbl)) {
      const child = await tableRows.firstReferencing(db, fk.table, fk.column, cur[fk.parentColumn]);
      if (child) throw await childBlocks(db, target, label, fk.table, child);
    }
    await tableRows.deleteRows(db, r.tbl, where);
    return account(cur);
  }
  if (r.op === 'update') {
    if (!cur) throw await dependent(db, target, r, table, image, `${label} no longer exists`);
    const changed = table.columns.filter((c) => !same(before[c], after[c]));
    const moved = changed.filter((c) => !UNWATCHED_COLUMNS.has(c) && !same(cur[c], after[c]));
    if (moved.length) throw await dependent(db, target, r, table, image, `${label} has changed since (${moved.join(', ')})`, moved);
    // the values go back; the record was updated now (an undo is a change too)
    const set = pick(
      before,
      changed.filter((c) => c !== 'updated_at'),
    );
    if (table.columns.includes('updated_at')) set.updated_at = now;
    await guard(label, () => tableRows.updateRows(db, r.tbl, where, set));
    return account(before, cur);
  }
  if (cur) throw await dependent(db, target, r, table, image, `${label} exists again`);
  await guard(label, () => tableRows.insertRow(db, r.tbl, pick(before, table.columns)));
  return account(before);
}

/** A constraint failing while a row is put back means what it pointed at is gone. */
async function guard(label: string, op: () => Promise<void>): Promise<void> {
  try {
    await op();
  } catch (e) {
    if (dbErrorKind(e) !== 'constraint') throw e;
    throw new ConflictError(`${label} cannot be put back: a record it belongs to (or one with the same key) has changed since`, 'see crm history for what changed');
  }
}

function entryLabel(e: repo.Entry): string {
  return `change ${e.id} (${[e.command, e.args].filter(Boolean).join(' ')}, ${e.at.slice(0, 16).replace('T', ' ')})`;
}

/**
 * The refusal: names the later entry (or import) that changed the row, so the user can undo that
 * first: the newest one that wrote one of `columns` (any write to the row without them).
 */
async function dependent(db: Db, target: repo.Entry, r: repo.EntryRow, table: RecordedTable, image: Values, what: string, columns?: readonly string[]): Promise<ConflictError> {
  const writes = await repo.laterWrites(db, r.tbl, rowKey(table, image), target.id);
  const hit = writes.find(({ row }) => {
    if (!columns || row.op !== 'update') return true;
    const b = parse(row.before);
    const a = parse(row.after);
    return columns.some((c) => !same(b[c], a[c]));
  });
  const later = (hit ?? writes[0])?.entry;
  if (later) return new ConflictError(`cannot undo change ${target.id}: ${what}, by ${entryLabel(later)}`, `undo that first: crm undo ${later.id}`);
  const acct = table.accountColumn ? image[table.accountColumn] : null;
  const batches = typeof acct === 'number' ? await repo.batchesTouchingAccountSince(db, acct, target.at) : [];
  if (batches.length)
    return new ConflictError(`cannot undo change ${target.id}: ${what}, by import batch ${batches[0]}`, `undo that import first: crm import undo ${batches[0]}`);
  return new ConflictError(`cannot undo change ${target.id}: ${what}, outside the history (an import or another tool)`, 'see crm show and crm history');
}

async function childBlocks(db: Db, target: repo.Entry, label: string, childTable: string, child: Values): Promise<ConflictError> {
  const key = typeof child.id === 'number' ? String(child.id) : '';
  const what = `${label} now has ${rowLabel(childTable, key || '[]', child)}`;
  const later = key ? (await repo.laterWrites(db, childTable, key, target.id)).find((w) => w.row.op !== 'delete')?.entry : undefined;
  if (later) return new ConflictError(`cannot undo change ${target.id}: ${what}, added by ${entryLabel(later)}`, `undo that first: crm undo ${later.id}`);
  if (typeof child.batch_id === 'number')
    return new ConflictError(`cannot undo change ${target.id}: ${what}, added by import batch ${child.batch_id}`, `undo that import first: crm import undo ${child.batch_id}`);
  return new ConflictError(`cannot undo change ${target.id}: ${what}, added outside the history`, 'see crm show and crm history');
}

// Import batches keep their own undo (`crm import undo`, from each line's provenance), so their
// rows are not recorded one by one: the whole batch is one history entry. Any import writer calls
// these three, inside the transaction that writes the batch or its undo.

/** First thing in the import's (or its undo's) transaction: no per-row recording from here to the commit. */
export async function pauseHistoryForImport(t: Pick<ServiceContext, 'engine' | 'db'>): Promise<void> {
  await t.engine.history.pause(t.db);
}

/** Last thing in the import's transaction: the batch becomes one entry (`crm undo` reverts it with `crm import undo`). */
export async function recordImportEntry(t: Pick<ServiceContext, 'engine' | 'db'>, batchId: number): Promise<number | null> {
  return t.engine.history.commitEntry(t.db, { kind: 'import', batchId });
}

/** Last thing in `crm import undo`'s transaction: one entry, marking the import's entry as undone by it. */
export async function recordImportUndoEntry(t: Pick<ServiceContext, 'engine' | 'db'>, batchId: number): Promise<number | null> {
  const imported = await repo.entryOfBatch(t.db, batchId, 'import');
  return t.engine.history.commitEntry(t.db, { kind: 'import-undo', batchId, ...(imported && imported.undone_by === null ? { undoes: imported.id } : {}) });
}
