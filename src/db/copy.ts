// A whole book from one engine to another (a solo file onto the team's server, or back; a server
// book into a backup file): every row with its id, the search text, the id generators. The copy
// reads one snapshot of the source and writes in one transaction on the destination, foreign keys
// checked at its commit, so a copy is all there or not at all.
import { rmSync, statSync } from 'node:fs';
import type { Engine, MigrationOptions } from './engine.js';
import { UnusableStoreError } from './errors.js';
import { migrateToLatest } from './migrate.js';
import { makeSelfContained } from './sqlite/files.js';
import { SqliteEngine } from './sqlite/engine.js';

export interface CopyResult {
  /** rows copied per table */
  rows: Record<string, number>;
  /** search index entries copied */
  searchEntries: number;
}

/** Tables an engine keeps for itself or rebuilds: never copied as rows. */
function ownTable(name: string): boolean {
  return /^(kysely_|search_index|sqlite_)/.test(name) || name === 'crm_schema';
}

async function columnsOf(engine: Engine): Promise<Map<string, string[]>> {
  const tables = await engine.db.introspection.getTables();
  return new Map(tables.filter((t) => !t.isView).map((t) => [t.name, t.columns.map((c) => c.name)]));
}

/**
 * Copies every row of `src` into `dst`. Both must be at the same schema version. `dst` must hold
 * no data unless `replace` (a restore), which empties it first in the same transaction.
 */
export async function copyBook(src: Engine, dst: Engine, opts: { replace?: boolean } = {}): Promise<CopyResult> {
  const [sv, dv] = [await src.schemaVersion(), await dst.schemaVersion()];
  if (sv !== dv) throw new UnusableStoreError(`${src.location} has schema version ${sv} and ${dst.location} ${dv}`, 'open both with this crm first (any command upgrades a book)');
  const srcCols = await columnsOf(src);
  const dstCols = await columnsOf(dst);
  const tables = [...srcCols.keys()].filter((t) => !ownTable(t) && dstCols.has(t)).sort();
  for (const t of tables) {
    const missing = srcCols.get(t)!.filter((c) => !dstCols.get(t)!.includes(c));
    if (missing.length) throw new UnusableStoreError(`${dst.location} has no column ${t}.${missing[0]}`, 'both books must come from the same crm version');
  }
  const rows: Record<string, number> = {};
  let searchEntries = 0;
  await src.readSnapshot(async (sdb) => {
    const sequences = await src.idSequences(sdb);
    await dst.transaction(async (ddb) => {
      await dst.deferConstraints(ddb);
      // the rows come with the source's own history (its changes and change_rows): a copy is not a change
      await dst.history.pause(ddb);
      if (opts.replace) {
        for (const t of tables) await ddb.deleteFrom(t as never).execute();
        await dst.search.clear(ddb);
      } else {
        // meta holds settings and flags a new book's migrations may have set: the source's replace them
        await ddb.deleteFrom('meta').execute();
        for (const t of tables) {
          if (t === 'meta') continue;
          const r = await ddb.selectFrom(t as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          if (Number(r.n) > 0)
            throw new UnusableStoreError(`${dst.location} already holds a book (${Number(r.n)} rows in ${t})`, 'copy into an empty database or a new file; crm restore replaces a book with a backup');
        }
      }
      for (const t of tables) {
        const cols = srcCols.get(t)!;
        rows[t] = 0;
        const select = sdb.selectFrom(t as never).select(cols as never);
        for await (const batch of src.rowBatches(select)) {
          await dst.insertRows(ddb, t, cols, batch);
          rows[t] += batch.length;
        }
      }
      for await (const batch of src.rowBatches(src.search.entries(sdb))) {
        await dst.search.load(ddb, batch);
        searchEntries += batch.length;
      }
      await dst.setIdSequences(ddb, sequences);
    });
  });
  return { rows, searchEntries };
}

/**
 * A book on any engine into `file` (existing, empty, private) in the backup format: a new SQLite
 * book at the same schema, filled by copyBook, made self-contained.
 */
export async function backupToFile(src: Engine, file: string): Promise<void> {
  // SQLite takes a 0-byte file for a damaged book, never for a new one: it makes the file itself
  // (owner-only, its first page written), in the place the caller reserved
  if (statSync(file).size === 0) rmSync(file);
  const dst = new SqliteEngine(file);
  try {
    await migrateToLatest(dst);
    await copyBook(src, dst);
  } finally {
    await dst.close();
  }
  makeSelfContained(file);
}

/**
 * Replaces the book in `dst` with the backup file `file` (a private copy, migrated here to this
 * crm's schema first), in one transaction on `dst`.
 */
export async function restoreFromFile(dst: Engine, file: string, migrations: MigrationOptions = {}): Promise<CopyResult> {
  const src = new SqliteEngine(file);
  try {
    await migrateToLatest(src, migrations);
    await migrateToLatest(dst, migrations);
    return await copyBook(src, dst, { replace: true });
  } finally {
    await src.close();
  }
}
