// Issue 13, points 6 and 8: account add / contact add check the import's keys before creating a
// record; account and contact merges move everything and can be undone; doctor lists likely
// duplicates; a record keeps every name it was known under (rename, merge, import), and find,
// ACCOUNT resolution and the duplicate checks match them all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
// each run lets the test worker's event loop turn first: a long row of blocking runs would keep it
// from answering the test runner on a loaded machine
const turn = () => new Promise((r) => setImmediate(r));
const crm = async (...a: Parameters<Sandbox['crm']>) => (await turn(), sb.crm(...a));
const json = async (...a: Parameters<Sandbox['json']>) => (await turn(), sb.json(...a));
const ok = async (args: string[], embed?: { answers: string[] }) => {
  const r = await crm(args, embed ? { embed } : {});
  if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};
const names = async () => (await json(['account', 'list'])).map((a: any) => a.name);

beforeEach(() => {
  sb = sandbox();
  mkdirSync(join(sb.dir, 'crm'), { recursive: true });
  writeFileSync(join(sb.dir, 'crm', 'config.json'), JSON.stringify({ defaultCountry: 'CN' }));
});
afterEach(() => sb.cleanup());

describe('duplicates on manual entry (issue 13, point 6)', () => {
  it('account add refuses the same company under another legal form, email or phone, unless --force', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading Co., Ltd.', '--email', 'sales@acme.cn', '--phone', '0755-8888 1234']);
    await ok(['account', 'add', '--name', '深圳华为技术有限公司']);
    await ok(['account', 'add', '--name', 'Müller Maschinenbau GmbH']);
    for (const [name, extra, why] of [
      ['ACME TRADING B.V.', [], 'same company name'],
      ['Acme Trading BV', [], 'same company name'],
      ['Acme Trading', [], 'same company name'],
      ['深圳华为技术', [], 'same company name'],
      ['Müller Maschinenbau GmbH & Co. KG', [], 'same company name'],
      ['Acme Shenzhen', ['--email', 'SALES@acme.cn'], 'same email sales@acme.cn'],
      ['Acme HK', ['--phone', '+86 755 8888 1234'], 'same phone +8675588881234'],
    ] as [string, string[], string][]) {
      const r = await crm(['account', 'add', '--name', name, ...extra]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toContain(`"${name}" looks like account`);
      expect(r.stderr, name).toContain(why);
      expect(r.stderr, name).toContain('--force');
    }
    expect(await names()).toHaveLength(3);
    await ok(['account', 'add', '--name', 'Acme Trading BV', '--force']);
    expect(await names()).toContain('Acme Trading BV');
  });

  it('contact add refuses the same person by name at the account, Gmail key or E.164 mobile', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    await ok(['account', 'add', '--name', 'Beta Ltd']);
    await ok(['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zhang.wei@gmail.com', '--mobile', '13812345678']);
    const byName = await crm(['contact', 'add', 'Acme Trading', '--name', '张 伟']);
    expect(byName.code).toBe(1);
    expect(byName.stderr).toContain('same name at this account');
    const byGmail = await crm(['contact', 'add', 'Beta Ltd', '--name', 'Wei Zhang', '--email', 'ZhangWei+crm@googlemail.com']);
    expect(byGmail.code).toBe(1);
    expect(byGmail.stderr).toContain('looks like contact 1 "张伟 at Acme Trading" (same email zhangwei+crm@googlemail.com)');
    const byMobile = await crm(['contact', 'add', 'Beta Ltd', '--name', 'Z. Wei', '--mobile', '+86 138 1234 5678']);
    expect(byMobile.code).toBe(1);
    expect(byMobile.stderr).toContain('same phone +8613812345678');
    // a different person with the same name at another company is not a duplicate
    await ok(['contact', 'add', 'Beta Ltd', '--name', '张伟']);
    await ok(['contact', 'add', 'Beta Ltd', '--name', 'Z. Wei', '--mobile', '+86 138 1234 5678', '--force']);
    expect((await json(['contact', 'list'])).map((c: any) => c.name).sort()).toEqual(['Z. Wei', '张伟', '张伟']);
  });

  it('asks on a terminal: yes adds, no adds nothing', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    const no = await crm(['account', 'add', '--name', 'ACME TRADING LTD'], { embed: { answers: ['n'] } });
    expect(no.code).toBe(0);
    expect(no.stderr).toContain('looks like account 1 "Acme Trading" (same company name)');
    expect(no.stderr).toContain('nothing added');
    expect(await names()).toEqual(['Acme Trading']);
    await ok(['account', 'add', '--name', 'ACME TRADING LTD'], { answers: ['y'] });
    expect((await names()).sort()).toEqual(['ACME TRADING LTD', 'Acme Trading']);
  });

  it('account merge moves everything to A, keeps the differences visible, and is undone by crm undo', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen', '--tag', 'vip']);
    writeFileSync(join(sb.dir, 'leads.csv'), 'Name,Company,Email,City,Website\nAnna Schmidt,ACME Europe,anna@acme.eu,Hamburg,acme.eu\n');
    await ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    await ok(['log', 'ACME Europe', '--kind', 'call', '--summary', 'asked for prices', '--next', 'send price list', '--due', '2026-12-01']);
    await ok(['order', 'add', 'ACME Europe', '--amount', '1200', '--date', '2026-05-01']);
    await ok(['promise', 'add', 'ACME Europe', '--what', 'send samples', '--due', '2026-12-05']);
    await ok(['approach', 'ACME Europe', '--channel', 'call', '--outcome', 'interested', '--new-deal', '--title', 'pumps']);
    await ok(['account', 'edit', 'ACME Europe', '--tag', 'europe', '--tag', 'vip']);
    const due = (await json(['due', '--days', '400'])).items.filter((i: any) => i.accountId === 2);
    expect(due.length).toBeGreaterThan(0);
    await ok(['snooze', due[0].id, '--until', '2099-01-01']);
    const before = await json(['show', '2']);

    const r = await crm(['account', 'merge', 'Acme Trading', 'ACME Europe', '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m).toMatchObject({ kept: { id: 1 }, merged: { id: 2, name: 'ACME Europe' }, alias: 'ACME Europe' });
    // Shenzhen implies Guangdong, CN; Hamburg implies Hamburg, DE: the three differ
    expect(m.conflicts.map((c: any) => c.field)).toEqual(['city', 'region', 'country']);
    expect(m.conflicts[0]).toEqual({ field: 'city', kept: 'Shenzhen', other: 'Hamburg' });
    expect(await names()).toEqual(['Acme Trading']);
    const a = await json(['show', 'Acme Trading']);
    expect(a.contacts.map((c: any) => c.name)).toEqual(['Anna Schmidt']);
    expect(a.tags).toEqual(['europe', 'vip']);
    expect(a.website).toBe('acme.eu');
    expect(a.city).toBe('Shenzhen');
    expect(a.notes).toContain('city: Hamburg (kept Shenzhen)');
    expect(a.aliases).toEqual(['ACME Europe']);
    expect(a.orders.count).toBe(1);
    expect(a.deals.map((d: any) => d.title)).toEqual(['pumps']);
    expect(a.openPromises.map((p: any) => p.what)).toEqual(['send samples']);
    expect(a.timeline.map((e: any) => e.summary).join('\n')).toContain('asked for prices');
    // provenance and due state moved too
    expect(a.contacts[0]).toMatchObject({ accountId: 1 });
    expect((await json(['contact', 'list', '--batch', '1'])).map((c: any) => c.accountName)).toEqual(['Acme Trading']);
    // the snoozed item stays snoozed under its new id
    const after = (await json(['due', '--days', '400'])).items.map((i: any) => i.reason);
    expect(after).not.toContain(due[0].reason);
    // the old name still finds and names the account
    expect((await json(['find', 'ACME Europe'])).map((h: any) => h.id)).toEqual([1]);
    await ok(['log', 'ACME Europe', '--kind', 'email', '--summary', 'thanks']);
    expect((await json(['show', '1'])).timeline.map((e: any) => e.summary)).toContain('thanks');

    // undo: the later log on A stays, B comes back with everything it had
    const u = await crm(['undo', String(m.change)]);
    expect(u.code).toBe(0);
    const b = await json(['show', '2']);
    expect(b).toMatchObject({ name: 'ACME Europe', city: 'Hamburg', country: 'DE', tags: before.tags, website: 'acme.eu' });
    expect(b.contacts.map((c: any) => c.name)).toEqual(['Anna Schmidt']);
    expect(b.orders.count).toBe(1);
    expect(b.deals.map((d: any) => d.title)).toEqual(['pumps']);
    expect(b.timeline.map((e: any) => e.summary).join('\n')).toContain('asked for prices');
    const a2 = await json(['show', '1']);
    expect(a2).toMatchObject({ city: 'Shenzhen', country: 'CN', tags: ['vip'], aliases: [], contacts: [], website: null, notes: null });
    expect(a2.timeline.map((e: any) => e.summary)).toContain('thanks');
    expect((await json(['find', 'ACME Europe'])).map((h: any) => h.id)).toEqual([2]);
  });

  it('contact merge joins two records of one person and keeps the other name', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    await ok(['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zw@acme.cn', '--title', '采购经理']);
    await ok(['contact', 'add', 'Acme Trading', '--name', 'Zhang Wei', '--mobile', '13812345678', '--title', 'Purchasing Manager', '--hobbies', 'golf']);
    await ok(['promise', 'add', 'Acme Trading', '--what', 'call back', '--to', '13812345678']);
    const r = await json(['contact', 'merge', 'zw@acme.cn', 'Zhang Wei']);
    expect(r).toMatchObject({ kept: { id: 1 }, merged: { id: 2 }, alias: 'Zhang Wei', filled: ['hobbies', 'notes'].filter((f) => f !== 'notes') });
    const c = await json(['contact', 'list']);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ name: '张伟', aliases: ['Zhang Wei'], hobbies: 'golf', emails: ['zw@acme.cn'], phones: ['+8613812345678'] });
    expect(c[0].notes).toContain('title: Purchasing Manager (kept 采购经理)');
    expect((await json(['find', 'zhang wei'])).map((h: any) => h.id)).toEqual([1]);
    expect((await crm(['undo'])).code).toBe(0);
    expect((await json(['contact', 'list'])).map((x: any) => x.name).sort()).toEqual(['Zhang Wei', '张伟']);
  });

  it('doctor lists likely duplicates without counting them as problems', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    await ok(['account', 'add', '--name', 'ACME TRADING CO., LTD.', '--force']);
    await ok(['account', 'add', '--name', 'Beta', '--email', 'info@beta.de']);
    await ok(['account', 'add', '--name', 'Beta Maschinen', '--email', 'INFO@beta.de', '--force']);
    const r = await crm(['doctor', '--json']);
    expect(r.code).toBe(0);
    const found = JSON.parse(r.stdout).findings.filter((f: any) => f.check === 'duplicates');
    expect(found.map((f: any) => f.message)).toEqual([
      'likely the same account (same name): #1 "Acme Trading", #2 "ACME TRADING CO., LTD."',
      'likely the same account (same email info@beta.de): #3 "Beta", #4 "Beta Maschinen"',
    ]);
    expect(found[0].hint).toBe('if so: crm account merge 1 2');
  });
});

describe('name forms are kept (issue 13, point 8)', () => {
  it('contact edit --name and account edit --name keep the former name, matched everywhere', async () => {
    await ok(['account', 'add', '--name', 'Huanan Electronics']);
    await ok(['contact', 'add', 'Huanan Electronics', '--name', 'Anna Schmidt', '--email', 'anna@huanan.cn']);
    await ok(['contact', 'edit', 'anna@huanan.cn', '--name', 'Anna Weber']);
    await ok(['account', 'edit', 'Huanan Electronics', '--name', '华南电子有限公司']);
    const f = await json(['show', '华南电子有限公司']);
    expect(f.aliases).toEqual(['Huanan Electronics']);
    expect(f.contacts[0]).toMatchObject({ name: 'Anna Weber', aliases: ['Anna Schmidt'] });
    // find and ACCOUNT resolution by the former names
    expect((await json(['find', 'Anna Schmidt'])).map((h: any) => h.id)).toEqual([1]);
    expect((await json(['find', 'Huanan'])).map((h: any) => h.id)).toEqual([1]);
    await ok(['log', 'Huanan Electronics', '--kind', 'call', '--summary', 'by the old name']);
    expect((await json(['contact', 'list']))[0].name).toBe('Anna Weber');
    await ok(['contact', 'edit', 'Anna Schmidt', '--title', 'CFO']);
    expect((await json(['contact', 'list']))[0].title).toBe('CFO');
    // the duplicate checks know them: neither old name can be added again by accident
    const acc = await crm(['account', 'add', '--name', 'Huanan Electronics Co., Ltd.']);
    expect(acc.code).toBe(1);
    expect(acc.stderr).toContain('known as "Huanan Electronics"');
    const person = await crm(['contact', 'add', '华南电子有限公司', '--name', 'Anna Schmidt']);
    expect(person.code).toBe(1);
    expect(person.stderr).toContain('known as "Anna Schmidt"');
    // renaming back makes the alias the name again, and the name an alias
    await ok(['contact', 'edit', '1', '--name', 'Anna Schmidt']);
    expect((await json(['contact', 'list']))[0]).toMatchObject({ name: 'Anna Schmidt', aliases: ['Anna Weber'] });
    // a mistyped other name can be dropped; one it does not have is refused, naming those it has
    const wrong = await crm(['contact', 'edit', '1', '--drop-alias', 'Anna Smith']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('"Anna Smith" is not another name of contact 1 (its other names: "Anna Weber")');
    await ok(['contact', 'edit', '1', '--drop-alias', 'anna  weber']);
    await ok(['account', 'edit', '1', '--drop-alias', 'Huanan Electronics']);
    expect(await json(['find', 'Anna Weber'])).toEqual([]);
    expect(await json(['find', 'Huanan Electronics'])).toEqual([]);
    expect((await json(['show', '1'])).aliases).toEqual([]);
  });

  it('an account an import created is found by the other name a later row of the same file gave it', async () => {
    writeFileSync(
      join(sb.dir, 'two.csv'),
      'Name,Company,Website,Email\nAnna Berg,Nordwind Handel GmbH,nordwind.example,anna@nordwind.example\nBo Li,Nordwind Trading Ltd,nordwind.example,bo@nordwind.example\n',
    );
    await ok(['import', join(sb.dir, 'two.csv'), '-q']);
    expect((await json(['show', '1'])).aliases).toEqual(['Nordwind Trading Ltd']);
    expect((await json(['find', 'Nordwind Trading'])).map((h: any) => h.id)).toEqual([1]);
  });

  it('an import keeps the romanised name of a known person and matches it the next time', async () => {
    await ok(['account', 'add', '--name', '华南电子有限公司']);
    await ok(['contact', 'add', '华南电子有限公司', '--name', '张伟', '--email', 'zw@huanan.cn']);
    writeFileSync(join(sb.dir, 'en.csv'), 'Name,Company,Email,Title\nZhang Wei,Huanan Electronics Co. Ltd,zw@huanan.cn,Purchasing Manager\n');
    await ok(['import', join(sb.dir, 'en.csv'), '-q']);
    const f = await json(['show', '1']);
    expect(f.contacts).toHaveLength(1);
    expect(f.contacts[0]).toMatchObject({ name: '张伟', aliases: ['Zhang Wei'], title: 'Purchasing Manager' });
    expect(f.aliases).toEqual(['Huanan Electronics Co. Ltd']);
    expect((await json(['find', 'Zhang Wei'])).map((h: any) => h.id)).toEqual([1]);
    // the company's other name is in the search text too (it was not on a server: only the pinyin of 张伟 matched)
    expect((await json(['find', 'Huanan Electronics'])).map((h: any) => h.id)).toEqual([1]);
    await ok(['log', 'Huanan Electronics', '--kind', 'email', '--summary', 'resolved by the English name']);
    // a later file with only the English names (no email) finds the same person and company
    writeFileSync(join(sb.dir, 'en2.csv'), 'Name,Company,Department\nZhang Wei,Huanan Electronics,Purchasing\n');
    const r = await json(['import', join(sb.dir, 'en2.csv')]);
    expect(r).toMatchObject({ created: 0, merged: 1 });
    expect(await json(['account', 'list'])).toHaveLength(1);
    expect((await json(['contact', 'list']))[0]).toMatchObject({ name: '张伟', department: 'Purchasing' });
    // undoing the first import takes its names back
    await ok(['import', 'undo', '2']);
    await ok(['import', 'undo', '1']);
    expect(await json(['show', '1'])).toMatchObject({ aliases: [] });
    expect((await json(['show', '1'])).contacts[0].aliases).toEqual([]);
  });
});
