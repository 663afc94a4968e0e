// SQLite's batch writer (see db/batch.ts for the contract). better-sqlite3 is synchronous: a flush
// runs its multi-row statements back to back, prepared once per table and size, so an import pays
// the driver's per-call cost once per hundred rows instead of once per row.
import { BATCH_COLUMNS, StagedRows, type BatchRow, type BatchTable, type BatchWriter, type IdTable } from '../batch.js';
import type { RawDb, RawStatement } from './connection.js';
import { indexAccountsAfter, reindexAccountsNow } from './search-bulk.js';

// Rows per statement: SQLite gains little past a few rows (the B-tree work is the same), and a
// statement of many rows is compiled again by every import. A batch is cut into statements of
// 16, 8, 4, 2 and 1 rows: at most five statements per table are prepared and kept.
const ROWS_PER_STATEMENT = 16;

const q = (name: string) => `"${name}"`;

export class SqliteBatchWriter implements BatchWriter {
  private stage = new StagedRows();
  private statements = new Map<string, RawStatement>();
  private ids = new Map<IdTable, number>();

  /** `raw` must be inside the import's write transaction (see Engine.batchWriter). */
  constructor(private raw: RawDb) {}

  nextId(table: IdTable): number {
    let id = this.ids.get(table);
    if (id === undefined) {
      // AUTOINCREMENT tables never reuse an id, not even one of a row deleted since (an undone batch)
      const r = this.raw
        .prepare(`SELECT max(coalesce((SELECT max(id) FROM ${q(table)}), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)) AS m`)
        .get(table) as { m: number };
      id = Number(r.m);
    }
    id++;
    this.ids.set(table, id);
    return id;
  }

  insert<T extends BatchTable>(table: T, row: BatchRow<T>): void {
    this.stage.insert(table, row);
  }

  update(table: 'accounts' | 'contacts', id: number, patch: Record<string, unknown>): void {
    this.stage.update(table, id, patch);
  }

  private statement(table: BatchTable, rows: number): RawStatement {
    const key = `${table}:${rows}`;
    let st = this.statements.get(key);
    if (!st) {
      const cols = BATCH_COLUMNS[table];
      const one = `(${cols.map(() => '?').join(',')})`;
      const conflict = table === 'account_tags' ? ' ON CONFLICT DO NOTHING' : '';
      st = this.raw.prepare(`INSERT INTO ${q(table)} (${cols.map(q).join(',')}) VALUES ${Array(rows).fill(one).join(',')}${conflict}`);
      this.statements.set(key, st);
    }
    return st;
  }

  async flush(): Promise<void> {
    const { inserts, updates } = this.stage.take();
    for (const [table, rows] of inserts) {
      const cols = BATCH_COLUMNS[table];
      for (let i = 0, n = ROWS_PER_STATEMENT; i < rows.length; i += n) {
        while (n > rows.length - i) n >>= 1;
        const args = new Array(n * cols.length);
        let k = 0;
        for (let j = i; j < i + n; j++) {
          const r = rows[j]!;
          for (const c of cols) {
            const v = r[c];
            args[k++] = v === undefined ? null : v;
          }
        }
        this.statement(table, n).run(args);
      }
    }
    for (const u of updates) {
      const cols = Object.keys(u.patch).sort();
      const key = `update:${u.table}:${cols.join(',')}`;
      let st = this.statements.get(key);
      if (!st) {
        st = this.raw.prepare(`UPDATE ${q(u.table)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE id = ?`);
        this.statements.set(key, st);
      }
      st.run([...cols.map((c) => u.patch[c] ?? null), u.id]);
    }
  }

  async indexCreated(afterId: number): Promise<void> {
    indexAccountsAfter(this.raw, afterId);
  }

  async reindex(ids: Iterable<number>): Promise<void> {
    reindexAccountsNow(this.raw, ids);
  }
}
