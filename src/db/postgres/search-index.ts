// Full-text search on PostgreSQL: the same search text as on SQLite (../search-text.ts, with its
// CJK bigram marks) in a plain table, found with ILIKE through a GIN trigram index (pg_trgm), which
// like SQLite's trigram tokenizer finds any substring of three characters or more in any script
// (given a UTF-8 ctype; `crm init` checks it). Ranked by trigram similarity.
import { sql, type Kysely } from 'kysely';
import type { Db, SearchIndex } from '../engine.js';
import { BIGRAM_MARK, searchTerms } from '../search-text.js';

export async function createPostgresSearchIndex(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE TABLE search_index (account_id bigint PRIMARY KEY, body text NOT NULL)`.execute(db);
  await sql`CREATE INDEX search_index_body ON search_index USING gin (body gin_trgm_ops)`.execute(db);
}

/** ILIKE pattern for "contains t": its own wildcards escaped (backslash is ILIKE's escape). */
export function containsPattern(t: string): string {
  return '%' + t.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

const RANK_AT_MOST = 300;

export const trigramSearch: SearchIndex = {
  async find(db, text, limit) {
    const { indexed, scanned } = searchTerms(text);
    const terms = [...indexed, ...scanned];
    if (!terms.length) return [];
    const where = sql.join(
      terms.map((t) => sql`body ILIKE ${containsPattern(t)}`),
      sql` AND `,
    );
    // As on SQLite: rank a few hundred matches, list a broad search's first ones unranked.
    const probe = await sql<{ id: number }>`SELECT account_id AS id FROM search_index WHERE ${where} LIMIT ${RANK_AT_MOST + 1}`.execute(db);
    if (probe.rows.length > RANK_AT_MOST || !indexed.length) return probe.rows.slice(0, limit).map((r) => Number(r.id));
    const query = terms.map((t) => t.split(BIGRAM_MARK).join('')).join(' ');
    const ranked = await sql<{ id: number }>`
      SELECT account_id AS id FROM search_index WHERE ${where}
      ORDER BY word_similarity(${query}::text, body) DESC, similarity(${query}::text, body) DESC, account_id
      LIMIT ${limit}`.execute(db);
    return ranked.rows.map((r) => Number(r.id));
  },

  async set(db, accountId, body) {
    if (body === null) {
      await sql`DELETE FROM search_index WHERE account_id = ${accountId}`.execute(db);
      return;
    }
    await sql`INSERT INTO search_index (account_id, body) VALUES (${accountId}, ${body})
      ON CONFLICT (account_id) DO UPDATE SET body = excluded.body`.execute(db);
  },

  async removeWhere(db, accountIds) {
    await sql`DELETE FROM search_index WHERE account_id IN (${accountIds})`.execute(db);
  },

  async clear(db) {
    await sql`DELETE FROM search_index`.execute(db);
  },

  async gaps(db) {
    const stray = await sql<{ id: number }>`SELECT s.account_id AS id FROM search_index s WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id) ORDER BY 1`.execute(db);
    const missing = await sql<{ id: number }>`SELECT a.id FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM search_index s WHERE s.account_id = a.id) ORDER BY 1`.execute(db);
    return { stray: stray.rows.map((r) => Number(r.id)), missing: missing.rows.map((r) => Number(r.id)) };
  },

  async check(db) {
    const r = await sql<{ valid: boolean | null; trgm: boolean }>`
      SELECT (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass('search_index_body')) AS valid,
             EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS trgm`.execute(db);
    const row = r.rows[0];
    if (!row?.trgm) return 'the pg_trgm extension is missing';
    if (row.valid === null) return 'the trigram index search_index_body is missing';
    if (!row.valid) return 'the trigram index search_index_body is invalid (an interrupted CREATE INDEX CONCURRENTLY?)';
    return undefined;
  },

  async bulkLoad(_db: Db) {
    // GIN's pending list already batches the index work of many inserts.
    return async () => {};
  },

  entries(db) {
    return { compile: () => sql`SELECT account_id, body FROM search_index ORDER BY account_id`.compile(db) };
  },

  async load(db, rows) {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await sql`INSERT INTO search_index (account_id, body) VALUES ${sql.join(chunk.map((r) => sql`(${r[0]}, ${r[1]})`))}`.execute(db);
    }
  },
};
