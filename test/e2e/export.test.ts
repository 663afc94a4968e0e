import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCrm, sandbox, type Sandbox } from '../helpers/cli.js';

// The importer lives on its own branch; the round trip runs once `crm import` exists.
const hasImport = /Usage: crm import/.test(runCrm(['import', '--help']).stdout);

describe('crm export', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
  });
  afterEach(() => sb.cleanup());

  const add = (args: string[]) => {
    const r = sb.crm(args);
    expect(r.code, r.stderr).toBe(0);
    return Number(r.stdout.trim());
  };

  it('neutralises formula cells in CSV but keeps numbers as numbers', () => {
    const evil = ['=HYPERLINK("http://x.test","click")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', '＝1+1'];
    const ids = evil.map((_, i) => add(['account', 'add', '--name', `placeholder ${i}`, '--city', `c${i}`]));
    const safe = add(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen', '--notes', 'a=b, fine']);
    const db = new Database(sb.db);
    // Written straight to the table: imports keep such values, and the CLI trims tabs and CRs.
    evil.forEach((name, i) => db.prepare('update accounts set name = ? where id = ?').run(name, ids[i]));
    db.prepare(`insert into orders (account_id, ordered_on, amount, profit, product, created_at) values (?, '2026-03-01', 1200.5, -120, '=cmd|'' /C calc''!A0', '2026-03-01T00:00:00Z')`).run(safe);
    db.close();

    const r = sb.crm(['export', 'accounts']);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true, relax_quotes: true }) as Record<string, string>[];
    const byId = new Map(rows.map((x) => [Number(x.id), x]));
    evil.forEach((name, i) => expect(byId.get(ids[i]!)!.name).toBe(`'${name}`));
    expect(byId.get(safe)!.name).toBe('Acme Trading');
    expect(byId.get(safe)!.notes).toBe('a=b, fine');
    // No cell of the file starts with a formula character.
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@\t\r]/);

    const o = parse(sb.crm(['export', 'orders']).stdout, { columns: true }) as Record<string, string>[];
    expect(o).toHaveLength(1);
    expect(o[0]).toMatchObject({ amount: '1200.5', profit: '-120', product: "'=cmd|' /C calc'!A0", account: 'Acme Trading' });
  });

  it('writes a UTF-8 BOM with --excel, GBK bytes with --encoding gbk, files owner-only', () => {
    const acc = add(['account', 'add', '--name', '华南电子', '--city', '深圳']);
    add(['contact', 'add', String(acc), '--name', '张伟', '--email', 'zw@huanan.cn']);
    const excel = join(sb.dir, 'excel.csv');
    expect(sb.crm(['export', 'contacts', '--excel', '--out', excel]).code).toBe(0);
    const eb = readFileSync(excel);
    expect([...eb.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(eb.subarray(3).toString('utf8')).toContain('张伟');
    expect(statSync(excel).mode & 0o777).toBe(0o600);

    const gbk = join(sb.dir, 'gbk.csv');
    expect(sb.crm(['export', 'contacts', '--encoding', 'gbk', '--out', gbk]).code).toBe(0);
    const gb = readFileSync(gbk);
    // 张伟 in GBK is D5C5 CEB0; no BOM, and not the UTF-8 bytes (E5BCA0 E4BC9F).
    expect(gb.includes(Buffer.from([0xd5, 0xc5, 0xce, 0xb0]))).toBe(true);
    expect(gb.includes(Buffer.from('张伟', 'utf8'))).toBe(false);
    expect(gb[0]).toBe('i'.charCodeAt(0));

    const plain = sb.crm(['export', 'contacts']);
    expect(plain.stdout.charCodeAt(0)).toBe('i'.charCodeAt(0));
    expect(sb.crm(['export', 'contacts', '--encoding', 'klingon']).code).toBe(2);
  });

  it('applies the list filters and exports JSON', () => {
    add(['account', 'add', '--name', 'North Co', '--city', 'Beijing', '--tag', 'vip', '--source', 'trade-show']);
    add(['account', 'add', '--name', 'South Co', '--city', 'Shenzhen', '--source', 'web']);
    const vip = sb.json(['export', 'accounts', '--tag', 'vip']);
    expect(vip.map((a: any) => a.name)).toEqual(['North Co']);
    expect(vip[0]).toMatchObject({ city: 'Beijing', tags: ['vip'], source: 'trade-show', archived: false });
    const csv = parse(sb.crm(['export', 'accounts', '--city', 'shenzhen']).stdout, { columns: true }) as any[];
    expect(csv.map((a) => a.name)).toEqual(['South Co']);
    expect(sb.crm(['export', 'orders', '--format', 'vcard']).code).toBe(2);
  });

  it('exports contacts as vCard 3.0', () => {
    const acc = add(['account', 'add', '--name', 'Acme; Trading, Ltd', '--city', 'Shenzhen', '--address', '1 Long Road']);
    add(['contact', 'add', String(acc), '--name', 'Li Na', '--title', 'Buyer', '--email', 'li.na@acme.test', '--mobile', '+8613812345678', '--birthday', '1985-04-03']);
    const out = join(sb.dir, 'c.vcf');
    expect(sb.crm(['export', 'contacts', '--out', out]).code).toBe(0);
    const v = readFileSync(out, 'utf8');
    expect(v.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\n')).toBe(true);
    expect(v).toContain('FN:Li Na\r\n');
    expect(v).toContain('ORG:Acme\\; Trading\\, Ltd\r\n');
    expect(v).toContain('EMAIL;TYPE=INTERNET,PREF:li.na@acme.test\r\n');
    expect(v).toContain('TEL;TYPE=CELL:+8613812345678\r\n');
    expect(v).toContain('BDAY:1985-04-03\r\n');
    expect(v).toContain('ADR;TYPE=WORK:;;1 Long Road;Shenzhen;;;\r\n');
    expect(v.trimEnd().endsWith('END:VCARD')).toBe(true);
  });

  it.runIf(hasImport)('round-trips contacts through vCard export and crm import without loss', () => {
    const a = add(['account', 'add', '--name', '华南电子有限公司', '--city', '深圳', '--address', '南山区科技园1号']);
    add(['contact', 'add', String(a), '--name', '张伟', '--title', '采购经理', '--mobile', '+8613812345678', '--email', 'zhang.wei@huanan.cn', '--phone', '+86 755 1234 5678', '--birthday', '1980-05-12']);
    add(['contact', 'add', String(a), '--name', 'Anna Schmidt', '--title', 'Engineer; R&D, Lab', '--email', 'anna@huanan.cn']);
    const vcf = join(sb.dir, 'out.vcf');
    expect(sb.crm(['export', 'contacts', '--format', 'vcard', '--out', vcf]).code).toBe(0);
    const before = sb.json(['contact', 'list']);

    const other = sandbox();
    try {
      const imp = other.crm(['import', vcf]);
      expect(imp.code, imp.stderr).toBe(0);
      const after = other.json(['contact', 'list']);
      const pick = (c: any) => ({ name: c.name, accountName: c.accountName, title: c.title, emails: [...c.emails].sort(), phones: [...c.phones].sort(), birthday: c.birthday });
      expect(after.map(pick).sort((x: any, y: any) => x.name.localeCompare(y.name))).toEqual(before.map(pick).sort((x: any, y: any) => x.name.localeCompare(y.name)));
      const accounts = other.json(['account', 'list']);
      expect(accounts).toHaveLength(1);
      expect(accounts[0]).toMatchObject({ name: '华南电子有限公司', city: '深圳' });
      expect(other.json(['show', String(accounts[0].id)]).address).toBe('南山区科技园1号');
    } finally {
      other.cleanup();
    }
  });
});

