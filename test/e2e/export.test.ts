import { openBook } from '../helpers/book.js';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeSqlite, itSqlite, onPostgres } from '../helpers/engines.js';
import { STAGE_RECORD_COLUMNS } from '../../src/domain/stage-record.js';
import { exportCsv } from '../../src/io/csv-export.js';
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
    const db = openBook(sb.db);
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
    // region and country filled from the city when the account was added
    expect(v).toContain('ADR;TYPE=WORK:;;1 Long Road;Shenzhen;Guangdong;;CN\r\n');
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


// Orders and interactions are read and written a page at a time (5000 rows). The fixture has more
// than two pages of each, with many rows sharing a date or a timestamp and ids in no date order, so
// page boundaries fall inside a day and the id has to break the tie. The expected text is what the
// export gave when it held the whole table: one query, JSON.stringify and exportCsv over all rows.
describe('crm export orders and interactions, streamed', () => {
  let sb: Sandbox;
  // An order stored without a currency is exported with the base's code (CNY unless configured).
  const ORDER_SQL = `select o.id, o.account_id, a.name as account, o.ordered_on, o.amount, o.profit, o.product, o.quantity, coalesce(o.currency, 'CNY') as currency, o.reference
    from orders o join accounts a on a.id = o.account_id where a.archived_at is null %s order by o.ordered_on, o.id`;
  const INTERACTION_SQL = `select i.id, i.account_id, a.name as account, c.name as contact, i.kind, i.stage, i.occurred_at, i.summary, i.outcome,
      i.next_step, i.next_due, i.minutes, i.deal_id, r.name as rep
    from interactions i join accounts a on a.id = i.account_id left join contacts c on c.id = i.contact_id left join reps r on r.id = i.rep_id
    where a.archived_at is null %s order by i.occurred_at, i.id`;

  /** The rows as the old export built them: objects with camelCase keys in select order. */
  function expectedRows(query: string, where = '', params: unknown[] = []): Record<string, unknown>[] {
    const db = openBook(sb.db, { readonly: true });
    try {
      const rows = db.prepare(query.replace('%s', where)).all(...params) as Record<string, unknown>[];
      return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v])));
    } finally {
      db.close();
    }
  }
  const csvOf = (rows: Record<string, unknown>[]) => exportCsv(Object.keys(rows[0]!).map((k) => ({ key: k, header: k })), rows);
  // Interactions carry their stage record too (issue 19): none in this fixture, so empty lists and
  // empty columns in CSV, and null details in JSON.
  const flat = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, materials: [], alsoPresent: [], ...Object.fromEntries(STAGE_RECORD_COLUMNS.map((c) => [c.key, null])) }));
  const nested = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, materials: [], alsoPresent: [], details: null }));
  const jsonOf = (rows: Record<string, unknown>[]) => JSON.stringify(rows, null, 2) + '\n';

  /** The old count of characters lost to an encoding: the text and its round trip, position by position. */
  function lostIn(text: string, enc: string): number {
    const a = Array.from(text);
    const b = Array.from(iconv.decode(iconv.encode(text, enc), enc));
    let lost = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) lost++;
    return lost;
  }

  beforeAll(() => {
    sb = sandbox();
    expect(sb.crm(['init']).code).toBe(0);
    const db = openBook(sb.db);
    const now = '2026-01-01T00:00:00.000Z';
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
    db.transaction(() => {
      const rep = db.prepare(`insert into reps (name, created_at) values (?, '${now}')`);
      const reps = ['alice', '=evil rep'].map((n) => Number(rep.run(n).lastInsertRowid));
      const account = db.prepare(`insert into accounts (name, name_key, archived_at, created_at, updated_at) values (?, ?, ?, '${now}', '${now}')`);
      const names = ['Acme Trading', '=HYPERLINK("http://x.test","click")', '华南电子有限公司', 'Quote "Co", Ltd', ' padded ', 'Gone GmbH'];
      const accounts = names.map((n) => Number(account.run(n, n.toLowerCase(), n === 'Gone GmbH' ? now : null).lastInsertRowid));
      const contact = db.prepare(`insert into contacts (account_id, name, name_key, created_at, updated_at) values (?, ?, ?, '${now}', '${now}')`);
      const contacts = ['张伟', '-minus', 'Li Na'].map((n, i) => Number(contact.run(accounts[i], n, n.toLowerCase()).lastInsertRowid));
      const texts = ['Widget', "=cmd|' /C calc'!A0", 'Bolt, M8', 'Say "hi"', 'line\nbreak', '螺丝', 'emoji 😀 inside', '한국어', ' spaced ', '@at', '＋full', '\ttab', null];
      const days = Array.from({ length: 15 }, (_, i) => `2026-0${1 + (i % 9)}-${String(10 + i).padStart(2, '0')}`);
      const order = db.prepare(
        `insert into orders (account_id, ordered_on, amount, profit, product, quantity, currency, reference, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, '${now}')`,
      );
      for (let i = 0; i < 12_000; i++) {
        order.run(
          pick(accounts),
          pick(days),
          rnd(3) === 0 ? rnd(5000) : rnd(1_000_000) / 100,
          rnd(4) === 0 ? null : (rnd(20_000) - 5000) / 10,
          pick(texts),
          rnd(3) === 0 ? null : rnd(500) / 4,
          pick(['CNY', 'USD', null]),
          pick([`R-${i}`, '+8613800000000', null, '-5']),
        );
      }
      const stamps = Array.from({ length: 40 }, (_, i) => `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:15:00.000Z`);
      const interaction = db.prepare(
        `insert into interactions (account_id, contact_id, kind, stage, occurred_at, summary, outcome, next_step, next_due, minutes, rep_id, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '${now}')`,
      );
      for (let i = 0; i < 11_000; i++) {
        interaction.run(
          pick(accounts),
          pick([...contacts, null]),
          pick(['visit', 'call', 'email', 'meeting']),
          pick(['approach', 'close', null]),
          pick(stamps),
          pick(texts),
          pick(texts),
          pick(texts),
          pick(['2026-04-01', null]),
          pick([15, 90, null]),
          pick([...reps, null]),
        );
      }
    })();
    db.close();
  });
  afterAll(() => sb.cleanup());

  it('writes the same CSV and JSON as a whole-table export, across page boundaries', () => {
    const orders = expectedRows(ORDER_SQL);
    const interactions = expectedRows(INTERACTION_SQL);
    // several pages each, and the archived account's rows left out
    expect(orders.length).toBeGreaterThan(10_000);
    expect(orders.length).toBeLessThan(12_000);
    expect(interactions.length).toBeGreaterThan(9_000);
    const cases: [string[], string][] = [
      [['export', 'orders'], csvOf(orders)],
      [['export', 'orders', '--format', 'json'], jsonOf(orders)],
      [['export', 'interactions'], csvOf(flat(interactions))],
      [['export', 'interactions', '--format', 'json'], jsonOf(nested(interactions))],
    ];
    const someOrders = expectedRows(ORDER_SQL, `and o.ordered_on >= ? and o.ordered_on <= ?`, ['2026-02-11', '2026-06-24']);
    expect(someOrders.length).toBeGreaterThan(5000);
    cases.push([['export', 'orders', '--from', '2026-02-11', '--to', '2026-06-24'], csvOf(someOrders)]);
    const visits = expectedRows(INTERACTION_SQL, `and i.kind = 'visit' and i.occurred_at >= ? and i.occurred_at < ?`, ['2026-03-05', '2026-03-21']);
    cases.push([['export', 'interactions', '--kind', 'visit', '--from', '2026-03-05', '--to', '2026-03-20', '--format', 'json'], jsonOf(nested(visits))]);
    for (const [args, expected] of cases) {
      const r = sb.crm(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout === expected, args.join(' ')).toBe(true);
    }
    // no rows: the header alone, an empty array
    expect(sb.crm(['export', 'orders', '--from', '2030-01-01']).stdout).toBe('id,accountId,account,orderedOn,amount,profit,product,quantity,currency,reference\r\n');
    expect(sb.crm(['export', 'interactions', '--from', '2030-01-01', '--format', 'json']).stdout).toBe('[]\n');
  });

  it('replaces an --out file whole, owner-only, with GBK bytes and the count of characters GBK cannot hold', () => {
    const orders = expectedRows(ORDER_SQL);
    const out = join(sb.dir, 'orders.csv');
    writeFileSync(out, 'an older export\n');
    chmodSync(out, 0o644);
    const r = sb.crm(['export', 'orders', '--encoding', 'gbk', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = csvOf(orders);
    const lost = lostIn(text, 'gbk');
    // the unencodable characters sit on every page
    expect(lost).toBeGreaterThan(1000);
    expect(r.stderr).toContain(`warning: ${lost} characters have no gbk form and were written as ?`);
    expect(r.stderr).toContain(`exported ${orders.length} orders to ${out}`);
    expect(readFileSync(out).equals(iconv.encode(text, 'gbk'))).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const interactions = expectedRows(INTERACTION_SQL);
    const excel = join(sb.dir, 'interactions.csv');
    expect(sb.crm(['export', 'interactions', '--excel', '--out', excel]).code).toBe(0);
    expect(readFileSync(excel).equals(Buffer.from('\ufeff' + csvOf(flat(interactions)), 'utf8'))).toBe(true);
    expect(readdirSync(sb.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves no file behind when an --out export fails', () => {
    const r = sb.crm(['export', 'orders', '--out', join(sb.dir, 'no-such-folder', 'orders.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`crm: cannot write ${join(sb.dir, 'no-such-folder', 'orders.csv')}: the folder ${join(sb.dir, 'no-such-folder')} does not exist\n`);
    expect(existsSync(join(sb.dir, 'no-such-folder'))).toBe(false);

    // A failure after the file was opened: the older file stays as it was, and no temp file is left.
    const broken = sandbox();
    try {
      expect(broken.crm(['init']).code).toBe(0);
      const db = openBook(broken.db);
      if (onPostgres) db.exec('drop table orders cascade');
      else {
        db.pragma('foreign_keys = off');
        db.exec('drop table orders');
      }
      db.close();
      const out = join(broken.dir, 'orders.csv');
      writeFileSync(out, 'an older export\n');
      const f = broken.crm(['export', 'orders', '--out', out]);
      expect(f.code).toBe(1);
      expect(f.stderr).toMatch(/^crm: .*orders/);
      expect(readFileSync(out, 'utf8')).toBe('an older export\n');
      expect(readdirSync(broken.dir).filter((n) => n.includes('orders.csv'))).toEqual(['orders.csv']);
    } finally {
      broken.cleanup();
    }
  });
});
