// Issue 13 "Trust the record", points 7, 9, 11, 12, 13 and 14, on the built CLI: what the user
// typed or imported is found again under any of its spellings, and nothing is written or stored
// that the user did not mean.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox('crm-trust-');
});
afterEach(() => sb.cleanup());

function ok(args: string[], opts: { asOf?: string } = {}): string {
  const r = sb.crm(opts.asOf ? ['--as-of', opts.asOf, ...args] : args);
  if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

function config(obj: unknown): void {
  writeFileSync(join(sb.dir, 'crm-config.json'), JSON.stringify(obj));
}
const withConfig = (args: string[]) => ['--config', join(sb.dir, 'crm-config.json'), ...args];

function csv(name: string, text: string): string {
  const f = join(sb.dir, name);
  writeFileSync(f, text);
  return f;
}

describe('7. account resolution: an exact name, email or phone wins over partial matches', () => {
  it('"Acme Trading" is the account of that name, though "Acme Trading Co., Ltd." shares its key', () => {
    const plain = Number(ok(['account', 'add', '--name', 'Acme Trading']));
    // the same key: the duplicate check (issue 13, point 6) wants --force off a terminal
    const ltd = Number(ok(['account', 'add', '--name', 'Acme Trading Co., Ltd.', '--force']));
    const r = sb.crm(['log', 'Acme Trading', '--kind', 'call', '--summary', 'price list']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.json(['show', String(plain)]).timeline.map((t: any) => t.summary)).toContain('price list');
    expect(sb.json(['show', 'Acme Trading Co., Ltd.']).id).toBe(ltd);
    expect(sb.json(['show', 'acme trading']).id).toBe(plain);
  });

  it('a contact of exactly that name wins over a longer name that contains it', () => {
    const alpha = Number(ok(['account', 'add', '--name', 'Alpha Lighting']));
    ok(['account', 'add', '--name', 'Beta Lamps']);
    ok(['contact', 'add', 'Alpha Lighting', '--name', 'Li Na']);
    ok(['contact', 'add', 'Beta Lamps', '--name', 'Li Nan']);
    expect(sb.json(['show', 'Li Na']).id).toBe(alpha);
  });

  it('still refuses, listing both, when two accounts have the very same name', () => {
    ok(['account', 'add', '--name', 'Delta', '--city', 'Shenzhen']);
    ok(['account', 'add', '--name', 'Delta', '--city', 'Berlin', '--force']);
    const r = sb.crm(['show', 'Delta']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/matches 2 accounts.*Shenzhen.*Berlin/);
  });
});

describe('9. phones typed by hand are E.164 from the account country, else defaultCountry', () => {
  it('finds 13812345678 typed at a Chinese account as +8613812345678, and an import does not store it twice', () => {
    ok(['account', 'add', '--name', '华南电子', '--country', 'CN']);
    ok(['contact', 'add', '华南电子', '--name', '张伟', '--mobile', '13812345678']);
    const hits = sb.json(['find', '+8613812345678']);
    expect(hits.map((h: any) => h.name)).toEqual(['华南电子']);
    expect(hits[0].phones).toEqual(['+8613812345678']);
    expect(sb.json(['show', '+8613812345678']).name).toBe('华南电子');

    const f = csv('cards.csv', 'Name,Company,Mobile\n张伟,华南电子,+86 138 1234 5678\n');
    ok(['import', f]);
    const people = sb.json(['contact', 'list']);
    expect(people).toHaveLength(1);
    expect(people[0].phones).toEqual(['+8613812345678']);
  });

  it('uses the configured defaultCountry for an account without a country', () => {
    config({ defaultCountry: 'DE' });
    ok(withConfig(['account', 'add', '--name', 'Müller GmbH']));
    ok(withConfig(['contact', 'add', 'Müller GmbH', '--name', 'Hans Müller', '--phone', '030 1234567']));
    expect(sb.json(withConfig(['contact', 'list']))[0].phones).toEqual(['+49301234567']);
  });

  it('doctor lists numbers stored without a country code and --fix rewrites them', () => {
    ok(['account', 'add', '--name', 'Old Account']);
    ok(['contact', 'add', 'Old Account', '--name', 'Wang Fang', '--mobile', '13912345678']);
    expect(sb.json(['contact', 'list'])[0].phones).toEqual(['13912345678']);
    ok(['account', 'edit', 'Old Account', '--country', 'CN']);
    const before = sb.crm(['doctor', '--json']);
    expect(before.code).toBe(1);
    const finding = JSON.parse(before.stdout).findings.find((x: any) => x.check === 'phone-country');
    expect(finding).toMatchObject({ count: 1, fixable: true });
    expect(finding.message).toContain('13912345678 → +8613912345678');
    expect(sb.crm(['doctor', '--fix']).code).toBe(0);
    expect(sb.json(['contact', 'list'])[0].phones).toEqual(['+8613912345678']);
    expect(sb.json(['find', '+8613912345678'])).toHaveLength(1);
    expect(sb.crm(['doctor']).code).toBe(0);
  });
});

describe('11. holiday greetings follow the contact country or culture', () => {
  function book() {
    ok(['account', 'add', '--name', '华南电子', '--country', 'CN']);
    ok(['contact', 'add', '华南电子', '--name', '张伟']);
    ok(['account', 'add', '--name', 'Müller GmbH', '--country', 'DE']);
    ok(['contact', 'add', 'Müller GmbH', '--name', 'Hans Müller']);
    ok(['account', 'add', '--name', 'Hanse Import', '--country', 'DE']);
    ok(['contact', 'add', 'Hanse Import', '--name', '王芳']);
    for (const a of ['华南电子', 'Müller GmbH', 'Hanse Import']) ok(['order', 'add', a, '--amount', '1000', '--date', '2026-03-01']);
  }
  const names = (args: string[]) => sb.json(args).map((r: any) => r.name).sort();

  it('Mid-Autumn for Chinese contacts (by country or by the script of their name), Christmas for European ones', () => {
    book();
    expect(names(['--as-of', '2026-09-20', 'greetings', '--holiday', 'mid-autumn'])).toEqual(['张伟', '王芳']);
    expect(names(['--as-of', '2026-12-20', 'greetings', '--holiday', 'christmas'])).toEqual(['Hans Müller', '王芳']);
    expect(names(['--as-of', '2026-09-20', 'greetings', '--holiday', 'national-day'])).toEqual(['张伟']);
    expect(names(['--as-of', '2026-12-20', 'greetings', '--holiday', 'new-year'])).toEqual(['Hans Müller', '张伟', '王芳']);
  });

  it('is configurable: cultures, and which holiday is for whom', () => {
    book();
    // Christmas for Chinese contacts too; the name's script no longer counts (Han: null)
    config({ holidays: { audiences: { christmas: { cultures: ['western', 'chinese'] } }, scripts: { Han: null } } });
    expect(names(withConfig(['--as-of', '2026-12-20', 'greetings', '--holiday', 'christmas']))).toEqual(['Hans Müller', '张伟', '王芳']);
    expect(names(withConfig(['--as-of', '2026-09-20', 'greetings', '--holiday', 'mid-autumn']))).toEqual(['张伟']);
  });

  it('the due list shows no greeting item that nobody on the list keeps', () => {
    ok(['account', 'add', '--name', '华南电子', '--country', 'CN']);
    ok(['contact', 'add', '华南电子', '--name', '张伟']);
    ok(['order', 'add', '华南电子', '--amount', '1000', '--date', '2026-03-01']);
    const ids = (asOf: string) => sb.json(['--as-of', asOf, 'due', '--limit', '0']).items.map((i: any) => i.id);
    expect(ids('2026-12-23')).not.toContain('holiday:christmas:2026');
    expect(ids('2026-12-23')).toContain('holiday:new-year:2027');
    expect(ids('2026-09-20')).toContain('holiday:mid-autumn:2026');
  });
});

describe('12. crm plan visits is a preview unless --save; saved plans can be deleted', () => {
  function accounts() {
    for (const [name, city] of [['Alpha', 'Shenzhen'], ['Beta', 'Guangzhou']]) ok(['account', 'add', '--name', name!, '--city', city!, '--strategic']);
  }

  it('writes nothing without --save', () => {
    accounts();
    const p = sb.json(['--as-of', '2026-11-23', 'plan', 'visits', '--days', '1']);
    expect(p.visits.length).toBe(2);
    expect(p.planId).toBeNull();
    expect(p.visits.every((v: any) => v.visitId === null)).toBe(true);
    expect(sb.json(['plan', 'list'])).toEqual([]);
    expect(sb.crm(['plan', 'show']).code).toBe(1);
    const r = sb.crm(['--as-of', '2026-11-23', 'plan', 'visits', '--days', '1']);
    expect(r.stderr).toContain('preview');
    expect(sb.json(['plan', 'list'])).toEqual([]);
  });

  it('saves with --save, and deletes a saved plan (asking for --yes off a terminal), keeping logged visits', () => {
    accounts();
    const p = sb.json(['--as-of', '2026-11-23', 'plan', 'visits', '--days', '1', '--save']);
    expect(p.planId).toBeGreaterThan(0);
    expect(sb.json(['plan', 'list']).map((x: any) => x.id)).toEqual([p.planId]);
    ok(['plan', 'done', String(p.visits[0].visitId), '--note', 'met the buyer'], { asOf: '2026-11-23' });
    const refused = sb.crm(['plan', 'delete', String(p.planId)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(sb.json(['plan', 'list'])).toHaveLength(1);
    const del = sb.json(['plan', 'delete', String(p.planId), '--yes']);
    expect(del).toMatchObject({ planId: p.planId, visits: 2, logged: 1 });
    expect(sb.json(['plan', 'list'])).toEqual([]);
    expect(sb.json(['show', String(p.visits[0].accountId)]).timeline.map((t: any) => t.summary)).toContain('met the buyer');
    expect(sb.crm(['plan', 'delete', String(p.planId), '--yes']).code).toBe(1);
  });
});

describe('13. addresses fill city and region; 深圳 and Shenzhen are one place', () => {
  it('reads city, region and postcode from imported addresses when the columns are missing', () => {
    const f = csv(
      'leads.csv',
      [
        'Company,Contact,Address',
        '华南电子,张伟,深圳市南山区科技园南区8栋',
        '长安五金,李强,广东省东莞市长安镇振安路1号',
        'Berliner Licht GmbH,Anna Schmidt,"Unter den Linden 1, 10115 Berlin"',
        'Bayern Lampen,Max Huber,"Marienplatz 8, 80331 München, Germany"',
      ].join('\n') + '\n',
    );
    ok(['import', f]);
    const by = Object.fromEntries(sb.json(['export', 'accounts', '--format', 'json']).map((a: any) => [a.name, a]));
    expect(by['华南电子']).toMatchObject({ city: '深圳', region: '广东', country: 'CN' });
    expect(by['长安五金']).toMatchObject({ city: '东莞', region: '广东' });
    expect(by['Berliner Licht GmbH']).toMatchObject({ city: 'Berlin', region: 'Berlin', postcode: '10115', country: 'DE' });
    expect(by['Bayern Lampen']).toMatchObject({ city: 'München', region: 'Bayern', postcode: '80331', country: 'DE' });
  });

  it('--city and --region find every spelling of the place', () => {
    ok(['account', 'add', '--name', 'Written Latin', '--city', 'Shenzhen', '--region', 'Guangdong']);
    ok(['account', 'add', '--name', 'Written Chinese', '--city', '深圳市', '--region', '广东省']);
    ok(['account', 'add', '--name', 'Elsewhere', '--city', 'Dongguan']);
    const list = (args: string[]) => sb.json(['account', 'list', ...args]).map((a: any) => a.name).sort();
    expect(list(['--city', 'Shenzhen'])).toEqual(['Written Chinese', 'Written Latin']);
    expect(list(['--city', '深圳'])).toEqual(['Written Chinese', 'Written Latin']);
    expect(list(['--region', '广东'])).toEqual(['Elsewhere', 'Written Chinese', 'Written Latin']);
    expect(sb.json(['contact', 'list', '--city', 'shenzhen'])).toEqual([]);
  });

  it('a visit plan puts 深圳 and Shenzhen on the same day, and --city takes either spelling', () => {
    ok(['account', 'add', '--name', 'Latin', '--city', 'Shenzhen', '--strategic']);
    ok(['account', 'add', '--name', 'Chinese', '--city', '深圳', '--strategic']);
    ok(['account', 'add', '--name', 'Best Elsewhere', '--city', 'Dongguan', '--strategic', '--demand', '5000']);
    const p = sb.json(['--as-of', '2026-11-23', 'plan', 'visits', '--from', '2026-11-24', '--days', '2', '--per-day', '2']);
    const day = (name: string) => p.visits.find((v: any) => v.account === name).day;
    expect(p.visits).toHaveLength(3);
    expect(day('Latin')).toBe(day('Chinese'));
    expect(day('Best Elsewhere')).not.toBe(day('Latin'));
    const city = sb.json(['--as-of', '2026-11-23', 'plan', 'visits', '--city', '深圳', '--days', '1']);
    expect(city.visits.map((v: any) => v.account).sort()).toEqual(['Chinese', 'Latin']);
  });
});

describe('14. lead sources: every source word maps; an unknown one is a warning', () => {
  it('maps English, Chinese and variant spellings on import, and warns on stderr about the rest', () => {
    const f = csv(
      'sources.csv',
      [
        'Company,Source',
        'A1,继承',
        'A2,展会',
        'A3,转介绍',
        'A4,Trade Show',
        "A5,Competitor's customer",
        'A6,黄页',
        'A7,老客户',
        'A8,陌拜',
        'A9,Canton Fair',
      ].join('\n') + '\n',
    );
    const r = sb.crm(['import', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*"Canton Fair" is not a known lead source.*known: trade-show, referral.*inherited/);
    const src = Object.fromEntries(sb.json(['account', 'list']).map((a: any) => [a.name, a.source]));
    expect(src).toEqual({
      A1: 'inherited',
      A2: 'trade-show',
      A3: 'referral',
      A4: 'trade-show',
      A5: 'competitor-customer',
      A6: 'directory',
      A7: 'existing-customer',
      A8: 'cold-visit',
      A9: 'Canton Fair',
    });
    expect(sb.json(['account', 'list', '--source', '展会']).map((a: any) => a.name).sort()).toEqual(['A2', 'A4']);
  });

  it('warns about an unknown --source on account add and import, and keeps what was typed', () => {
    const known = sb.crm(['account', 'add', '--name', 'Inherited Co', '--source', '继承']);
    expect(known.stderr).not.toContain('warning');
    const r = sb.crm(['account', 'add', '--name', 'Odd Co', '--source', 'pigeon post']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --source: "pigeon post" is not a known lead source.*known: .*trade-show/);
    const src = Object.fromEntries(sb.json(['account', 'list']).map((a: any) => [a.name, a.source]));
    expect(src).toEqual({ 'Inherited Co': 'inherited', 'Odd Co': 'pigeon post' });
    const f = csv('x.csv', 'Company\nZ1\n');
    expect(sb.crm(['import', f, '--source', 'carrier pigeon']).stderr).toContain('"carrier pigeon" is not a known lead source');
  });
});
