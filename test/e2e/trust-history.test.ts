// Issue 13, point 5: every write command records what it changed; crm history lists it, crm undo
// reverts it (refusing, with the reason, when a later change depends on it); an undo is a change
// that can itself be undone (a redo); an import is one entry, undone as a batch.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

describe('history and undo (issue 13, point 5)', () => {
  let sb: Sandbox;
  // each run lets the test worker's event loop turn first: a long row of blocking runs would keep
  // it from answering the test runner on a loaded machine
  const turn = () => new Promise((r) => setImmediate(r));
  const crm = async (args: string[]) => (await turn(), sb.crm(args));
  const json = async (args: string[]) => (await turn(), sb.json(args));
  const ok = async (args: string[]) => {
    const r = await crm(args);
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  beforeEach(() => {
    sb = sandbox();
    mkdirSync(join(sb.dir, 'crm'), { recursive: true });
    writeFileSync(join(sb.dir, 'crm', 'config.json'), JSON.stringify({ defaultOwner: 'alice' }));
  });
  afterEach(() => sb.cleanup());

  it('records every write command with its command, rep, time and before → after', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen']);
    await ok(['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zw@acme.cn']);
    await ok(['log', 'Acme Trading', '--kind', 'call', '--summary', 'asked for a quote']);
    await ok(['account', 'edit', 'Acme Trading', '--city', 'Guangzhou']);
    await ok(['promise', 'add', 'Acme Trading', '--what', 'send samples', '--due', '2026-12-01']);
    await ok(['complaint', 'open', 'Acme Trading', '--summary', 'wrong colour']);
    await ok(['order', 'add', 'Acme Trading', '--amount', '5800']);
    await ok(['signal', 'add', 'Acme Trading', '--kind', 'new-strategy']);
    await ok(['handoff', 'Acme Trading', '--to', 'bob']);
    await ok(['account', 'add', '--name', 'Beta GmbH']);

    const h = await json(['history', '--limit', '50']);
    expect(h.map((e: any) => e.command)).toEqual([
      'account add', 'handoff', 'signal add', 'order add', 'complaint open', 'promise add', 'account edit', 'log add', 'contact add', 'account add',
    ]);
    for (const e of h) {
      expect(e.rep).toBe('alice');
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // one account's history: Beta's add is not in Acme's
    const acme = await json(['history', 'Acme Trading', '--limit', '50']);
    expect(acme).toHaveLength(9);
    const edit = h.find((e: any) => e.command === 'account edit');
    expect(edit.args).toBe('"Acme Trading" --city Guangzhou');
    const detail = await json(['history', '--change', String(edit.id)]);
    expect(detail.changes).toEqual([
      { table: 'accounts', row: '1', op: 'update', accountId: 1, fields: [{ field: 'city', before: 'Shenzhen', after: 'Guangzhou' }] },
    ]);
    // reads record nothing, and crm history is one of them: it does not create a database
    await ok(['show', 'Acme Trading']);
    await ok(['due']);
    const elsewhere = join(sb.dir, 'elsewhere.db');
    const none = await crm(['--db', elsewhere, 'history']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`no database at ${elsewhere}`);
    expect(existsSync(elsewhere)).toBe(false);
    expect(await json(['history', '--limit', '50'])).toHaveLength(10);
  });

  it('records the corrections (edit, delete, reschedule) like any write, and undoes them', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    await ok(['log', 'Acme Trading', '--kind', 'call', '--summary', 'asked for a quote', '--next', 'send the quote', '--due', '2026-12-01']);
    await ok(['order', 'add', 'Acme Trading', '--amount', '5800', '--date', '2026-11-02']);
    await ok(['log', 'edit', '1', '--summary', 'asked for a quote and samples']);
    await ok(['next', 'reschedule', 'next:1', '--due', '2026-12-10']);
    await ok(['order', 'delete', '1', '--yes']);
    await ok(['log', 'delete', '1', '--yes']);
    const h = await json(['history']);
    expect(h.slice(0, 4).map((e: any) => e.command)).toEqual(['log delete', 'order delete', 'next reschedule', 'log edit']);
    const steps = async () => (await json(['next', 'list', 'Acme Trading'])).map((x: any) => [x.what, x.dueOn]);
    expect(await steps()).toEqual([]);

    // the deleted interaction comes back with the next step it set, then the order, then the old date
    expect((await crm(['undo'])).code).toBe(0);
    const a = await json(['show', '1']);
    expect(a.timeline.map((e: any) => e.record?.summary)).toContain('asked for a quote and samples');
    expect(await steps()).toEqual([['send the quote', '2026-12-10']]);
    expect((await crm(['undo'])).code).toBe(0);
    expect((await json(['show', '1'])).orders.count).toBe(1);
    expect((await crm(['undo'])).code).toBe(0);
    expect(await steps()).toEqual([['send the quote', '2026-12-01']]);
    expect((await crm(['undo'])).code).toBe(0);
    expect((await json(['show', '1'])).timeline.map((e: any) => e.record?.summary)).toContain('asked for a quote');
  });

  it('undoes the last change, walks back with repeated undos, and an undo of an undo redoes', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen']);
    await ok(['log', 'Acme Trading', '--kind', 'visit', '--summary', 'met the buyer', '--next', 'send samples', '--due', '2026-12-01']);
    await ok(['account', 'edit', 'Acme Trading', '--city', 'Guangzhou', '--tag', 'vip']);
    const due = async () => (await json(['due', '--days', '400'])).items.map((i: any) => i.reason).join('\n');
    expect(await due()).toContain('send samples');

    const u1 = await crm(['undo']);
    expect(u1.code).toBe(0);
    expect(u1.stderr).toContain('undid change 3');
    expect(await json(['show', '1'])).toMatchObject({ city: 'Shenzhen', tags: [] });

    // the next undo goes further back (the undo itself is skipped), and the due list follows
    expect((await crm(['undo'])).stderr).toContain('undid change 2');
    expect((await json(['show', '1'])).timeline.map((e: any) => e.kind)).not.toContain('visit');
    expect(await due()).not.toContain('send samples');

    const h = await json(['history']);
    expect(h.map((e: any) => [e.id, e.kind, e.undoes, e.undoneBy])).toEqual([
      [5, 'undo', 2, null],
      [4, 'undo', 3, null],
      [3, 'change', null, 4],
      [2, 'change', null, 5],
      [1, 'change', null, null],
    ]);
    // undoing the undo of change 3 puts the edit back (a redo), itself recorded
    const redo = await crm(['undo', '4']);
    expect(redo.code).toBe(0);
    expect(redo.stderr).toContain('redid change 3');
    expect(await json(['show', '1'])).toMatchObject({ city: 'Guangzhou', tags: ['vip'] });
    expect((await json(['history']))[0]).toMatchObject({ id: 6, kind: 'redo', undoes: 4 });
    // crm redo takes the newest undo still in effect: the one of change 2
    expect((await crm(['redo'])).stderr).toContain('redid change 2');
    expect((await json(['show', '1'])).timeline.map((e: any) => e.kind)).toContain('visit');
    // an entry already reverted says by which one
    const again = await crm(['undo', '3']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('change 3 was already reverted by change 4');
  });

  it('refuses, naming the later change, when a later change depends on the one to undo', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    await ok(['account', 'edit', 'Acme Trading', '--city', 'Shenzhen']);
    await ok(['account', 'edit', 'Acme Trading', '--city', 'Guangzhou']);
    await ok(['account', 'edit', 'Acme Trading', '--industry', 'electronics']);
    const before = await json(['show', '1']);

    const r = await crm(['undo', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot undo change 2: account #1 "Acme Trading" has changed since \(city\), by change 3 \(account edit "Acme Trading" --city Guangzhou/);
    expect(r.stderr).toContain('crm undo 3');
    // another field changed later does not stand in the way
    expect((await crm(['undo', '3'])).code).toBe(0);
    expect(await json(['show', '1'])).toMatchObject({ city: 'Shenzhen', industry: 'electronics' });

    // an account cannot be un-added while a contact added later points at it
    await ok(['contact', 'add', 'Acme Trading', '--name', 'Bob']);
    const add = await crm(['undo', '1']);
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/cannot undo change 1: account #1 "Acme Trading" (has changed since|now has contact #1 "Bob")/);
    expect(await json(['account', 'list'])).toHaveLength(1);
    expect((await json(['show', '1'])).contacts.map((c: any) => c.name)).toEqual(['Bob']);
    expect(before.name).toBe('Acme Trading');
  });

  it('records an import as one entry: crm undo undoes the batch, an undone import is not redone', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    writeFileSync(join(sb.dir, 'leads.csv'), 'Name,Company,Email\n张伟,Acme Trading,zw@acme.cn\nAnna Schmidt,Beta GmbH,anna@beta.de\n');
    await ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    const h = await json(['history']);
    expect(h[0]).toMatchObject({ command: 'import', kind: 'import', batchId: 1, rows: 0 });
    const u = await crm(['undo']);
    expect(u.code).toBe(0);
    expect(u.stderr).toContain('import batch 1');
    expect((await json(['account', 'list'])).map((a: any) => a.name)).toEqual(['Acme Trading']);
    expect((await json(['import', 'list']))[0].status).toBe('undone');
    const h2 = await json(['history']);
    expect(h2[0]).toMatchObject({ kind: 'import-undo', batchId: 1 });
    const redo = await crm(['undo', String(h2[0].id)]);
    expect(redo.code).toBe(1);
    expect(redo.stderr).toContain('an undone import cannot be redone');
    // a batch undone with crm import undo is recorded the same way
    await ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    await ok(['import', 'undo', '2']);
    expect((await json(['history']))[0]).toMatchObject({ command: 'import undo', kind: 'import-undo', batchId: 2 });
    expect((await json(['history']))[1]).toMatchObject({ kind: 'import', batchId: 2, undoneBy: (await json(['history']))[0].id });
  });

  it('refuses to undo a change an import has built on, naming the batch', async () => {
    await ok(['account', 'add', '--name', 'Acme Trading']);
    writeFileSync(join(sb.dir, 'leads.csv'), 'Name,Company,Email\n张伟,Acme Trading,zw@acme.cn\n');
    await ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    const r = await crm(['undo', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('import batch 1');
    expect(r.stderr).toContain('crm import undo 1');
    expect(await json(['account', 'list'])).toHaveLength(1);
  });
});
