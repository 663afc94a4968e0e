// The benchmark generator at a small size: the schema it fills is the app's (so a migration that
// breaks its inserts fails here, not in the middle of a benchmark), the data is deterministic, and
// the app finds and resolves generated rows, with the search text the app itself would write.
import { openBook } from '../helpers/book.js';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSqlite, itSqlite, onPostgres } from '../helpers/engines.js';
import { ROOT, runCrm } from '../helpers/cli.js';

const N = 400;

// files of their own, whatever the engine of the run: once is enough
describeSqlite('bench/generate.mjs', () => {
  let dir: string;
  let path: string;
  let ensureDb: (out: string, n: number, o?: object) => Promise<string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-gen-'));
    ({ ensureDb } = await import(pathToFileURL(join(ROOT, 'bench', 'generate.mjs')).href));
    path = await ensureDb(dir, N, { quiet: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills every area in the proportions of the benchmark', () => {
    const db = openBook(path, { readonly: true });
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    try {
      expect(n('SELECT count(*) AS n FROM accounts')).toBe(N);
      expect(n('SELECT count(*) AS n FROM search_index')).toBe(N);
      const contacts = n('SELECT count(*) AS n FROM contacts');
      expect(contacts).toBeGreaterThan(1.6 * N);
      expect(contacts).toBeLessThan(2.5 * N);
      expect(n('SELECT count(*) AS n FROM orders')).toBeGreaterThan(6 * N);
      expect(n('SELECT count(*) AS n FROM interactions')).toBeGreaterThan(6 * N);
      expect(n("SELECT count(*) AS n FROM deals WHERE status = 'open'")).toBeGreaterThan(0.1 * N);
      expect(n('SELECT count(*) AS n FROM deal_stage_history')).toBeGreaterThan(n('SELECT count(*) AS n FROM deals'));
      for (const t of ['promises', 'complaints', 'surveys', 'account_tags', 'campaigns', 'import_batches', 'import_rows']) {
        expect(n(`SELECT count(*) AS n FROM ${t}`), t).toBeGreaterThan(0);
      }
      expect(n("SELECT count(*) AS n FROM contact_points WHERE kind IN ('phone', 'mobile') AND value NOT GLOB '+[1-9]*'")).toBe(0);
      expect(n('SELECT count(*) AS n FROM accounts WHERE referred_by_id >= id')).toBe(0);
      expect(n("SELECT count(*) AS n FROM accounts WHERE tier IN ('A', 'B', 'C')")).toBe(n('SELECT count(DISTINCT account_id) AS n FROM orders'));
      expect(n('SELECT count(*) AS n FROM accounts a WHERE last_order_on IS NOT (SELECT max(ordered_on) FROM orders o WHERE o.account_id = a.id)')).toBe(0);
      expect(n("SELECT count(*) AS n FROM contacts WHERE name GLOB '*[一-龥]*'")).toBeGreaterThan(0.3 * contacts);
      expect(n("SELECT count(*) AS n FROM contacts WHERE name GLOB '*[a-z]*'")).toBeGreaterThan(0.2 * contacts);
    } finally {
      db.close();
    }
  });

  it('is cached by size and generator version and deterministic', async () => {
    expect(await ensureDb(dir, N, { quiet: true })).toBe(path);
    expect(path).toMatch(/bench-400-[0-9a-f]{10}\.db$/);
    const other = mkdtempSync(join(tmpdir(), 'crm-gen-'));
    try {
      const again = await ensureDb(other, N, { quiet: true });
      const dump = (p: string) => {
        const db = openBook(p, { readonly: true });
        try {
          return ['accounts', 'contacts', 'contact_points', 'orders', 'interactions', 'deals', 'search_index']
            .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()))
            .join('\n');
        } finally {
          db.close();
        }
      };
      expect(dump(again) === dump(path)).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    await expect(ensureDb(dir, 200_000, { quiet: true, big: false })).rejects.toThrow(/--big/);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('writes the search text the app writes, so find and show work on generated rows', () => {
    const copy = join(dir, 'copy.db');
    copyFileSync(path, copy);
    const db = openBook(copy);
    try {
      const body = (id: number) => (db.prepare('SELECT body FROM search_index WHERE rowid = ?').get(id) as { body: string }).body;
      const ids = [1, 2, 3, 150, N];
      const before = ids.map(body);
      // `account edit` rebuilds the account's search text through the app's own code path
      for (const id of ids) {
        const { city } = db.prepare('SELECT city FROM accounts WHERE id = ?').get(id) as { city: string };
        expect(runCrm(['--db', copy, '-q', 'account', 'edit', String(id), '--city', city]).code).toBe(0);
      }
      expect(ids.map(body)).toEqual(before);

      const email = db.prepare("SELECT account_id, value FROM contact_points WHERE kind = 'email' AND contact_id IS NOT NULL AND value NOT LIKE '%@qq.com' ORDER BY id LIMIT 1 OFFSET 20").get() as { account_id: number; value: string };
      const shown = JSON.parse(runCrm(['--db', copy, 'show', email.value, '--json']).stdout);
      expect(shown.id).toBe(email.account_id);
      const mobile = db.prepare("SELECT account_id, value FROM contact_points WHERE kind = 'mobile' ORDER BY id LIMIT 1 OFFSET 30").get() as { account_id: number; value: string };
      const hits = JSON.parse(runCrm(['--db', copy, 'find', mobile.value.slice(-8), '--json']).stdout);
      expect(hits.map((h: { id: number }) => h.id)).toContain(mobile.account_id);
      const person = db.prepare("SELECT account_id, name FROM contacts WHERE length(name) = 2 AND name GLOB '[一-龥]*' ORDER BY id LIMIT 1").get() as { account_id: number; name: string };
      const byName = JSON.parse(runCrm(['--db', copy, 'find', person.name, '--json', '--limit', '500']).stdout);
      expect(byName.map((h: { id: number }) => h.id)).toContain(person.account_id);
    } finally {
      db.close();
    }
  });
});
