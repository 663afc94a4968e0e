// An import killed after its commit but before its follow-up (the due items and scores of its
// leads): the marker it committed with its rows makes `crm doctor` report it, `crm doctor --fix`
// repair it, and any other command finish it first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { openBook, type Book } from '../helpers/book.js';
import { sleep, spawnCrm } from '../helpers/spawn.js';

const HEADER = 'Name,Company,Title,Email,Mobile,City\n';
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => `Person ${i},Firm ${i} Ltd,Buyer,person${i}@firm${i}.example.cn,139${String(i).padStart(8, '0')},City${i % 7}\n`).join('');

function counts(db: string): { done: number; accounts: number; withDue: number; scored: number } {
  let d: Book;
  try {
    d = openBook(db, { readonly: true });
  } catch {
    return { done: 0, accounts: 0, withDue: 0, scored: 0 };
  }
  try {
    const one = (q: string) => Number((d.prepare(q).get() as { n: number }).n);
    return {
      done: one(`select count(*) n from import_batches where status = 'done'`),
      accounts: one('select count(*) n from accounts'),
      withDue: one('select count(distinct account_id) n from due_items'),
      scored: one('select count(*) n from accounts where value_state is not null'),
    };
  } catch {
    // the schema is not there yet (the import is still creating the database)
    return { done: 0, accounts: 0, withDue: 0, scored: 0 };
  } finally {
    d.close();
  }
}

describe('an import killed after its commit', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-followup-');
    expect(sb.crm(['init']).code).toBe(0);
  });
  afterEach(() => sb.cleanup());

  /** Starts a big import and kills it as soon as its batch is committed; retries if the follow-up was too quick. */
  async function killAfterCommit(n: number): Promise<void> {
    const f = join(sb.dir, 'leads.csv');
    writeFileSync(f, HEADER + rows(n));
    for (let attempt = 0; attempt < 5; attempt++) {
      const run = spawnCrm(['--db', sb.db, 'import', f, '-q'], { env: { XDG_CONFIG_HOME: sb.dir } });
      let c = counts(sb.db);
      const started = Date.now();
      while (c.done === 0 && Date.now() - started < 120_000) {
        await sleep(5);
        c = counts(sb.db);
      }
      run.child.kill('SIGKILL');
      await run.done;
      c = counts(sb.db);
      expect(c.done).toBe(1);
      expect(c.accounts).toBe(n);
      if (c.withDue < c.accounts) return;
      // the follow-up finished before the kill: start again from an empty database
      sb.cleanup();
      sb = sandbox('crm-followup-');
      expect(sb.crm(['init']).code).toBe(0);
    }
    throw new Error('could not stop the import between its commit and its follow-up');
  }

  it('is reported by doctor and repaired by doctor --fix', { timeout: 300_000 }, async () => {
    await killAfterCommit(6000);
    const doc = sb.crm(['doctor', '--json']);
    expect(doc.code, doc.stdout).toBe(1);
    expect(JSON.parse(doc.stdout).findings.map((f: { check: string }) => f.check)).toContain('import-follow-up');
    const fix = sb.crm(['doctor', '--fix']);
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    const c = counts(sb.db);
    expect(c.withDue).toBe(c.accounts);
    expect(c.scored).toBe(c.accounts);
    expect(sb.crm(['doctor']).code).toBe(0);
  });

  it('is finished by the next command', { timeout: 300_000 }, async () => {
    await killAfterCommit(6000);
    const due = sb.crm(['due', '--format', 'json']);
    expect(due.code, due.stderr).toBe(0);
    const c = counts(sb.db);
    expect(c.withDue).toBe(c.accounts);
    expect(c.scored).toBe(c.accounts);
    expect(sb.crm(['doctor']).code).toBe(0);
  });
});
