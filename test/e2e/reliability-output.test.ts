// Issue 14 points 1 and 2: every CSV crm writes is safe to open in a spreadsheet, and nothing
// crm writes to a terminal carries escape sequences, whatever the stored data holds.
import { openBook } from '../helpers/book.js';
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { runInPty } from '../helpers/pty.js';

// OWASP's formula starts: = + - @ tab CR, and the full-width forms some spreadsheets read the same.
const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** Every cell of every CSV table in the text (a report is several tables separated by blank lines). */
function cells(csv: string): string[] {
  const out: string[] = [];
  for (const part of csv.split(/\r\n\r\n/)) if (part.trim()) for (const row of parse(part, { relax_column_count: true }) as string[][]) out.push(...row);
  return out;
}

describe('CSV: one writer with the formula guard, for every CSV', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-csv-');
  });
  afterEach(() => sb.cleanup());

  const ok = (args: string[]) => {
    const r = sb.crm(['--as-of', '2026-09-20', ...args]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };

  it('guards formula cells in every --format csv listing and report, and keeps numbers as numbers', () => {
    const evil = '=HYPERLINK("http://x","y")';
    ok(['account', 'add', '--name', evil, '--city', '+cmd', '--source', 'referral']);
    ok(['contact', 'add', '1', '--name', '@SUM(A1)', '--email', 'a@evil.example', '--title', '－1+1']);
    ok(['order', 'add', '1', '--amount', '1200.5', '--profit', '-120', '--product', '＝1+1', '--date', '2026-08-01']);
    ok(['promise', 'add', '1', '--what', '+cmd|calc', '--due', '2026-09-25']);
    const listings: string[][] = [
      ['account', 'list'],
      ['contact', 'list'],
      ['order', 'list'],
      ['promise', 'list'],
      ['due', '--days', '100'],
      ['greetings', '--holiday', 'mid-autumn', '--all'],
      ['show', '1'],
      ['report', 'pareto', '--from', '2026-01-01', '--to', '2026-08-31'],
      ['report', 'sources', '--from', '2026-01-01', '--to', '2026-08-31'],
      ['report', 'clv', '--to', '2026-08-31'],
    ];
    for (const args of listings) {
      const csv = ok([...args, '--format', 'csv']);
      const all = cells(csv);
      // a number (-120, an urgency of -0.5) is written as a number: it cannot be a formula
      const hostile = all.filter((c) => FORMULA.test(c) && !/^-\d+(\.\d+)?$/.test(c));
      expect(hostile, `${args.join(' ')}:\n${csv}`).toEqual([]);
    }
    expect(cells(ok(['account', 'list', '--format', 'csv']))).toContain(`'${evil}`);
    expect(cells(ok(['contact', 'list', '--format', 'csv']))).toEqual(expect.arrayContaining(["'@SUM(A1)", `'${evil}`]));
    expect(cells(ok(['due', '--days', '100', '--format', 'csv']))).toContain(`'${evil}`);
    expect(cells(ok(['promise', 'list', '--format', 'csv']))).toContain("'+cmd|calc");
    expect(cells(ok(['report', 'pareto', '--from', '2026-01-01', '--to', '2026-08-31', '--format', 'csv']))).toContain(`'${evil}`);
    // a negative amount is a number, not a formula: it stays as is and sums in the spreadsheet
    const orders = parse(ok(['order', 'list', '--format', 'csv']), { columns: true }) as Record<string, string>[];
    expect(orders[0]).toMatchObject({ profit: '-120', product: "'=1+1", account: `'${evil}` });
    // the text survives the apostrophe: JSON keeps the stored value
    expect(JSON.parse(ok(['account', 'list', '--json']))[0].name).toBe(evil);
  });

  it('guards the export, the greetings export and the import rejects file the same way', () => {
    ok(['account', 'add', '--name', 'placeholder', '--city', 'Shenzhen']);
    ok(['contact', 'add', '1', '--name', '-2+3', '--email', 'x@fw.example']);
    ok(['order', 'add', '1', '--amount', '5000', '--date', '2026-06-01']);
    // typed input is NFKC-normalised (＠ becomes @); an import or an old database keeps the full-width form
    const db = openBook(sb.db);
    db.prepare("update accounts set name = '＠Full Width Co' where id = 1").run();
    db.close();
    for (const args of [['export', 'accounts'], ['export', 'contacts'], ['export', 'orders'], ['export', 'greetings', '--holiday', 'mid-autumn']]) {
      const all = cells(ok(args));
      expect(all.filter((c) => FORMULA.test(c)), args.join(' ')).toEqual([]);
    }
    expect(cells(ok(['export', 'greetings', '--holiday', 'mid-autumn']))).toEqual(expect.arrayContaining(["'-2+3", "'＠Full Width Co"]));

    const leads = join(sb.dir, 'leads.csv');
    writeFileSync(leads, 'Notes,Name,Company,Email\n＝1+1,,,\n-2+3,,,\n');
    const rejects = join(sb.dir, 'rejects.csv');
    ok(['import', leads, '--rejects', rejects]);
    const text = readFileSync(rejects, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.data)).toEqual(["'＝1+1,,,", "'-2+3,,,"]);
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(FORMULA);
  });
});

describe('exports on a terminal, and JSON and vCard exports anywhere', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-exp-tty-');
  });
  afterEach(() => sb.cleanup());

  // what a hostile card could carry: a clipboard write (OSC 52), a screen clear, an 8-bit CSI, a
  // bidi override, a DEL and a C1 control
  const CLIP = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
  const HOSTILE_NAME = `Mallory${CLIP}\u001b[2J Chen`;
  const HOSTILE_TITLE = 'Boss\u009b2J \u202Egnp.exe\u202C\u007f\u0085';
  const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  function seed() {
    expect(sb.crm(['account', 'add', '--name', 'Acme Trading']).code).toBe(0);
    expect(sb.crm(['contact', 'add', '1', '--name', 'placeholder', '--email', 'm@acme.example']).code).toBe(0);
    // imports and old databases hold such values; the CLI strips them from typed input
    const db = openBook(sb.db);
    db.prepare('update contacts set name = ?, title = ?, notes = ? where id = 1').run(HOSTILE_NAME, HOSTILE_TITLE, 'line one\nline two');
    db.close();
  }

  it.runIf(existsSync('/usr/bin/script'))('strips escape sequences and control characters from CSV and vCard exports on a terminal', async () => {
    seed();
    for (const format of ['csv', 'vcard']) {
      const r = await runInPty(['--db', sb.db, 'export', 'contacts', '--format', format], [], { delayMs: 10 });
      expect(r.code, r.output).toBe(0);
      expect(r.output, format).toContain('Mallory');
      expect(r.output, format).toContain('Chen');
      expect(r.output, format).not.toContain('\u001b');
      expect(r.output.replace(/\r\n/g, '\n'), format).not.toMatch(UNSAFE);
    }
  });

  it('escapes C0, C1 and bidi characters in JSON exports, and keeps the data exact', () => {
    seed();
    const out = join(sb.dir, 'contacts.json');
    for (const r of [sb.crm(['export', 'contacts', '--format', 'json']), sb.crm(['export', 'contacts', '--out', out])]) expect(r.code, r.stderr).toBe(0);
    for (const text of [sb.crm(['export', 'contacts', '--format', 'json']).stdout, readFileSync(out, 'utf8')]) {
      expect(text).not.toMatch(UNSAFE);
      const [c] = JSON.parse(text);
      expect(c.name).toBe(HOSTILE_NAME);
      expect(c.title).toBe(HOSTILE_TITLE);
    }
  });

  it('keeps the data in CSV files and escapes what vCard can; a pipe gets the file bytes', () => {
    seed();
    const csv = join(sb.dir, 'c.csv');
    expect(sb.crm(['export', 'contacts', '--out', csv]).code).toBe(0);
    const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows[0]!.name).toBe(HOSTILE_NAME);
    expect(rows[0]!.notes).toBe('line one\nline two');
    const vcf = join(sb.dir, 'c.vcf');
    expect(sb.crm(['export', 'contacts', '--out', vcf]).code).toBe(0);
    const card = readFileSync(vcf, 'utf8');
    expect(card).toContain('NOTE:line one\\nline two\r\n');
    // not a terminal: stdout gets what the file gets
    expect(sb.crm(['export', 'contacts']).stdout).toBe(readFileSync(csv, 'utf8'));
  });
});
