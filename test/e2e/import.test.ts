import { openBook } from '../helpers/book.js';
import { parse } from 'csv-parse/sync';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBigLeads, whenWriting } from '../helpers/big-import.js';
import { itSqlite } from '../helpers/engines.js';
import { BIN, FIXTURES, sandbox, type Sandbox } from '../helpers/cli.js';

const F = (name: string) => join(FIXTURES, 'import', name);

function counts(db: string): Record<string, number> {
  const d = openBook(db, { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const t of ['accounts', 'contacts', 'contact_points', 'account_tags', 'orders', 'import_batches', 'import_rows', 'search_index'])
      out[t] = (d.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
    return out;
  } finally {
    d.close();
  }
}

function query<T = any>(db: string, q: string, ...params: unknown[]): T[] {
  const d = openBook(db, { readonly: true });
  try {
    return d.prepare(q).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** Every index with its definition. */
function indexes(db: string): { name: string; sql: string }[] {
  return query(db, `select name, sql from sqlite_master where type = 'index' and sql is not null order by name`);
}

function byName(list: any[], name: string): any {
  const c = list.find((x) => x.name === name);
  if (!c) throw new Error(`no contact ${name} in ${list.map((x) => x.name).join(', ')}`);
  return c;
}

describe('crm import', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-import-');
  });
  afterEach(() => sb.cleanup());

  it('imports a Chinese card-scanner export saved as GBK, flags the Excel-mangled mobile', () => {
    const s = sb.json(['import', F('cards-gbk.csv'), '--country', 'CN', '--source', '展会', '--campaign', 'Canton Fair 2026 spring', '--tag', 'fair']);
    expect(s).toMatchObject({ rows: 3, created: 3, merged: 0, rejectedCount: 0, flaggedCount: 1 });
    expect(s.files[0]).toMatchObject({ encoding: 'GB18030 (GBK)', delimiter: ',', headerLine: 1 });
    expect(s.flagged[0]).toMatchObject({ line: 3 });
    expect(s.flagged[0].problem).toContain('1.38177E+10');
    const people = sb.json(['contact', 'list']);
    expect(people).toHaveLength(3);
    const wang = byName(people, '王芳');
    expect(wang).toMatchObject({
      accountName: '深圳市华强电子有限公司',
      familyName: '王',
      givenName: '芳',
      title: '销售总监',
      department: '市场部',
      emails: ['wangfang@hqdz.com.cn'],
      ims: ['wf_2026'],
      notes: '广交会认识',
    });
    expect(wang.phones).toEqual(['+8613912345678', '+8675583451234', '+8675583451235']);
    const ouyang = byName(people, '欧阳明');
    expect(ouyang).toMatchObject({ familyName: '欧阳', givenName: '明', phones: ['+862087654321'] });
    // the mangled number is kept as typed, never stored as a phone
    expect(ouyang.extra).toEqual({ 手机: '1.38177E+10' });
    // two people at the same company: one account
    expect(byName(people, '李强').accountId).toBe(wang.accountId);
    const acc = query(sb.db, 'select * from accounts where id = ?', wang.accountId)[0];
    expect(acc).toMatchObject({ source: 'trade-show', campaign: 'Canton Fair 2026 spring', domain: 'hqdz.com.cn', website: 'www.hqdz.com.cn', address: '深圳市福田区华强北路1号', source_file: 'cards-gbk.csv', source_line: 2, batch_id: s.batchId });
    expect(query(sb.db, 'select tag from account_tags where account_id = ?', wang.accountId)).toEqual([{ tag: 'fair' }]);
    const raw = query(sb.db, "select raw from contact_points where value = '+8613912345678'")[0];
    expect(raw.raw).toBe('13912345678');
    // crm find sees imported people, by two-character Chinese name and by partial phone
    expect(sb.json(['find', '王芳']).map((h: any) => h.id)).toEqual([wang.accountId]);
    expect(sb.json(['find', '83451234']).map((h: any) => h.id)).toEqual([wang.accountId]);
  });

  it.each([
    ['german-excel.csv', 'Windows-1252', ';', 2, 'Jürgen Müller', 'Müller & Söhne GmbH'],
    ['outlook.csv', 'Windows-1252', ',', 1, 'François Dupont', 'Café Crème SARL'],
    ['excel-unicode.txt', 'UTF-16LE with BOM', '\t', 1, '山田太郎', '東京商事株式会社'],
    ['utf16be.csv', 'UTF-16BE with BOM', ',', 1, 'Kim Min-jun', 'Hanbit Tech'],
    ['pipe-bom.csv', 'UTF-8 with BOM', '|', 1, 'José Álvarez', 'Ibérica Foods'],
    ['linkedin.csv', 'UTF-8', ',', 4, 'Priya Sharma', 'Infotech Solutions Pvt Ltd'],
  ])('reads %s: encoding %s, delimiter %j, header on line %i', (file, enc, delim, headerLine, person, company) => {
    const s = sb.json(['import', F(file)]);
    expect(s.files[0]).toMatchObject({ encoding: enc, delimiter: delim, headerLine });
    expect(s.rejectedCount).toBe(0);
    expect(byName(sb.json(['contact', 'list']), person).accountName).toBe(company);
  });

  it('takes owner, source, campaign and tags from the row, else from the flags', () => {
    const file = join(sb.dir, 'owners.csv');
    writeFileSync(file, 'Name,Company,Owner,Lead Source,Tags\nA One,Alpha Ltd,bob,Referral,"hot, 2026"\nB Two,Beta Ltd,,,\n');
    sb.json(['import', file, '--owner', 'alice', '--source', 'trade-show', '--campaign', 'Expo 2026', '--tag', 'expo']);
    expect(sb.json(['account', 'show', 'Alpha Ltd'])).toMatchObject({ owner: 'bob', source: 'referral', campaign: 'Expo 2026', tags: ['2026', 'expo', 'hot'] });
    expect(sb.json(['account', 'show', 'Beta Ltd'])).toMatchObject({ owner: 'alice', source: 'trade-show', campaign: 'Expo 2026', tags: ['expo'] });
  });

  it('--encoding overrides detection; an unknown encoding is a usage error', () => {
    const s = sb.json(['import', F('cards-gbk.csv'), '--encoding', 'GBK', '--dry-run']);
    expect(s.files[0].encoding).toBe('GB18030 (GBK) (given)');
    // read as Windows-1252 the Chinese becomes mojibake: detection was right, the override is obeyed
    const wrong = sb.json(['import', F('cards-gbk.csv'), '--encoding', 'windows-1252', '--dry-run']);
    expect(wrong.files[0].mapping[0].column).not.toBe('姓名');
    const bad = sb.crm(['import', F('cards-gbk.csv'), '--encoding', 'klingon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown encoding "klingon"');
  });

  it('maps German, Outlook, Google and LinkedIn headers, keeping unmapped columns', () => {
    sb.json(['import', F('german-excel.csv'), F('outlook.csv'), F('google-contacts.csv'), F('linkedin.csv')]);
    const people = sb.json(['contact', 'list']);
    const juergen = byName(people, 'Jürgen Müller');
    // a row's own country column is the region for its phones
    expect(juergen).toMatchObject({ title: 'Einkäufer', phones: ['+49891234567', '+491712345678'], extra: { Umsatz: '1.234,50' } });
    const fr = byName(people, 'François Dupont');
    // Outlook's "Title" is the salutation; "Job Title" is the title
    expect(fr).toMatchObject({ title: 'Acheteur', department: 'Achats', emails: ['francois.dupont@cafe-creme.fr', 'f.dupont@gmail.com'], phones: ['+33142600000', '+33612345678'] });
    expect(fr.extra.Title).toBe('Mr.');
    expect(fr.notes).toBe('Met at SIAL; prefers email');
    const maria = byName(people, 'Maria Garcia');
    expect(maria).toMatchObject({ title: 'Head of Purchasing', department: 'Procurement', birthday: '1985-07-21', emails: ['maria.garcia@solaris-energy.com', 'maria.garcia@gmail.com'] });
    expect(maria.phones).toEqual(['+16505550142', '+16505550100;ext=12']);
    const mariaAcc = sb.json(['account', 'show', 'Solaris Energy']);
    expect(mariaAcc).toMatchObject({ city: 'San Francisco', region: 'CA', postcode: '94105', tags: ['Trade show'] });
    const labels = query(sb.db, "select kind, label from contact_points where value in ('+16505550142', 'maria.garcia@gmail.com') order by kind");
    expect(labels).toEqual([{ kind: 'email', label: 'Home' }, { kind: 'mobile', label: 'Mobile' }]);
    expect(byName(people, 'Ken Ito')).toMatchObject({ birthday: '--05-12', phones: ['+819012345678', '+81355550000'] });
    const priya = byName(people, 'Priya Sharma');
    expect(priya).toMatchObject({ title: 'Procurement Lead', extra: { URL: 'https://www.linkedin.com/in/priyasharma', 'Connected On': '12 Mar 2025' } });
  });

  it('skips report footers and blank rows; rejects rows with nothing to import; keeps quoted text intact', () => {
    const sf = sb.json(['import', F('salesforce-report.csv'), '--country', 'US']);
    expect(sf).toMatchObject({ rows: 2, created: 2, skipped: 6, rejectedCount: 0 });
    expect(sb.json(['account', 'show', 'Northwind Traders'])).toMatchObject({ source: 'trade-show', industry: 'Retail', city: 'Seattle' });

    const rejects = join(sb.dir, 'rejects.csv');
    const m = sb.json(['import', F('messy.csv'), '--country', 'CN', '--rejects', rejects]);
    expect(m).toMatchObject({ rows: 8, skipped: 2, rejectedCount: 2, conflictCount: 1 });
    expect(m.rejected.map((r: any) => [r.file, r.line])).toEqual([
      ['messy.csv', 7],
      ['messy.csv', 9],
    ]);
    const rows = parse(readFileSync(rejects, 'utf8'), { columns: true, bom: true }) as any[];
    expect(rows.map((r) => [r.file, r.line])).toEqual([
      ['messy.csv', '7'],
      ['messy.csv', '9'],
    ]);
    expect(rows[1].reason).toContain('1.23457E+11');
    const people = sb.json(['contact', 'list']);
    // NFKC: full-width letters and digits become ASCII; the same person later in the file merged
    const zhao = byName(people, 'Zhao Lei');
    expect(zhao).toMatchObject({ accountName: 'ABC Trading', emails: ['zhao.lei@abc-trading.com'], phones: ['+8613600012345'], notes: 'Said: "call after 3pm", not before', extra: { Lieblingsfarbe: 'blau' } });
    const conflictFields = m.conflicts.map((c: any) => [c.line, c.field, c.existing, c.incoming]);
    expect(conflictFields).toEqual([
      [10, 'notes', 'Said: "call after 3pm", not before', 'met again'],
      [10, 'extra.Lieblingsfarbe', 'blau', 'rot'],
    ]);
    expect(query(sb.db, 'select conflicts from import_rows where line = 10 and file = ?', 'messy.csv')[0].conflicts).toContain('met again');
    const multi = byName(people, 'Multi Line');
    expect(multi.notes).toBe('first line\nsecond line');
    // a bad email does not lose the row: it is imported and the value kept
    expect(byName(people, 'Bad Email Person')).toMatchObject({ emails: [], extra: { Email: 'not-an-email' } });
    // Gmail ignores dots and +tags, googlemail.com is gmail.com: one person
    expect(people.filter((p: any) => p.name.replace('.', '') === 'Wang Gang')).toHaveLength(1);
    // 2 from the Salesforce report + Zhao Lei, Multi Line, Bad Email Person, Wang Gang
    expect(people).toHaveLength(6);
  });

  it('reads vCard 2.1 (quoted-printable GB2312/UTF-8), 3.0 (itemN groups, folding) and 4.0', () => {
    const s = sb.json(['import', F('contacts-v21.vcf'), F('contacts-v30.vcf'), F('contacts-v40.vcf'), '--country', 'CN']);
    expect(s).toMatchObject({ created: 4, rejectedCount: 1 });
    expect(s.rejected[0]).toMatchObject({ file: 'contacts-v30.vcf', line: 23 });
    const people = sb.json(['contact', 'list']);
    expect(byName(people, '陈静')).toMatchObject({
      accountName: '杭州绿源茶业有限公司',
      department: '采购部',
      title: '采购主管',
      emails: ['chenjing@lvyuan-tea.com', 'chenjing88@163.com'],
      phones: ['+8613711112222', '+8657188889999'],
      notes: 'Line one\nLine two',
      extra: null,
    });
    expect(byName(people, 'Lisa Brown')).toMatchObject({ accountName: 'Brown Logistics Ltd', phones: ['+442079460958'] });
    const yuki = byName(people, 'Yuki Nakamura');
    expect(yuki).toMatchObject({
      accountName: 'Sakura Robotics K.K.',
      department: 'R&D',
      emails: ['yuki@sakura-robotics.jp', 'yuki.nakamura@gmail.com'],
      phones: ['+819087654321', '+81366667777'],
      notes: 'Long note that is folded across several lines because the writer keeps lines short, as RFC 6350 asks.',
    });
    expect(query(sb.db, "select label from contact_points where value = 'yuki.nakamura@gmail.com'")[0].label).toBe('private');
    expect(sb.json(['account', 'show', 'Sakura Robotics'])).toMatchObject({ city: 'Tokyo', postcode: '103-0027', address: '2-1-1 Nihonbashi, Chuo-ku' });
    const amelia = byName(people, 'Dr. Amelia Hart');
    expect(amelia).toMatchObject({ givenName: 'Amelia', familyName: 'Hart', birthday: '--05-12', ims: ['amelia.hart'], phones: ['+61412345678', '+61298765432;ext=204'] });
    expect(sb.json(['account', 'show', 'Hart Medical'])).toMatchObject({ tags: ['hospital', 'vip'], website: 'https://hartmedical.com.au' });
    // photos are not kept anywhere
    expect(JSON.stringify(query(sb.db, 'select extra from contacts'))).not.toContain('/9j/');
  });

  it('a file of hundreds of rows: dedup against the file and the database, every account searchable, twice is a no-op', () => {
    // Big enough for the bulk path (dedup keys preloaded into a filter, search index built at the end).
    const person = (i: number) => ({
      name: `Person${i} Tester`,
      company: `Firma ${i % 200} GmbH`,
      email: `person.${i}@gmail.com`,
      mobile: `+49 151 ${String(10000000 + i)}`,
    });
    const row = (p: ReturnType<typeof person>) => [p.name, p.company, p.email, p.mobile].join(',');
    const head = 'Name,Company,Email,Mobile\n';
    const first = join(sb.dir, 'fair.csv');
    const rows1: string[] = [];
    for (let i = 0; i < 600; i++) rows1.push(row(person(i)));
    // the same people again inside the file: dotted Gmail without dots, and the number without spaces
    for (let i = 0; i < 40; i++) {
      const p = person(i * 7);
      rows1.push([p.name, p.company, p.email.replace('person.', 'person'), ''].join(','));
      rows1.push([p.name, p.company, '', p.mobile.replace(/ /g, '')].join(','));
    }
    writeFileSync(first, head + rows1.join('\n') + '\n');
    const s1 = sb.json(['import', first, '--country', 'DE']);
    expect(s1).toMatchObject({ rows: 680, created: 600, rejectedCount: 0 });
    expect(s1.merged + s1.unchanged).toBe(80);
    const c1 = counts(sb.db);
    expect(c1).toMatchObject({ accounts: 200, contacts: 600, contact_points: 1200, search_index: 200 });
    // an account created early in the file and joined by people later is found by each of them
    expect(sb.json(['find', 'Person599']).map((h: any) => h.name)).toEqual(['Firma 199 GmbH']);
    expect(sb.json(['find', 'Person399']).map((h: any) => h.name)).toEqual(['Firma 199 GmbH']);
    expect(sb.json(['find', '15110000599']).map((h: any) => h.name)).toEqual(['Firma 199 GmbH']);

    // a second file: 200 people already known (matched through the database), 200 new ones
    const second = join(sb.dir, 'fair2.csv');
    const rows2: string[] = [];
    for (let i = 0; i < 200; i++) {
      const p = person(i * 3);
      rows2.push(i % 2 ? [p.name, p.company, p.email.toUpperCase(), ''].join(',') : [p.name, p.company, '', p.mobile.replace('+49 ', '0')].join(','));
    }
    for (let i = 600; i < 800; i++) rows2.push(row(person(i)));
    writeFileSync(second, head + rows2.join('\n') + '\n');
    const s2 = sb.json(['import', second, '--country', 'DE']);
    expect(s2).toMatchObject({ rows: 400, created: 200, merged: 0, unchanged: 200, rejectedCount: 0 });
    expect(counts(sb.db)).toMatchObject({ accounts: 200, contacts: 800, search_index: 200 });
    expect(sb.json(['find', 'Person799']).map((h: any) => h.name)).toEqual(['Firma 199 GmbH']);

    // both files again: nothing new
    const again = sb.json(['import', first, second, '--country', 'DE']);
    expect(again).toMatchObject({ created: 0, merged: 0, unchanged: 1080 });
    expect(counts(sb.db)).toMatchObject({ accounts: 200, contacts: 800, contact_points: 1600, search_index: 200 });
    const doctor = sb.crm(['doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    // --debug says where an import spent its time, on stderr
    const debug = sb.crm(['--debug', 'import', second, '--country', 'DE']);
    expect(debug.code).toBe(0);
    expect(debug.stderr).toMatch(/import timings \(ms\): plan \d+, setup \d+, rows \d+, searchIndex \d+, batch \d+, commit \d+, values \d+, due \d+/);
  }, 60_000);

  it('importing the same files twice changes nothing the second time', () => {
    const files = [F('cards-gbk.csv'), F('google-contacts.csv'), F('contacts-v30.vcf'), F('messy.csv')];
    sb.json(['import', ...files, '--country', 'CN']);
    const before = counts(sb.db);
    const peopleBefore = sb.json(['contact', 'list']);
    const again = sb.json(['import', ...files, '--country', 'CN']);
    expect(again.created).toBe(0);
    expect(again.merged).toBe(0);
    const after = counts(sb.db);
    expect({ ...after, import_batches: 0, import_rows: 0 }).toEqual({ ...before, import_batches: 0, import_rows: 0 });
    expect(sb.json(['contact', 'list'])).toEqual(peopleBefore);
  });

  it('merges into existing records: fills empty fields, keeps conflicts, and undo reverts it', () => {
    sb.crm(['account', 'add', '--name', '深圳市华强电子有限公司', '--city', '深圳']);
    sb.crm(['contact', 'add', '华强电子', '--name', '王芳', '--email', 'WangFang@hqdz.com.cn', '--title', '销售经理']);
    const before = counts(sb.db);
    const s = sb.json(['import', F('cards-gbk.csv'), '--country', 'CN', '--tag', 'fair']);
    expect(s).toMatchObject({ created: 2, merged: 1, conflictCount: 1 });
    expect(s.conflicts).toEqual([expect.objectContaining({ line: 2, field: 'title', existing: '销售经理', incoming: '销售总监' })]);
    const wang = byName(sb.json(['contact', 'list']), '王芳');
    // the stored title stays; empty fields are filled; new numbers are added
    expect(wang).toMatchObject({ title: '销售经理', department: '市场部', notes: '广交会认识' });
    expect(wang.phones).toEqual(['+8613912345678', '+8675583451234', '+8675583451235']);
    expect(sb.json(['account', 'show', '华强电子'])).toMatchObject({ city: '深圳', address: '深圳市福田区华强北路1号', website: 'www.hqdz.com.cn', tags: ['fair'] });
    expect(sb.json(['find', '13912345678']).length).toBe(1);

    const u = sb.json(['import', 'undo', String(s.batchId)]);
    expect(u).toMatchObject({ deletedAccounts: 1, deletedContacts: 2 });
    expect(counts(sb.db)).toEqual({ ...before, import_batches: 1, import_rows: 3 });
    const reverted = byName(sb.json(['contact', 'list']), '王芳');
    expect(reverted).toMatchObject({ title: '销售经理', department: null, notes: null, emails: ['wangfang@hqdz.com.cn'], phones: [] });
    expect(sb.json(['account', 'show', '华强电子'])).toMatchObject({ address: null, website: null, tags: [] });
    expect(sb.json(['find', '13912345678'])).toEqual([]);
    expect(sb.json(['import', 'list'])[0]).toMatchObject({ id: s.batchId, status: 'undone' });
    const again = sb.crm(['import', 'undo', String(s.batchId)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already undone');
  });

  it('refuses to undo a batch a later batch built on, until that one is undone', () => {
    const first = sb.json(['import', F('cards-gbk.csv'), '--country', 'CN']);
    writeFileSync(join(sb.dir, 'more.csv'), '姓名,公司,手机\n赵六,深圳市华强电子有限公司,13611112222\n');
    const second = sb.json(['import', join(sb.dir, 'more.csv'), '--country', 'CN']);
    const r = sb.crm(['import', 'undo', String(first.batchId)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`first (crm import undo ${second.batchId})`);
    expect(sb.crm(['import', 'undo', String(second.batchId)]).code).toBe(0);
    expect(sb.crm(['import', 'undo', String(first.batchId)]).code).toBe(0);
    expect(counts(sb.db)).toMatchObject({ accounts: 0, contacts: 0, contact_points: 0, search_index: 0 });
  });

  it('a row with a company and no person gives the company its email and phone', () => {
    const file = join(sb.dir, 'companies.csv');
    writeFileSync(file, 'Company,Email,Phone,Website\nAcme Trading,info@acme-trading.com,+86 755 8888 0000,acme-trading.com\n');
    expect(sb.json(['import', file])).toMatchObject({ created: 1 });
    expect(sb.json(['contact', 'list'])).toEqual([]);
    expect(query(sb.db, 'select contact_id, kind, value from contact_points order by id')).toEqual([
      { contact_id: null, kind: 'email', value: 'info@acme-trading.com' },
      { contact_id: null, kind: 'phone', value: '+8675588880000' },
    ]);
    // a person of that company, matched by the web domain of their address
    writeFileSync(file, 'Name,Company,Email\nLi Lei,ACME Intl.,li.lei@acme-trading.com\n');
    const s = sb.json(['import', file]);
    // the differing company name is a conflict: the stored one is kept
    expect(s).toMatchObject({ created: 1, conflictCount: 1 });
    expect(s.conflicts[0]).toMatchObject({ field: 'company', existing: 'Acme Trading', incoming: 'ACME Intl.' });
    expect(byName(sb.json(['contact', 'list']), 'Li Lei').accountName).toBe('Acme Trading');
    expect(counts(sb.db).accounts).toBe(1);
    // two people with the same name at different companies stay two
    writeFileSync(file, 'Name,Company\nLi Lei,Other Corp\n');
    sb.json(['import', file]);
    expect(sb.json(['contact', 'list']).filter((c: any) => c.name === 'Li Lei')).toHaveLength(2);
  });

  it('refuses to undo when people were added by hand to the accounts a batch created', () => {
    const s = sb.json(['import', F('cards-gbk.csv'), '--country', 'CN']);
    sb.crm(['contact', 'add', '华强电子', '--name', '新同事']);
    const r = sb.crm(['import', 'undo', String(s.batchId)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gained contacts');
    expect(counts(sb.db).contacts).toBe(4);
  });

  it('--dry-run shows the mapping and writes nothing; --strict aborts on any reject', () => {
    sb.crm(['init']);
    const before = counts(sb.db);
    const r = sb.crm(['import', F('google-contacts.csv'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run');
    expect(r.stdout).toMatch(/Organization Title\s+title/);
    expect(r.stdout).toMatch(/Nickname\s+\(kept in extra\)/);
    const j = sb.json(['import', F('google-contacts.csv'), '--dry-run']);
    expect(j).toMatchObject({ dryRun: true, batchId: null, created: 2 });
    expect(counts(sb.db)).toEqual(before);

    const strict = sb.crm(['import', F('cards-gbk.csv'), F('messy.csv'), '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('messy.csv, line 7');
    expect(counts(sb.db)).toEqual(before);
  });

  it('--map overrides the header mapping and can be saved and reused', () => {
    const file = join(sb.dir, 'odd.csv');
    writeFileSync(file, 'Kontakt,Arbeitgeber,Durchwahl,Hobby\nErika Mustermann,Beispiel AG,+49 30 1234567,Segeln\n');
    const s = sb.json(['import', file, '--map', 'Kontakt=name', '--map', 'Arbeitgeber=company', '--map', 'Durchwahl=phone', '--map', 'Hobby=ignore', '--save-map', 'de']);
    expect(s.files[0].mapping).toEqual([
      { column: 'Kontakt', field: 'name' },
      { column: 'Arbeitgeber', field: 'company' },
      { column: 'Durchwahl', field: 'phone' },
      { column: 'Hobby', field: 'ignore' },
    ]);
    expect(byName(sb.json(['contact', 'list']), 'Erika Mustermann')).toMatchObject({ accountName: 'Beispiel AG', phones: ['+49301234567'], extra: null });
    expect(sb.json(['import', 'maps'])).toEqual([{ name: 'de', mapping: { Kontakt: 'name', Arbeitgeber: 'company', Durchwahl: 'phone', Hobby: 'ignore' } }]);
    const file2 = join(sb.dir, 'odd2.csv');
    writeFileSync(file2, 'Kontakt,Arbeitgeber,Durchwahl\nMax Muster,Beispiel AG,+49 30 7654321\n');
    sb.json(['import', file2, '--map-name', 'de']);
    const max = byName(sb.json(['contact', 'list']), 'Max Muster');
    expect(max.accountName).toBe('Beispiel AG');
    expect(sb.crm(['import', file2, '--map', 'Kontakt=nonsense']).code).toBe(2);
  });

  it('imports orders matched by name, email or id, updates last order, and is idempotent and undoable', () => {
    sb.json(['import', F('cards-gbk.csv'), F('google-contacts.csv'), F('german-excel.csv')]);
    const rejects = join(sb.dir, 'orders-rejects.csv');
    const s = sb.json(['import', F('orders.csv'), '--kind', 'orders', '--rejects', rejects]);
    expect(s).toMatchObject({ created: 3, rejectedCount: 2 });
    expect(s.rejected.map((r: any) => r.line)).toEqual([5, 6]);
    expect(s.rejected[0].reason).toContain('Nobody Ltd');
    const orders = query(sb.db, 'select a.name, o.ordered_on, o.amount, o.profit, o.reference, o.source_line from orders o join accounts a on a.id = o.account_id order by o.id');
    expect(orders).toEqual([
      { name: '深圳市华强电子有限公司', ordered_on: '2026-03-04', amount: 12500, profit: 2500, reference: 'SO-1001', source_line: 2 },
      { name: 'Solaris Energy Inc.', ordered_on: '2026-04-15', amount: 8800, profit: null, reference: 'SO-1002', source_line: 3 },
      { name: 'Müller & Söhne GmbH', ordered_on: '2026-05-15', amount: 1234.5, profit: null, reference: 'SO-1003', source_line: 4 },
    ]);
    expect(query(sb.db, "select last_order_on from accounts where name = 'Solaris Energy Inc.'")[0].last_order_on).toBe('2026-04-15');
    const byId = join(sb.dir, 'by-id.csv');
    const solaris = query(sb.db, "select id from accounts where name = 'Solaris Energy Inc.'")[0].id;
    writeFileSync(byId, `Customer ID,Date,Total\n${solaris},2026-06-01,99\n`);
    expect(sb.json(['import', byId, '--kind', 'orders'])).toMatchObject({ created: 1 });
    expect(query(sb.db, 'select last_order_on from accounts where id = ?', solaris)[0].last_order_on).toBe('2026-06-01');
    expect(sb.json(['import', F('orders.csv'), '--kind', 'orders'])).toMatchObject({ created: 0, unchanged: 3 });
    sb.json(['import', 'undo', String(s.batchId)]);
    expect(counts(sb.db).orders).toBe(1);
    expect(query(sb.db, "select last_order_on from accounts where name = '深圳市华强电子有限公司'")[0].last_order_on).toBeNull();
  });

  // Ctrl-C (SIGINT) takes the same path — the transaction never commits; see reliability-bounds.test.ts.
  // Killed while its -wal file grows: the file's crash safety (a server rolls back a dropped connection).
  itSqlite('a killed import leaves the database exactly as before', async () => {
    const sig = 'SIGKILL';
    sb.json(['import', F('cards-gbk.csv'), '--country', 'CN']);
    const before = counts(sb.db);
    const indexesBefore = indexes(sb.db);
    const big = join(sb.dir, 'big.csv');
    writeBigLeads(big);
    const child = spawn(process.execPath, [BIN, '--db', sb.db, 'import', big, '--country', 'CN'], { stdio: 'ignore', env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined } as NodeJS.ProcessEnv });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
    // wait until the import is writing (its WAL grows), then kill it without warning
    await whenWriting(sb.db);
    child.kill(sig);
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    const d = openBook(sb.db);
    expect(d.integrity()).toBe('ok');
    d.close();
    expect(counts(sb.db)).toEqual(before);
    expect(indexes(sb.db)).toEqual(indexesBefore);
    expect(sb.json(['import', 'list']).map((b: any) => b.status)).toEqual(['done']);
  }, 90_000);
});
