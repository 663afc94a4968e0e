// Bulk search indexing for imports (FTS5): the accounts an import created go into the index once,
// after the rows, a range of ids at a time and a hundred documents per statement. Kept apart from
// the search index module itself, which owns the table and the queries.
import type { RawDb, RawStatement } from './connection.js';
import { accountSearchParts, searchDocsInOrder } from '../repositories/accounts.js';
import { searchBody } from '../search-text.js';

const INDEX_CHUNK = 2000;
const DOCS_PER_STATEMENT = 64;
type C = { account_id: number; name: string; title: string | null; department: string | null; notes: string | null };
type P = { account_id: number; value: string; raw: string | null };
type A = { id: number; name: string; city: string | null; region: string | null; industry: string | null; main_business: string | null; domain: string | null; address: string | null; notes: string | null };

/** Inserts (rowid, body) pairs in statements of 64, 32, 16... documents (seven prepared statements at most). */
function inserter(raw: RawDb) {
  const byN = new Map<number, RawStatement>();
  return (docs: unknown[]) => {
    for (let i = 0, n = DOCS_PER_STATEMENT; i < docs.length; i += 2 * n) {
      while (2 * n > docs.length - i) n >>= 1;
      let st = byN.get(n);
      if (!st) {
        st = raw.prepare(`INSERT INTO search_index (rowid, body) VALUES ${Array(n).fill('(?,?)').join(',')}`);
        byN.set(n, st);
      }
      st.run(docs.slice(i, i + 2 * n));
    }
  };
}

/** Indexes every account with an id above `afterId` (the ones an import just created). */
export function indexAccountsAfter(raw: RawDb, afterId: number): void {
  const accounts = raw.prepare('SELECT id, name, city, region, industry, main_business, domain, address, notes FROM accounts WHERE id > ? ORDER BY id LIMIT ?');
  const contacts = raw.prepare('SELECT account_id, name, title, department, notes FROM contacts WHERE account_id BETWEEN ? AND ? ORDER BY account_id, id');
  const points = raw.prepare('SELECT account_id, value, raw FROM contact_points WHERE account_id BETWEEN ? AND ? ORDER BY account_id, id');
  // other names (aliases) are found like the names; an import keeps one on an account it created
  // when a later row names it differently
  const aliases = raw.prepare('SELECT account_id, name FROM aliases WHERE account_id BETWEEN ? AND ? ORDER BY account_id, id');
  const insert = inserter(raw);
  let after = afterId;
  for (;;) {
    const as = accounts.all(after, INDEX_CHUNK) as A[];
    if (!as.length) return;
    const lo = as[0]!.id;
    const hi = as[as.length - 1]!.id;
    const cs = contacts.all(lo, hi) as C[];
    const ps = points.all(lo, hi) as P[];
    const docs = searchDocsInOrder(as, cs, ps, aliases.all(lo, hi) as { account_id: number; name: string }[]);
    for (let i = 0; i < docs.length; i += DOCS_PER_STATEMENT) insert(docs.slice(i, i + DOCS_PER_STATEMENT).flat());
    after = hi;
  }
}

/** Rebuilds the search text of accounts that existed before the import and changed. */
export function reindexAccountsNow(raw: RawDb, ids: Iterable<number>): void {
  const account = raw.prepare('SELECT id, name, city, region, industry, main_business, domain, address, notes FROM accounts WHERE id = ?');
  const contacts = raw.prepare('SELECT name, title, department, notes FROM contacts WHERE account_id = ? ORDER BY id');
  const points = raw.prepare('SELECT value, raw FROM contact_points WHERE account_id = ? ORDER BY id');
  const aliases = raw.prepare('SELECT name FROM aliases WHERE account_id = ? ORDER BY id');
  const del = raw.prepare('DELETE FROM search_index WHERE rowid = ?');
  const ins = raw.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)');
  for (const id of ids) {
    const a = account.get(id) as A | undefined;
    if (!a) continue;
    del.run(id);
    ins.run(id, searchBody(accountSearchParts(a, contacts.all(id) as C[], points.all(id) as P[], (aliases.all(id) as { name: string }[]).map((x) => x.name))));
  }
}
