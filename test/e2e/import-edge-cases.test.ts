// Import edge cases from the reliability round (issue 14, point 6): files that used to crash the
// reader, take quadratic time, fail with a raw system error, or lose cards silently.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { openBook } from '../helpers/book.js';
import { spawnCrm } from '../helpers/spawn.js';

const STACK = /\bat .*\.(js|ts):\d+|node:internal|ESPIPE|EISDIR|Error:/;

function count(db: string, q: string): number {
  const d = openBook(db, { readonly: true });
  try {
    return Number((d.prepare(q).get() as { n: number }).n);
  } finally {
    d.close();
  }
}

describe('import edge cases', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-edge-');
    expect(sb.crm(['init']).code).toBe(0);
  });
  afterEach(() => sb.cleanup());

  it('a million blank rows are skipped without running the reader out of memory', { timeout: 180_000 }, () => {
    const f = join(sb.dir, 'blank.csv');
    writeFileSync(f, 'Name,Email\n' + ',\n'.repeat(1_000_000));
    const r = sb.crm(['import', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 0, created: 0, skipped: 1_000_000 });
  });

  it('a card with 100,000 EMAIL lines imports in linear time (no hang)', { timeout: 120_000 }, async () => {
    const f = join(sb.dir, 'many.vcf');
    const lines = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Many Mails'];
    for (let i = 0; i < 100_000; i++) lines.push(`EMAIL:m${i}@x.example.com`);
    lines.push('END:VCARD', '');
    writeFileSync(f, lines.join('\r\n'));
    // the quadratic version took about a minute on a quiet machine; this bound only catches a hang
    const r = await spawnCrm(['--db', sb.db, 'import', f, '-q'], { env: { XDG_CONFIG_HOME: sb.dir }, timeoutMs: 45_000 }).done;
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(count(sb.db, `select count(*) n from contact_points where kind = 'email'`)).toBe(100_000);
  });

  it('a FIFO and a folder get a clear one-line error, and nothing is written', { timeout: 60_000 }, async () => {
    const fifo = join(sb.dir, 'leads.pipe');
    execFileSync('mkfifo', [fifo]);
    // nobody writes to the pipe: a reader that opens it waits forever, which the bound catches
    const p = await spawnCrm(['--db', sb.db, 'import', fifo], { env: { XDG_CONFIG_HOME: sb.dir }, timeoutMs: 20_000 }).done;
    expect(p.timedOut).toBe(false);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/^crm: .*leads\.pipe is not a regular file/);
    expect(p.stderr).toMatch(/crm import - </);
    expect(p.stderr).not.toMatch(STACK);
    const dir = join(sb.dir, 'folder');
    mkdirSync(dir);
    const d = sb.crm(['import', dir]);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/^crm: .*folder is a folder, not a file/);
    expect(d.stderr).not.toMatch(STACK);
    expect(count(sb.db, 'select count(*) n from import_batches')).toBe(0);
  });

  it('crm import - reads the file from standard input', () => {
    const csv = 'Name,Company,Email\nLi Wei,Acme Ltd,li.wei@acme.example.cn\nAnna Berg,Nordic AB,anna@nordic.example.se\n';
    const r = sb.crm(['import', '-', '--json'], { input: csv });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ rows: 2, created: 2, files: [{ file: 'stdin', format: 'csv' }] });
    expect(sb.json(['find', 'anna@nordic']).map((h: { name: string }) => h.name)).toEqual(['Nordic AB']);
    expect(count(sb.db, `select count(*) n from contacts where source_file = 'stdin'`)).toBe(2);
  });

  it('a card without END:VCARD and a cut-off last card are rejected with their line', () => {
    const f = join(sb.dir, 'cut.vcf');
    writeFileSync(
      f,
      [
        'BEGIN:VCARD', 'VERSION:3.0', 'FN:A One', 'EMAIL:a@one.example.com',
        'BEGIN:VCARD', 'VERSION:3.0', 'FN:B Two', 'EMAIL:b@two.example.com', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:3.0', 'FN:C Three', 'EMAIL:c@three.example.com', '',
      ].join('\r\n'),
    );
    const rejects = join(sb.dir, 'rejects.csv');
    const r = sb.crm(['import', f, '--json', '--rejects', rejects]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ rows: 3, created: 1, rejectedCount: 2 });
    expect(s.rejected.map((x: { line: number; reason: string }) => [x.line, x.reason])).toEqual([
      [1, expect.stringMatching(/no END:VCARD/)],
      [10, expect.stringMatching(/no END:VCARD/)],
    ]);
    const strict = sb.crm(['import', f, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/cut\.vcf, line 1: the card has no END:VCARD/);
  });
});
