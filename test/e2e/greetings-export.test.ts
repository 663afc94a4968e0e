import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

describe('crm export greetings: the holiday mail merge', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
  });
  afterEach(() => sb.cleanup());

  it('lists the contacts of customers due a Mid-Autumn greeting, with salutation and address', () => {
    sb.crm(['account', 'add', '--name', '华南电子有限公司', '--city', '深圳', '--address', '科技园路88号']);
    sb.crm(['contact', 'add', '华南电子', '--name', '张伟', '--email', 'zw@huanan.cn']);
    expect(sb.crm(['order', 'add', '华南电子', '--amount', '5000', '--date', '2026-06-01']).code).toBe(0);
    sb.crm(['account', 'add', '--name', 'Just A Lead 照明', '--city', '广州']);
    sb.crm(['contact', 'add', 'Just A Lead', '--name', '李明', '--email', 'li.ming@lead.cn']);
    // a European customer keeps Christmas, not Mid-Autumn (holiday greetings follow the culture)
    sb.crm(['account', 'add', '--name', 'Licht GmbH', '--city', 'Berlin']);
    sb.crm(['contact', 'add', 'Licht GmbH', '--name', 'Anna Schmidt', '--email', 'anna@licht.de']);
    expect(sb.crm(['order', 'add', 'Licht GmbH', '--amount', '900', '--date', '2026-06-01']).code).toBe(0);

    const r = sb.crm(['--as-of', '2026-09-20', 'export', 'greetings', '--holiday', 'mid-autumn']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.name)).toEqual(['张伟']);
    expect(rows[0]).toMatchObject({ company: '华南电子有限公司', email: 'zw@huanan.cn', address: '科技园路88号', city: '深圳', date: '2026-09-25' });
    expect(rows[0]!.salutation).toContain('张');

    const all = sb.json(['--as-of', '2026-09-20', 'export', 'greetings', '--holiday', 'mid-autumn', '--all-accounts']);
    expect(all.map((x: any) => x.name).sort()).toEqual(['张伟', '李明'].sort());
  });
});
