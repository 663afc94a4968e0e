// `npm start` (scripts/demo.mjs) builds the demo database from fixtures/demo and prints the overview.
// Runs in a temp directory so the repository's own demo.db is never touched.
import { openBook } from '../helpers/book.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSqlite, itSqlite, onPostgres } from '../helpers/engines.js';
import { ROOT, runCrm } from '../helpers/cli.js';

function demo(cwd: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.mjs'), ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

// files of their own, whatever the engine of the run: once is enough
describeSqlite('npm start: the demo', () => {
  let dir: string;
  let first: ReturnType<typeof demo>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-demo-'));
    first = demo(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates ./demo.db in the current directory on first run and prints the overview', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('creating');
    expect(existsSync(join(dir, 'demo.db'))).toBe(true);
    expect(existsSync(join(dir, 'demo.db.loading'))).toBe(false);
    expect(first.stdout).toContain('crm demo: demo.db, as of 2026-11-23');
    // db info, tier A accounts, a customer file and a search, each from a real crm run
    expect(first.stdout).toMatch(/accounts\s+228/);
    expect(first.stdout).toContain('Nordlicht Leuchten GmbH');
    expect(first.stdout).toContain('Lumière Maison SARL (#3)');
    expect(first.stdout).toContain('referred by');
    expect(first.stdout).toMatch(/华南电子有限公司.*张伟/);
    expect(first.stdout).not.toMatch(/\u001b\[/);
    // issue 19: departments and the single-threaded key account, last week's visit reports, the week
    expect(first.stdout).toMatch(/single-threaded: only 张伟 in 90 days/);
    expect(first.stdout).toMatch(/技术部 +1 +0\n/);
    expect(first.stdout).toContain('The briefs against what happened');
    expect(first.stdout).toMatch(/华南电子有限公司 .* 季度业务回顾.* partly +张伟 /);
    expect(first.stdout).toContain('Activity 2026-11-17 – 2026-11-23');
    expect(first.stdout).toMatch(/deals won\s+1, amount 36,000/);
    expect(first.stdout).toMatch(/new leads\s+4 \(trade-show · LED China Shenzhen 2026 autumn 3, referral 1\)/);
  });

  it('shows campaign costs and the forecast in CNY, with the rates of fixtures/demo/config.json', () => {
    // The Canton Fair 2026 spring cost 56,000 CNY; Ambiente Frankfurt 2026 9,000 EUR at 8.2 (2026) = 73,800 CNY.
    expect(first.stdout).toMatch(/cost per won customer\s+[\d,]+ CNY/);
    expect(first.stdout).toMatch(/Ambiente Frankfurt 2026\s+trade-show\s+2026-04-15\s+2026-04-19\s+9000\s+EUR\s+73800\s/);
    expect(first.stdout).toMatch(/weighted pipeline \(CNY\)\s+[\d,]+/);
    expect(first.stdout).toMatch(/--config \S*fixtures\/demo\/config\.json --as-of 2026-11-23 report sources/);
    const db = openBook(join(dir, 'demo.db'), { readonly: true });
    try {
      const n = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
      expect(n("SELECT count(*) AS n FROM deals WHERE currency = 'EUR'")).toBeGreaterThan(5);
      expect(n("SELECT count(*) AS n FROM campaigns WHERE currency = 'EUR' AND cost > 0")).toBe(2);
      expect(n('SELECT count(*) AS n FROM complaints WHERE compensation > 0')).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('holds 200+ accounts with contacts, orders, interactions and a consistent search index', () => {
    const db = openBook(join(dir, 'demo.db'), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    try {
      expect(count('SELECT count(*) AS n FROM accounts')).toBeGreaterThanOrEqual(200);
      expect(count('SELECT count(*) AS n FROM accounts WHERE id NOT IN (SELECT account_id FROM contacts)')).toBe(0);
      expect(count("SELECT count(*) AS n FROM accounts WHERE country = 'CN'")).toBeGreaterThan(50);
      expect(count("SELECT count(*) AS n FROM accounts WHERE country <> 'CN'")).toBeGreaterThan(50);
      expect(count('SELECT count(*) AS n FROM orders')).toBeGreaterThan(500);
      expect(count('SELECT count(*) AS n FROM interactions')).toBeGreaterThan(500);
      expect(count('SELECT count(*) AS n FROM search_index')).toBe(count('SELECT count(*) AS n FROM accounts'));
      // work for the due list around the demo "today"
      expect(count("SELECT count(*) AS n FROM interactions WHERE next_due BETWEEN '2026-11-17' AND '2026-11-23'")).toBeGreaterThan(5);
      expect(count("SELECT count(*) AS n FROM promises WHERE status = 'open' AND due_on <= '2026-11-23'")).toBeGreaterThan(3);
      expect(count("SELECT count(*) AS n FROM complaints WHERE status IN ('open', 'acknowledged')")).toBeGreaterThan(0);
      expect(count("SELECT count(*) AS n FROM accounts WHERE tier = 'A'")).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('is searchable and resolvable by the app like data it wrote itself', () => {
    const db = join(dir, 'demo.db');
    const byPhone = runCrm(['--db', db, 'find', '13812345678', '--json']);
    expect(byPhone.code, byPhone.stderr).toBe(0);
    expect(JSON.parse(byPhone.stdout).map((h: { name: string }) => h.name)).toContain('华南电子有限公司');
    const shown = runCrm(['--db', db, 'show', 'a.schneider@nordlicht-leuchten.de', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const file = JSON.parse(shown.stdout);
    expect(file).toMatchObject({ name: 'Nordlicht Leuchten GmbH', tier: 'A', owner: 'alice' });
    expect(file.orders.count).toBe(22);
  });

  it('reuses the database on the next run and rebuilds it with --reset', () => {
    const before = statSync(join(dir, 'demo.db')).mtimeMs;
    const again = demo(dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('creating');
    expect(statSync(join(dir, 'demo.db')).mtimeMs).toBe(before);
    const other = join(dir, 'sub.db');
    const reset = demo(dir, ['--db', other, '--reset']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`crm demo: ${other}`);
    expect(existsSync(other)).toBe(true);
  }, 240_000);
});
