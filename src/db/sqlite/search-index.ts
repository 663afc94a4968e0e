// Full-text search on SQLite: FTS5 with the trigram tokenizer finds any substring of three or more
// characters in any script, which is what Chinese names and partial phone numbers need; the text
// and its CJK bigram marks come from ../search-text.ts.
import { sql, type Expression, type Kysely } from 'kysely';
import type { Db, SearchIndex } from '../engine.js';
import { searchTerms } from '../search-text.js';

export async function createSearchIndex(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_index USING fts5(body, tokenize = 'trigram')`.execute(db);
}

/**
 * FTS5 merges index segments every `n` writes (default 4). A bulk load raises it for its duration
 * (about a quarter less work per row) and puts it back before committing.
 */
async function setAutomerge(db: Db, n: number): Promise<void> {
  await sql`INSERT INTO search_index (search_index, rank) VALUES ('automerge', ${sql.lit(Math.trunc(n))})`.execute(db);
}
const AUTOMERGE_DEFAULT = 4;
const AUTOMERGE_BULK = 16;

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

const RANK_AT_MOST = 300;

export const fts5Search: SearchIndex = {
  async find(db, text, limit) {
    const { indexed, scanned } = searchTerms(text);
    if (!indexed.length && !scanned.length) return [];
    const conds = [] as ReturnType<typeof sql>[];
    if (indexed.length) conds.push(sql`search_index MATCH ${indexed.map(quote).join(' AND ')}`);
    for (const t of scanned) {
      conds.push(sql`body LIKE ${'%' + t.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} ESCAPE '\\'`);
    }
    const where = sql.join(conds, sql` AND `);
    // Ranking (bm25) scores every match: cheap for a few hundred, ~15 ms for thousands. A broad
    // search ("Schneider" in 100k accounts) gets the first matches unranked instead.
    if (indexed.length) {
      const probe = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE ${where} LIMIT ${RANK_AT_MOST + 1}`.execute(db);
      if (probe.rows.length <= RANK_AT_MOST) {
        const ranked = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE ${where} ORDER BY rank LIMIT ${limit}`.execute(db);
        return ranked.rows.map((r) => Number(r.id));
      }
      return probe.rows.slice(0, limit).map((r) => Number(r.id));
    }
    const res = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE ${where} LIMIT ${limit}`.execute(db);
    return res.rows.map((r) => Number(r.id));
  },

  async set(db, accountId, body) {
    await sql`DELETE FROM search_index WHERE rowid = ${accountId}`.execute(db);
    if (body !== null) await sql`INSERT INTO search_index (rowid, body) VALUES (${accountId}, ${body})`.execute(db);
  },

  async removeWhere(db, accountIds: Expression<unknown>) {
    await sql`DELETE FROM search_index WHERE rowid IN (${accountIds})`.execute(db);
  },

  async clear(db) {
    await sql`DELETE FROM search_index`.execute(db);
  },

  async gaps(db) {
    const stray = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE rowid NOT IN (SELECT id FROM accounts)`.execute(db);
    const missing = await sql<{ id: number }>`SELECT id FROM accounts WHERE id NOT IN (SELECT rowid FROM search_index)`.execute(db);
    return { stray: stray.rows.map((r) => Number(r.id)), missing: missing.rows.map((r) => Number(r.id)) };
  },

  async check(db) {
    try {
      await sql`INSERT INTO search_index (search_index) VALUES ('integrity-check')`.execute(db);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  },

  async bulkLoad(db) {
    await setAutomerge(db, AUTOMERGE_BULK);
    return () => setAutomerge(db, AUTOMERGE_DEFAULT);
  },

  entries(db) {
    return { compile: () => sql`SELECT rowid, body FROM search_index ORDER BY rowid`.compile(db) };
  },

  async load(db, rows) {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await sql`INSERT INTO search_index (rowid, body) VALUES ${sql.join(chunk.map((r) => sql`(${r[0]}, ${r[1]})`))}`.execute(db);
    }
  },
};
