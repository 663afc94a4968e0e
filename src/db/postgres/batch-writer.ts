// PostgreSQL's batch writer (contract in db/batch.ts): a flush is one COPY per table (account
// tags, which may exist already, one multi-row INSERT ... ON CONFLICT DO NOTHING), so an import
// makes a round trip per table and batch instead of per row. Ids are taken from a range read when
// the writer opens: the import holds the book's write lock for its whole transaction, so nobody
// else takes ids meanwhile, and each flush moves the id sequences past the last id handed out.
import { sql } from 'kysely';
import { BATCH_COLUMNS, StagedRows, type BatchRow, type BatchTable, type BatchWriter, type IdTable } from '../batch.js';
import type { Db } from '../engine.js';
import { searchDocsInOrder } from '../repositories/accounts.js';

const ID_TABLES: readonly IdTable[] = ['accounts', 'contacts', 'contact_points', 'orders'];
const INDEX_CHUNK = 2000;
const TAGS_PER_STATEMENT = 1000;

type C = { account_id: number; name: string; title: string | null; department: string | null; notes: string | null };
type P = { account_id: number; value: string; raw: string | null };
type A = { id: number; name: string; city: string | null; region: string | null; industry: string | null; main_business: string | null; domain: string | null; address: string | null; notes: string | null };

/** COPY of many rows inside the open transaction (PostgresEngine.insertRows). */
export type RowCopier = (db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) => Promise<void>;

export class PostgresBatchWriter implements BatchWriter {
  private stage = new StagedRows();
  /** per table: the last id handed out, and the last one its sequence knows of */
  private ids = new Map<IdTable, { last: number; synced: number; seq: string }>();

  private constructor(
    private db: Db,
    private copy: RowCopier,
  ) {
  }

  /** Opens a writer inside the import's transaction: reads where each id sequence stands. */
  static async open(db: Db, copy: RowCopier): Promise<PostgresBatchWriter> {
    const w = new PostgresBatchWriter(db, copy);
    for (const t of ID_TABLES) {
      // ids are never reused, not even those of rows an undone batch deleted: past both the rows and the sequence
      const seq = (await sql<{ seq: string }>`select pg_get_serial_sequence(${t}, 'id') as seq`.execute(db)).rows[0]!.seq;
      const r = await sql<{ m: number | string }>`
        select greatest(coalesce((select max(id) from ${sql.table(t)}), 0),
                        (select case when is_called then last_value else 0 end from ${sql.raw(seq)})) as m`.execute(db);
      const last = Number(r.rows[0]!.m);
      w.ids.set(t, { last, synced: last, seq });
    }
    return w;
  }

  nextId(table: IdTable): number {
    const s = this.ids.get(table)!;
    return ++s.last;
  }

  insert<T extends BatchTable>(table: T, row: BatchRow<T>): void {
    this.stage.insert(table, row);
  }

  update(table: 'accounts' | 'contacts', id: number, patch: Record<string, unknown>): void {
    this.stage.update(table, id, patch);
  }

  async flush(): Promise<void> {
    const { inserts, updates } = this.stage.take();
    for (const [table, rows] of inserts) {
      const cols = BATCH_COLUMNS[table];
      const values = rows.map((r) => cols.map((c) => r[c] ?? null));
      if (table === 'account_tags') {
        for (let i = 0; i < values.length; i += TAGS_PER_STATEMENT) {
          const chunk = values.slice(i, i + TAGS_PER_STATEMENT);
          await sql`insert into account_tags (account_id, tag) values ${sql.join(chunk.map((v) => sql`(${v[0]}, ${v[1]})`))} on conflict do nothing`.execute(this.db);
        }
      } else {
        await this.copy(this.db, table, cols, values);
      }
    }
    for (const u of updates) await this.db.updateTable(u.table).set(u.patch as never).where('id', '=', u.id).execute();
    // the sequences follow the ids handed out, so that the next writer (or this one's next flush) goes on from there
    for (const s of this.ids.values()) {
      if (s.last === s.synced) continue;
      await sql`select setval(${s.seq}::regclass, ${s.last}::bigint, true)`.execute(this.db);
      s.synced = s.last;
    }
  }

  async indexCreated(afterId: number): Promise<void> {
    let after = afterId;
    for (;;) {
      const as = (await this.db
        .selectFrom('accounts')
        .select(['id', 'name', 'city', 'region', 'industry', 'main_business', 'domain', 'address', 'notes'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(INDEX_CHUNK)
        .execute()) as A[];
      if (!as.length) return;
      const lo = as[0]!.id;
      const hi = as[as.length - 1]!.id;
      const docs = await this.#docs(as, lo, hi);
      await this.copy(this.db, 'search_index', ['account_id', 'body'], docs);
      after = hi;
    }
  }

  async reindex(ids: Iterable<number>): Promise<void> {
    const all = [...ids];
    for (let i = 0; i < all.length; i += INDEX_CHUNK) {
      const chunk = all.slice(i, i + INDEX_CHUNK);
      const as = (await this.db
        .selectFrom('accounts')
        .select(['id', 'name', 'city', 'region', 'industry', 'main_business', 'domain', 'address', 'notes'])
        .where('id', 'in', chunk)
        .orderBy('id')
        .execute()) as A[];
      if (!as.length) continue;
      const docs = await this.#docs(as, as[0]!.id, as[as.length - 1]!.id);
      await sql`delete from search_index where account_id in (${sql.join(as.map((a) => a.id))})`.execute(this.db);
      await this.copy(this.db, 'search_index', ['account_id', 'body'], docs);
    }
  }

  /** The search text of these accounts (ordered by id, between lo and hi), as the index stores it. */
  async #docs(as: readonly A[], lo: number, hi: number): Promise<unknown[][]> {
    const cs = (await this.db
      .selectFrom('contacts')
      .select(['account_id', 'name', 'title', 'department', 'notes'])
      .where('account_id', '>=', lo)
      .where('account_id', '<=', hi)
      .orderBy('account_id')
      .orderBy('id')
      .execute()) as C[];
    const ps = (await this.db
      .selectFrom('contact_points')
      .select(['account_id', 'value', 'raw'])
      .where('account_id', '>=', lo)
      .where('account_id', '<=', hi)
      .orderBy('account_id')
      .orderBy('id')
      .execute()) as P[];
    // other names (aliases) are found like the names: an import keeps one on an account it created
    // when a later row names it differently, and on a known account it merges into
    const al = await this.db
      .selectFrom('aliases')
      .select(['account_id', 'name'])
      .where('account_id', '>=', lo)
      .where('account_id', '<=', hi)
      .orderBy('account_id')
      .orderBy('id')
      .execute();
    return searchDocsInOrder(as, cs, ps, al);
  }
}
