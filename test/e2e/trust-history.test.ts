// Issue 13, point 5: every write command records what it changed; crm history lists it, crm undo
// reverts it (refusing, with the reason, when a later change depends on it); an undo is a change
// that can itself be undone (a redo); an import is one entry, undone as a batch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

describe('history and undo (issue 13, point 5)', () => {
  let sb: Sandbox;
  const ok = (args: string[]) => {
    const r = sb.crm(args);
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  beforeEach(() => {
    sb = sandbox();
    mkdirSync(join(sb.dir, 'crm'), { recursive: true });
    writeFileSync(join(sb.dir, 'crm', 'config.json'), JSON.stringify({ defaultOwner: 'alice' }));
  });
  afterEach(() => sb.cleanup());

  it('records every write command with its command, rep, time and before → after', () => {
    ok(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen']);
    ok(['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zw@acme.cn']);
    ok(['log', 'Acme Trading', '--kind', 'call', '--summary', 'asked for a quote']);
    ok(['account', 'edit', 'Acme Trading', '--city', 'Guangzhou']);
    ok(['promise', 'add', 'Acme Trading', '--what', 'send samples', '--due', '2026-12-01']);
    ok(['complaint', 'open', 'Acme Trading', '--summary', 'wrong colour']);
    ok(['order', 'add', 'Acme Trading', '--amount', '5800']);
    ok(['signal', 'add', 'Acme Trading', '--kind', 'new-strategy']);
    ok(['handoff', 'Acme Trading', '--to', 'bob']);
    ok(['account', 'add', '--name', 'Beta GmbH']);

    const h = sb.json(['history', '--limit', '50']);
    expect(h.map((e: any) => e.command)).toEqual([
      'account add', 'handoff', 'signal add', 'order add', 'complaint open', 'promise add', 'account edit', 'log', 'contact add', 'account add',
    ]);
    for (const e of h) {
      expect(e.rep).toBe('alice');
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // one account's history: Beta's add is not in Acme's
    const acme = sb.json(['history', 'Acme Trading', '--limit', '50']);
    expect(acme).toHaveLength(9);
    const edit = h.find((e: any) => e.command === 'account edit');
    expect(edit.args).toBe('"Acme Trading" --city Guangzhou');
    const detail = sb.json(['history', '--change', String(edit.id)]);
    expect(detail.changes).toEqual([
      { table: 'accounts', row: '1', op: 'update', accountId: 1, fields: [{ field: 'city', before: 'Shenzhen', after: 'Guangzhou' }] },
    ]);
    // reads record nothing
    ok(['show', 'Acme Trading']);
    ok(['due']);
    expect(sb.json(['history', '--limit', '50'])).toHaveLength(10);
  });

  it('undoes the last change, walks back with repeated undos, and an undo of an undo redoes', () => {
    ok(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen']);
    ok(['log', 'Acme Trading', '--kind', 'visit', '--summary', 'met the buyer', '--next', 'send samples', '--due', '2026-12-01']);
    ok(['account', 'edit', 'Acme Trading', '--city', 'Guangzhou', '--tag', 'vip']);
    const due = () => sb.json(['due', '--days', '400']).items.map((i: any) => i.reason).join('\n');
    expect(due()).toContain('send samples');

    const u1 = sb.crm(['undo']);
    expect(u1.code).toBe(0);
    expect(u1.stderr).toContain('undid change 3');
    expect(sb.json(['show', '1'])).toMatchObject({ city: 'Shenzhen', tags: [] });

    // the next undo goes further back (the undo itself is skipped), and the due list follows
    expect(sb.crm(['undo']).stderr).toContain('undid change 2');
    expect(sb.json(['show', '1']).timeline.map((e: any) => e.kind)).not.toContain('visit');
    expect(due()).not.toContain('send samples');

    const h = sb.json(['history']);
    expect(h.map((e: any) => [e.id, e.kind, e.undoes, e.undoneBy])).toEqual([
      [5, 'undo', 2, null],
      [4, 'undo', 3, null],
      [3, 'change', null, 4],
      [2, 'change', null, 5],
      [1, 'change', null, null],
    ]);
    // undoing the undo of change 3 puts the edit back (a redo), itself recorded
    const redo = sb.crm(['undo', '4']);
    expect(redo.code).toBe(0);
    expect(redo.stderr).toContain('redid change 3');
    expect(sb.json(['show', '1'])).toMatchObject({ city: 'Guangzhou', tags: ['vip'] });
    expect(sb.json(['history'])[0]).toMatchObject({ id: 6, kind: 'redo', undoes: 4 });
    // crm redo takes the newest undo still in effect: the one of change 2
    expect(sb.crm(['redo']).stderr).toContain('redid change 2');
    expect(sb.json(['show', '1']).timeline.map((e: any) => e.kind)).toContain('visit');
    // an entry already reverted says by which one
    const again = sb.crm(['undo', '3']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('change 3 was already reverted by change 4');
  });

  it('refuses, naming the later change, when a later change depends on the one to undo', () => {
    ok(['account', 'add', '--name', 'Acme Trading']);
    ok(['account', 'edit', 'Acme Trading', '--city', 'Shenzhen']);
    ok(['account', 'edit', 'Acme Trading', '--city', 'Guangzhou']);
    ok(['account', 'edit', 'Acme Trading', '--industry', 'electronics']);
    const before = sb.json(['show', '1']);

    const r = sb.crm(['undo', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot undo change 2: account #1 "Acme Trading" has changed since \(city\), by change 3 \(account edit "Acme Trading" --city Guangzhou/);
    expect(r.stderr).toContain('crm undo 3');
    // another field changed later does not stand in the way
    expect(sb.crm(['undo', '3']).code).toBe(0);
    expect(sb.json(['show', '1'])).toMatchObject({ city: 'Shenzhen', industry: 'electronics' });

    // an account cannot be un-added while a contact added later points at it
    ok(['contact', 'add', 'Acme Trading', '--name', 'Bob']);
    const add = sb.crm(['undo', '1']);
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/cannot undo change 1: account #1 "Acme Trading" (has changed since|now has contact #1 "Bob")/);
    expect(sb.json(['account', 'list'])).toHaveLength(1);
    expect(sb.json(['show', '1']).contacts.map((c: any) => c.name)).toEqual(['Bob']);
    expect(before.name).toBe('Acme Trading');
  });

  it('records an import as one entry: crm undo undoes the batch, an undone import is not redone', () => {
    ok(['account', 'add', '--name', 'Acme Trading']);
    writeFileSync(join(sb.dir, 'leads.csv'), 'Name,Company,Email\n张伟,Acme Trading,zw@acme.cn\nAnna Schmidt,Beta GmbH,anna@beta.de\n');
    ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    const h = sb.json(['history']);
    expect(h[0]).toMatchObject({ command: 'import', kind: 'import', batchId: 1, rows: 0 });
    const u = sb.crm(['undo']);
    expect(u.code).toBe(0);
    expect(u.stderr).toContain('import batch 1');
    expect(sb.json(['account', 'list']).map((a: any) => a.name)).toEqual(['Acme Trading']);
    expect(sb.json(['import', 'list'])[0].status).toBe('undone');
    const h2 = sb.json(['history']);
    expect(h2[0]).toMatchObject({ kind: 'import-undo', batchId: 1 });
    const redo = sb.crm(['undo', String(h2[0].id)]);
    expect(redo.code).toBe(1);
    expect(redo.stderr).toContain('an undone import cannot be redone');
    // a batch undone with crm import undo is recorded the same way
    ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    ok(['import', 'undo', '2']);
    expect(sb.json(['history'])[0]).toMatchObject({ command: 'import undo', kind: 'import-undo', batchId: 2 });
    expect(sb.json(['history'])[1]).toMatchObject({ kind: 'import', batchId: 2, undoneBy: sb.json(['history'])[0].id });
  });

  it('refuses to undo a change an import has built on, naming the batch', () => {
    ok(['account', 'add', '--name', 'Acme Trading']);
    writeFileSync(join(sb.dir, 'leads.csv'), 'Name,Company,Email\n张伟,Acme Trading,zw@acme.cn\n');
    ok(['import', join(sb.dir, 'leads.csv'), '-q']);
    const r = sb.crm(['undo', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('import batch 1');
    expect(r.stderr).toContain('crm import undo 1');
    expect(sb.json(['account', 'list'])).toHaveLength(1);
  });
});
