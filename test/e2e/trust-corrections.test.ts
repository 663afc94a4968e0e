// Issue 13, point 4, on the built CLI: every record can be corrected or deleted (asking first on
// a terminal, --yes off one), promises and next steps move in place, won or lost deals reopen,
// and a deal still moves back a stage with --force.
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { dated } from '../helpers/dated.js';

let sb: Sandbox;
afterEach(() => sb?.cleanup());

const { ok, json, due } = dated(() => sb, '2026-11-20');

describe('4. fixing mistakes', () => {
  it('edits and deletes an interaction, with the next steps it set; deleting asks first, and off a terminal needs --yes', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme']);
    const id = (await ok(['log', 'Acme', '--kind', 'call', '--summary', 'asked for prices', '--next', 'send samples', '--due', '2026-11-22'])).stdout.trim();
    await ok(['log', 'edit', id, '--summary', 'asked for prices and lead times', '--date', '2026-11-19', '--kind', 'visit']);
    expect((await json(['log', 'list', 'Acme']))[0]).toMatchObject({ id: Number(id), on: '2026-11-19', kind: 'visit', summary: 'asked for prices and lead times' });
    expect((await due('2026-11-22')).find((i) => i.kind === 'next-step')!.reason).toBe('promised next step from the visit on 2026-11-19: send samples');

    const refused = sb.crm(['log', 'delete', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const no = sb.crm(['log', 'delete', id], { embed: { answers: ['n'] } });
    expect(no.code).toBe(0);
    expect(no.stderr).toContain('nothing deleted');
    expect((await json(['log', 'list', 'Acme']))).toHaveLength(1);

    const yes = sb.crm(['log', 'delete', id], { embed: { answers: ['y'] } });
    expect(yes.code).toBe(0);
    expect(yes.stderr).toContain('send samples');
    expect((await json(['log', 'list', 'Acme']))).toEqual([]);
    expect((await due('2026-11-22')).filter((i) => i.kind === 'next-step')).toEqual([]);
    expect((await json(['next', 'list', 'Acme', '--all']))).toEqual([]);
  });

  it('edits an order field by field and deletes it; the last order date follows', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme']);
    const first = (await ok(['order', 'add', 'Acme', '--amount', '1000', '--date', '2026-10-01', '--currency', 'EUR', '--product', 'panels'])).stdout.trim();
    const second = (await ok(['order', 'add', 'Acme', '--amount', '500', '--date', '2026-11-01'])).stdout.trim();
    await ok(['order', 'edit', first, '--amount', '1200', '--reference', 'PO-7']);
    expect((await json(['order', 'list', 'Acme'])).find((o: { id: number }) => o.id === Number(first))).toMatchObject({ amount: 1200, currency: 'EUR', product: 'panels', reference: 'PO-7', orderedOn: '2026-10-01' });
    expect(sb.crm(['order', 'delete', second]).code).toBe(2);
    await ok(['order', 'delete', second, '--yes']);
    expect((await json(['order', 'list', 'Acme'])).map((o: { id: number }) => o.id)).toEqual([Number(first)]);
    expect((await json(['show', 'Acme'])).lastOrderOn).toBe('2026-10-01');
  });

  it('edits, reschedules in place, cancels and deletes promises', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme']);
    await ok(['promise', 'add', 'Acme', '--what', 'quote', '--due', '2026-11-22']);
    await ok(['promise', 'add', 'Acme', '--what', 'test report', '--due', '2026-11-22']);
    const [quote, report] = ((await json(['promise', 'list'])) as { id: number }[]).map((p) => p.id);
    await ok(['promise', 'reschedule', String(quote), '--due', '2026-11-30']);
    await ok(['promise', 'edit', String(quote), '--what', 'quote for 400 units']);
    expect((await due('2026-11-22')).map((i) => i.id)).not.toContain(`promise:${quote}`);
    const moved = (await due('2026-11-28')).find((i) => i.id === `promise:${quote}`)!;
    expect(moved.dueOn).toBe('2026-11-30');
    expect(moved.reason).toContain('quote for 400 units');

    await ok(['promise', 'cancel', String(report)]);
    expect((await json(['promise', 'list'])).find((p: { id: number }) => p.id === report).status).toBe('cancelled');
    expect((await due('2026-11-22')).map((i) => i.id)).not.toContain(`promise:${report}`);
    await ok(['promise', 'delete', String(report), '--yes']);
    expect((await json(['promise', 'list'])).map((p: { id: number }) => p.id)).toEqual([quote]);
  });

  it('reschedules and cancels a next step in place', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme']);
    await ok(['log', 'Acme', '--kind', 'call', '--next', 'send samples', '--due', '2026-11-22']);
    const step = (await due('2026-11-22')).find((i) => i.kind === 'next-step')!.id;
    await ok(['next', 'reschedule', step, '--due', '2026-11-30']);
    expect((await due('2026-11-29')).map((i) => i.id)).not.toContain(step);
    expect((await due('2026-11-30')).find((i) => i.id === step)!.dueOn).toBe('2026-11-30');
    await ok(['next', 'cancel', step, '--note', 'they buy locally now']);
    expect((await due('2026-11-30')).map((i) => i.id)).not.toContain(step);
    expect((await json(['next', 'list', 'Acme', '--all']))[0]).toMatchObject({ id: step, status: 'cancelled', note: 'they buy locally now' });
  });

  it('edits, reopens and deletes deals; a move back a stage still needs --force, and the error says so', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme']);
    await ok(['approach', 'Acme', '--channel', 'call', '--outcome', 'interested']);
    await ok(['qualify', 'Acme', '--budget', '8000']);
    await ok(['propose', 'Acme', '--amount', '7500']);
    const back = sb.crm(['qualify', 'Acme', '--situation', 'new buyer']);
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/moving it back to qualify needs --force/);
    await ok(['qualify', 'Acme', '--situation', 'new buyer', '--force']);
    await ok(['propose', 'Acme', '--amount', '7200']);
    await ok(['close', 'Acme', '--lost', '--reason', 'price', '--competitor', 'Delta']);
    const deal = (await json(['deals', '--status', 'lost']))[0];
    await ok(['deals', 'reopen', String(deal.id)], '2026-11-25');
    expect((await json(['deals'], '2026-11-25')).find((d: { id: number }) => d.id === deal.id)).toMatchObject({ status: 'open', stage: 'propose' });
    await ok(['deals', 'edit', String(deal.id), '--amount', '6900', '--title', 'Acme line 2', '--expected-close', '2026-12-20']);
    expect((await json(['deals']))[0]).toMatchObject({ title: 'Acme line 2', amount: 6900, expectedClose: '2026-12-20' });
    expect((await json(['show', 'Acme'])).timeline.some((e: { summary: string }) => e.summary.includes('reopened (was lost: price, competitor Delta)'))).toBe(true);
    expect(sb.crm(['deals', 'delete', String(deal.id)]).code).toBe(2);
    await ok(['deals', 'delete', String(deal.id), '--yes']);
    expect((await json(['deals', '--status', 'all']))).toEqual([]);
  });

  it('edits and deletes complaints and surveys', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme']);
    await ok(['complaint', 'open', 'Acme', '--summary', 'late delivery', '--severity', 'low']);
    const c = (await json(['complaint', 'list']))[0].id;
    await ok(['complaint', 'edit', String(c), '--summary', 'late delivery of order 7', '--severity', 'high']);
    expect((await json(['complaint', 'list']))[0]).toMatchObject({ summary: 'late delivery of order 7', severity: 'high' });
    await ok(['complaint', 'delete', String(c), '--yes']);
    expect((await json(['complaint', 'list']))).toEqual([]);
    expect((await due('2026-11-22')).filter((i) => i.kind === 'complaint')).toEqual([]);

    await ok(['survey', 'Acme', '--product', '4', '--service', '5', '--price', '3', '--communication', '4', '--overall', '4']);
    const sv = (await json(['survey', 'list', 'Acme']))[0];
    expect(sv).toMatchObject({ product: 4, price: 3 });
    await ok(['survey', 'edit', String(sv.id), '--price', '2', '--comment', 'prices went up']);
    expect((await json(['survey', 'list']))[0]).toMatchObject({ price: 2, comment: 'prices went up', overall: 4 });
    await ok(['survey', 'delete', String(sv.id), '--yes']);
    expect((await json(['survey', 'list']))).toEqual([]);
  });

  it('changes or removes a single phone or email of a contact or of the company', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Acme', '--phone', '+86 755 8888 0000']);
    const id = (await ok(['contact', 'add', 'Acme', '--name', 'Zhang Wei', '--mobile', '+86 138 1234 5678', '--mobile', '+86 139 0000 1111', '--email', 'zw@acme.cn'])).stdout.trim();
    expect(sb.crm(['contact', 'phone', 'remove', id, '13812345678']).code).toBe(2);
    (await ok(['contact', 'phone', 'remove', id, '13812345678', '--yes'])); // typed without the country code
    await ok(['contact', 'email', 'edit', id, 'ZW@acme.cn', 'zhang.wei@acme.cn']);
    const c = (await json(['contact', 'list', '--account', 'Acme']))[0];
    expect(c.phones).toEqual(['+8613900001111']);
    expect(c.emails).toEqual(['zhang.wei@acme.cn']);
    expect((await json(['find', 'zhang.wei@acme.cn'])).length).toBe(1);
    const missing = sb.crm(['contact', 'email', 'remove', id, 'nobody@acme.cn', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('zhang.wei@acme.cn');
    await ok(['account', 'phone', 'remove', 'Acme', '0755 8888 0000', '--yes']);
    expect((await json(['show', 'Acme'])).phones).toEqual([]);
  });
});
