// Issue 18 points 6 and 8: pinyin search and caller ID; vCard export with UID and REV that
// re-imports as a merge, and a vdir of one file per contact.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

describe('find: pinyin and caller ID (18.6)', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-pinyin-');
    sb.crm(['account', 'add', '--name', '华南电子有限公司', '--city', '深圳']);
    sb.crm(['contact', 'add', '华南电子', '--name', '张伟', '--title', '采购经理', '--mobile', '+8613812345678']);
    sb.crm(['account', 'add', '--name', '陈平', '--kind', 'individual']);
    sb.crm(['account', 'add', '--name', 'Zhang Industrial GmbH', '--city', 'Berlin']);
  });
  afterEach(() => sb.cleanup());

  const names = (args: string[]) => sb.json(['find', ...args]).map((h: any) => h.name);

  it('full pinyin, spaced pinyin and initials find 张伟', () => {
    expect(names(['zhangwei'])).toEqual(['华南电子有限公司']);
    expect(names(['zhang', 'wei'])).toEqual(['华南电子有限公司']);
    expect(names(['zw'])).toEqual(['华南电子有限公司']);
    expect(names(['ZhangWei'])).toEqual(['华南电子有限公司']);
    expect(names(['chenping'])).toEqual(['陈平']);
    expect(names(['cp'])).toContain('陈平');
    // company names too
    expect(names(['huanan'])).toEqual(['华南电子有限公司']);
    // a Latin name is still found as before
    expect(names(['zhang', 'industrial'])).toEqual(['Zhang Industrial GmbH']);
  });

  it('a contact added later is found by pinyin; a former name keeps its pinyin until it is dropped', () => {
    sb.crm(['contact', 'add', '华南电子', '--name', '李娜']);
    expect(names(['lina'])).toEqual(['华南电子有限公司']);
    sb.crm(['account', 'edit', '陈平', '--name', '王芳']);
    expect(names(['wangfang'])).toEqual(['王芳']);
    // the former name is kept as another name (issue 13, point 8), found in pinyin like the name
    expect(names(['chenping'])).toEqual(['王芳']);
    expect(sb.crm(['account', 'edit', '王芳', '--drop-alias', '陈平']).code).toBe(0);
    expect(names(['chenping'])).toEqual([]);
  });

  it('a full E.164 number is caller ID: the account and the contact it belongs to', () => {
    const r = sb.crm(['find', '+8613812345678']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('+8613812345678 is 张伟 (采购经理) at 华南电子有限公司');
    const hits = sb.json(['find', '+86 138 1234 5678']);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ name: '华南电子有限公司', callerId: { number: '+8613812345678', contact: '张伟', title: '采购经理' } });
    // an unknown full number falls back to the ordinary search (nothing here)
    expect(sb.json(['find', '+8613900000000'])).toEqual([]);
  });
});

describe('vCard export and re-import (18.8)', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-vcard-');
    sb.crm(['account', 'add', '--name', 'Acme Trading']);
    sb.crm(['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zw@acme.cn', '--mobile', '+8613812345678']);
    sb.crm(['contact', 'add', 'Acme Trading', '--name', 'Anna Schmidt', '--email', 'anna@acme.de']);
  });
  afterEach(() => sb.cleanup());

  it('every card has a UID and a REV', () => {
    const r = sb.crm(['export', 'contacts', '--format', 'vcard']);
    expect(r.code).toBe(0);
    const cards = r.stdout.split('END:VCARD').filter((c) => c.includes('BEGIN:VCARD'));
    expect(cards).toHaveLength(2);
    for (const c of cards) {
      expect(c).toMatch(/\r\nUID:crm-contact-\d+-[0-9a-z]+@crm\r\n/);
      expect(c).toMatch(/\r\nREV:\d{8}T\d{6}Z\r\n/);
    }
    const uids = cards.map((c) => /UID:(.*)\r/.exec(c)![1]);
    expect(new Set(uids).size).toBe(2);
    // stable: the same contact has the same UID in the next export
    expect(sb.crm(['export', 'contacts', '--format', 'vcard']).stdout).toContain(uids[0]);
  });

  it('--dir writes one .vcf file per contact, named by its UID', () => {
    const dir = join(sb.dir, 'vdir');
    const r = sb.crm(['export', 'contacts', '--format', 'vcard', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.match(/BEGIN:VCARD/g)).toHaveLength(1);
      expect(f).toBe(`${/UID:(.*)\r/.exec(text)![1]}.vcf`);
    }
    expect(sb.crm(['export', 'accounts', '--dir', dir]).code).toBe(2);
  });

  it('exporting and re-importing merges into the same contacts, even with new emails and phones', () => {
    const file = join(sb.dir, 'contacts.vcf');
    expect(sb.crm(['export', 'contacts', '--format', 'vcard', '--out', file]).code).toBe(0);
    const again = sb.crm(['import', file, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(sb.json(['contact', 'list'])).toHaveLength(2);
    // edited elsewhere (khard): email, phone, written name and company all changed; only the UID
    // still ties the card to 张伟 (without it, this would be a new person)
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('zw@acme.cn', 'zhang.wei@new-mail.cn')
        .replace('+8613812345678', '+8613900001111')
        .replace('FN:张伟', 'FN:Wei Zhang')
        .replace('N:张;伟;;;', 'N:Zhang;Wei;;;')
        .replace(/ORG:Acme Trading/g, 'ORG:Acme Trading Group'),
    );
    const summary = sb.json(['import', file]);
    expect(summary).toMatchObject({ created: 0 });
    const people = sb.json(['contact', 'list']);
    expect(people).toHaveLength(2);
    const zw = people.find((p: any) => p.emails.includes('zw@acme.cn'));
    expect(zw.emails).toEqual(expect.arrayContaining(['zw@acme.cn', 'zhang.wei@new-mail.cn']));
  });

  it("another book's UID does not capture a contact with the same id", () => {
    const other = sandbox('crm-vcard-other-');
    try {
      other.crm(['account', 'add', '--name', 'Other Co']);
      other.crm(['contact', 'add', 'Other Co', '--name', 'Li Na', '--email', 'lina@other.cn']);
      const file = join(other.dir, 'other.vcf');
      other.crm(['export', 'contacts', '--format', 'vcard', '--out', file]);
      sb.json(['import', file]);
      expect(sb.json(['contact', 'list']).map((p: any) => p.name).sort()).toEqual(['Anna Schmidt', 'Li Na', '张伟']);
    } finally {
      other.cleanup();
    }
  });
});
