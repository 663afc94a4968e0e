// Full-text search over accounts, their contacts and contact points. Part of the SQLite seam:
// FTS5 with the trigram tokenizer finds any substring of three or more characters in any script,
// which is what Chinese names and partial phone numbers need. A PostgreSQL mode would use pg_trgm.
import { sql, type Expression, type Kysely } from 'kysely';
import type { Db } from './connection.js';

// Chinese names are often two characters, below the trigram minimum. Every CJK bigram is
// therefore also indexed followed by this private-use marker, which makes it a trigram of its own.
const BIGRAM_MARK = '\uE000';
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]{2,}/gu;

// More text indexed for every account and contact name: pinyin for Chinese names, so "zhangwei"
// and "zw" find 张伟. The transliteration is domain logic (src/domain/pinyin.ts); the CLI plugs it
// in when it opens a database (this layer imports nothing from above it).
let nameVariants: (name: string) => string = () => '';
export function setNameVariants(fn: (name: string) => string): void {
  nameVariants = fn;
}
export function nameSearchText(name: string | null | undefined): string {
  return name ? nameVariants(name) : '';
}

export async function createSearchIndex(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_index USING fts5(body, tokenize = 'trigram')`.execute(db);
}

// Caps on what one account puts in the index: the trigram index grows about 3 rows per character,
// so an imported 50 MB "name" would otherwise add gigabytes and make every later write crawl.
const MAX_PART = 4_000;
const MAX_BODY = 64_000;

/** The searchable text of one account: what `crm find` matches against. */
export function searchBody(parts: readonly (string | null | undefined)[]): string {
  const text = parts
    .filter((p): p is string => !!p && p.length > 0)
    .map((p) => (p.length > MAX_PART ? p.slice(0, MAX_PART) : p))
    .join(' \u2502 ')
    .slice(0, MAX_BODY);
  const extra: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) extra.push(chars[i]! + chars[i + 1]! + BIGRAM_MARK);
  }
  return extra.length ? `${text} ${extra.join(' ')}` : text;
}

export async function setSearchBody(db: Db, accountId: number, body: string | null): Promise<void> {
  await sql`DELETE FROM search_index WHERE rowid = ${accountId}`.execute(db);
  if (body !== null) await sql`INSERT INTO search_index (rowid, body) VALUES (${accountId}, ${body})`.execute(db);
}

/** Removes the search text of every account the subquery selects (e.g. the accounts of a batch). */
export async function deleteSearchBodies(db: Db, accountIds: Expression<unknown>): Promise<void> {
  await sql`DELETE FROM search_index WHERE rowid IN (${accountIds})`.execute(db);
}

/**
 * FTS5 merges index segments every `n` writes (default 4). A bulk import raises it for its
 * duration (about a quarter less work per row) and puts it back before committing.
 */
export async function setSearchAutomerge(db: Db, n: number): Promise<void> {
  await sql`INSERT INTO search_index (search_index, rank) VALUES ('automerge', ${sql.lit(Math.trunc(n))})`.execute(db);
}
export const SEARCH_AUTOMERGE_DEFAULT = 4;

export const searchIndexSql = {
  delete: 'DELETE FROM search_index WHERE rowid = ?',
  insert: 'INSERT INTO search_index (rowid, body) VALUES (?, ?)',
};

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

const RANK_AT_MOST = 300;

/** Account ids whose text contains `text`, best matches first. */
export async function searchAccountIds(db: Db, text: string, limit: number): Promise<number[]> {
  const terms = text
    .normalize('NFKC')
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  if (terms.length === 0) return [];
  // Every term must match. Terms of three characters or more use the index; a two-character CJK
  // term uses its bigram marker; anything shorter falls back to a scan.
  const matchTerms: string[] = [];
  const likeTerms: string[] = [];
  for (const t of terms) {
    const n = Array.from(t).length;
    if (n >= 3) matchTerms.push(quote(t));
    else if (n === 2 && CJK_RUN.test(t)) matchTerms.push(quote(t + BIGRAM_MARK));
    else likeTerms.push(t);
    CJK_RUN.lastIndex = 0;
  }
  const conds = [] as ReturnType<typeof sql>[];
  if (matchTerms.length) conds.push(sql`search_index MATCH ${matchTerms.join(' AND ')}`);
  for (const t of likeTerms) {
    conds.push(sql`body LIKE ${'%' + t.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} ESCAPE '\\'`);
  }
  const where = sql.join(conds, sql` AND `);
  // Ranking (bm25) scores every match: cheap for a few hundred, ~15 ms for thousands. A broad
  // search ("Schneider" in 100k accounts) gets the first matches unranked instead.
  if (matchTerms.length) {
    const probe = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE ${where} LIMIT ${RANK_AT_MOST + 1}`.execute(db);
    if (probe.rows.length <= RANK_AT_MOST) {
      const ranked = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE ${where} ORDER BY rank LIMIT ${limit}`.execute(db);
      return ranked.rows.map((r) => Number(r.id));
    }
    return probe.rows.slice(0, limit).map((r) => Number(r.id));
  }
  const res = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE ${where} LIMIT ${limit}`.execute(db);
  return res.rows.map((r) => Number(r.id));
}

/** Index rows whose account is gone, and accounts the index does not know: what `crm doctor` checks. */
export async function searchIndexGaps(db: Db): Promise<{ stray: number[]; missing: number[] }> {
  const stray = await sql<{ id: number }>`SELECT rowid AS id FROM search_index WHERE rowid NOT IN (SELECT id FROM accounts)`.execute(db);
  const missing = await sql<{ id: number }>`SELECT id FROM accounts WHERE id NOT IN (SELECT rowid FROM search_index)`.execute(db);
  return { stray: stray.rows.map((r) => Number(r.id)), missing: missing.rows.map((r) => Number(r.id)) };
}

/** FTS5's own consistency check of the index structure; an error message, or undefined when sound. */
export async function searchIndexIntegrity(db: Db): Promise<string | undefined> {
  try {
    await sql`INSERT INTO search_index (search_index) VALUES ('integrity-check')`.execute(db);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
