import { openBook } from '../helpers/book.js';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

// A small customer base, built with the commands themselves plus the few rows (interactions,
// complaints, surveys, deals) whose commands belong to other areas, inserted as SQL fixture rows.
//   Acme  : 5 quarterly orders of 10,000 (profit 500), referred Beta, an open complaint
//   Beta  : referred by Acme, 1 order of 3,000 at a loss, a low survey, a hand-noted signal
//   Gamma : a prospect with a general manager, a meeting, a call and an open deal at propose
//   Delta : strategic, 2 small orders in early 2024 (a defector by now)
const AS_OF = ['--as-of', '2026-06-01'];
const sum = (parts: { points: number }[]) => parts.reduce((s, p) => s + p.points, 0);

describe('value: scores, tiers, ladder, risk, orders, signals', () => {
  let sb: Sandbox;
  const crm = (args: string[], asOf = AS_OF) => sb.crm([...args, ...asOf]);
  const json = (args: string[], asOf = AS_OF) => sb.json([...args, ...asOf]);
  const ok = (args: string[], asOf = AS_OF) => {
    const r = crm(args, asOf);
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const ids: Record<string, number> = {};

  beforeAll(() => {
    sb = sandbox();
    ids.acme = Number(ok(['account', 'add', '--name', 'Acme Trading', '--employees', '300', '--industry', 'electronics', '--source', 'referral']));
    ids.beta = Number(ok(['account', 'add', '--name', 'Beta Co', '--referred-by', 'Acme Trading', '--source', 'trade-show']));
    ids.gamma = Number(ok(['account', 'add', '--name', 'Gamma Lead', '--employees', '60', '--source', 'trade-show', '--industry', 'textiles']));
    ok(['contact', 'add', 'Gamma Lead', '--name', 'Wang Li', '--title', '总经理', '--email', 'wang@gamma.cn']);
    ids.delta = Number(ok(['account', 'add', '--name', 'Delta Institute', '--strategic']));
    for (const d of ['2025-01-10', '2025-04-10', '2025-07-10', '2025-10-10', '2026-01-10'])
      ok(['order', 'add', 'Acme Trading', '--amount', '10000', '--profit', '500', '--date', d, '--product', 'LED panels']);
    ok(['order', 'add', 'Beta Co', '--amount', '3000', '--profit', '-200', '--date', '2026-05-01']);
    ok(['order', 'add', 'Delta Institute', '--amount', '1000', '--profit', '0', '--date', '2024-01-10']);
    ok(['order', 'add', 'Delta Institute', '--amount', '1000', '--profit', '0', '--date', '2024-02-10']);
    ok(['signal', 'add', 'Beta Co', '--kind', 'competitor-praised', '--note', 'keeps quoting Delta Corp prices', '--date', '2026-05-20']);

    const db = openBook(sb.db);
    const now = '2026-05-01T00:00:00.000Z';
    db.prepare(`INSERT INTO complaints (account_id, summary, opened_on, status, created_at) VALUES (?, 'late delivery', '2026-05-01', 'open', ?)`).run(ids.acme, now);
    db.prepare(`INSERT INTO surveys (account_id, taken_on, overall, created_at) VALUES (?, '2026-05-15', 2, ?)`).run(ids.beta, now);
    db.prepare(`INSERT INTO interactions (account_id, kind, occurred_at, created_at) VALUES (?, 'meeting', '2026-05-20T09:00:00.000Z', ?), (?, 'call', '2026-05-25T09:00:00.000Z', ?)`).run(ids.gamma, now, ids.gamma, now);
    db.prepare(`INSERT INTO deals (account_id, title, stage, status, amount, stage_entered_at, created_at, updated_at) VALUES (?, 'pilot', 'propose', 'open', 20000, '2026-05-25T00:00:00.000Z', ?, ?)`).run(ids.gamma, now, now);
    db.close();
  });
  afterAll(() => sb.cleanup());

  it('records and lists orders', () => {
    const all = json(['order', 'list']);
    expect(all).toHaveLength(8);
    expect(all[0]).toMatchObject({ account: 'Beta Co', orderedOn: '2026-05-01', amount: 3000, profit: -200 });
    const acme = json(['order', 'list', 'Acme Trading', '--from', '2025-06-01']);
    expect(acme.map((o: any) => o.orderedOn)).toEqual(['2026-01-10', '2025-10-10', '2025-07-10']);
    expect(acme[0].product).toBe('LED panels');
    expect(crm(['order', 'add', 'Acme Trading', '--amount', 'lots']).code).toBe(2);
    expect(crm(['order', 'add', 'Nobody Ltd', '--amount', '5']).code).toBe(1);
    expect(json(['order', 'list'])).toHaveLength(8);
  });

  it('scores every account, value for all and lead for prospects', () => {
    const r = crm(['score', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    const by = Object.fromEntries(rows.map((x: any) => [x.name, x]));
    // Acme, hand-computed on a base of 3 customers (fixed scales): recency 142 days → 3/5 of 20 = 12,
    // 5 orders → 4/5 of 15 = 12, top revenue → 15, 1 referral → 5, 300 employees → 3.75,
    // no survey → 5 (neutral): 52.75 → 53
    expect(by['Acme Trading']).toMatchObject({ valueScore: 53, valueGrade: 'poor', leadScore: null, tier: 'A', ladder: 'advocate' });
    expect(by['Gamma Lead'].leadScore).toBeGreaterThan(0);
    // an open deal at propose (qualify or later) makes Gamma a possible buyer
    expect(by['Gamma Lead'].ladder).toBe('possible-buyer');
    expect(rows[0].name).toBe('Acme Trading');
  });

  it('explains a score with parts that add up to it', () => {
    const e = json(['score', 'Acme Trading', '--explain']);
    expect(e.value.score).toBe(53);
    expect(sum(e.value.parts)).toBe(53);
    expect(e.value.parts.find((p: any) => p.input === 'recency')).toMatchObject({ points: 12, max: 20 });
    expect(e.value.parts.find((p: any) => p.input === 'size')).toMatchObject({ points: 4, value: '300 employees' });
    expect(e.value.parts.find((p: any) => p.input === 'referrals').value).toBe('1 referred account became customers');
    expect(e.lead).toBeNull();

    const g = json(['score', 'Gamma Lead', '--explain']);
    expect(sum(g.lead.parts)).toBe(g.lead.score);
    expect(g.lead.parts.find((p: any) => p.input === 'contact role')).toMatchObject({ points: 15, value: '总经理 (decides)' });
    expect(g.lead.parts.find((p: any) => p.input === 'stage reached')).toMatchObject({ value: 'open deal at propose' });
    expect(sum(g.value.parts)).toBe(g.value.score);

    const table = crm(['score', 'Acme Trading', '--explain']);
    expect(table.stdout).toContain('Value score 53: the parts');
    expect(table.stdout).toContain('142 days since the last order (2026-01-10)');

    const all = json(['score', '--explain']);
    for (const a of all) expect(sum(a.value.parts)).toBe(a.valueScore);
  });

  it('prints tiers, concentration, profit tiers, faces and the grid', () => {
    const t = json(['tiers']);
    expect(t.by).toBe('revenue');
    expect(t.concentration.sentence).toBe('33.3% of accounts (1 of 3) bring 80% of revenue');
    const by = Object.fromEntries(t.accounts.map((a: any) => [a.name, a]));
    expect(by['Acme Trading']).toMatchObject({ tier: 'A', profitTier: 'best', face: 'white', faceBy: 'computed' });
    expect(by['Beta Co']).toMatchObject({ tier: 'B', profitTier: 'loss-making' });
    expect(by['Delta Institute']).toMatchObject({ tier: 'C', profitTier: 'tail', face: 'black', ladder: 'defector', relationship: 'withdrawing' });
    expect(by['Gamma Lead']).toMatchObject({ tier: null, relationship: 'developing' });
    expect(t.distribution.abc.map((d: any) => d.accounts)).toEqual([1, 1, 1]);
    expect(t.distribution.profitTiers.find((p: any) => p.key === 'loss-making').accounts).toBe(1);
    expect(t.grid.reduce((s: number, r: any) => s + r['withdrawing'], 0)).toBe(3);

    const p = json(['tiers', '--by', 'profit']);
    const pb = Object.fromEntries(p.accounts.map((a: any) => [a.name, a.tier]));
    expect(pb).toMatchObject({ 'Acme Trading': 'A', 'Beta Co': 'C', 'Delta Institute': 'C' });
    expect(crm(['tiers']).stdout).toContain('33.3% of accounts (1 of 3) bring 80% of revenue');
    expect(crm(['tiers', '--by', 'volume']).code).toBe(2);
  });

  it('lists churn risks with the signals and their evidence', () => {
    const r = json(['risk']);
    const by = Object.fromEntries(r.map((a: any) => [a.name, a]));
    expect(Object.keys(by).sort()).toEqual(['Acme Trading', 'Beta Co']);
    expect(by['Acme Trading'].signals.map((s: any) => s.signal)).toEqual(['purchase-gap', 'unresolved-complaints', 'cooling-contact']);
    expect(by['Acme Trading'].signals[0].evidence).toBe('no order for 142 days (last 2026-01-10); usually one every 91 days');
    expect(by['Acme Trading'].signals[1].evidence).toBe('1 complaint open, oldest since 2026-05-01 (31 days)');
    expect(by['Beta Co'].signals.map((s: any) => s.signal)).toEqual(['low-survey', 'competitor-praised']);
    expect(json(['risk', '--signal', 'low-survey']).map((a: any) => a.name)).toEqual(['Beta Co']);
    expect(json(['risk', '--min', '3']).map((a: any) => a.name)).toEqual(['Acme Trading']);
    const csv = crm(['risk', '--format', 'csv']).stdout;
    expect(csv.split('\r\n')[0]).toBe('id,name,tier,value,ladder,signals,evidence');
  });

  it('shows the ladder with the date of each move', () => {
    const f = json(['show', 'Acme Trading']);
    expect(f.ladder).toBe('advocate');
    expect(f.ladderHistory).toEqual([
      { rung: 'non-customer', since: '2025-01-10' },
      { rung: 'first-time-buyer', since: '2025-01-10' },
      { rung: 'repeat-buyer', since: '2025-04-10' },
      { rung: 'loyal', since: '2025-10-10' },
      { rung: 'advocate', since: '2026-05-01' },
    ]);
    expect(crm(['show', 'Acme Trading']).stdout).toContain('2025-10-10 loyal');
  });

  it('records tier movements and ladder moves after new orders', () => {
    const later = ['--as-of', '2026-06-15'];
    ok(['order', 'add', 'Beta Co', '--amount', '100000', '--profit', '20000', '--date', '2026-06-10'], later);
    const moves = json(['tiers', '--changes', '--since', '2026-06-01'], later);
    expect(moves).toContainEqual({ id: ids.beta, name: 'Beta Co', what: 'tier', from: 'B', to: 'A', since: '2026-06-01' });
    expect(moves).toContainEqual({ id: ids.beta, name: 'Beta Co', what: 'ladder', from: 'first-time-buyer', to: 'repeat-buyer', since: '2026-06-01' });
    expect(moves.filter((m: any) => m.name === 'Gamma Lead')).toEqual([]);
    const beta = json(['show', 'Beta Co'], later);
    expect(beta.ladderHistory.at(-1)).toEqual({ rung: 'repeat-buyer', since: '2026-06-10' });
    expect(crm(['tiers', '--changes'], later).code).toBe(2);
  });

  it('gives the same results when interactions are aggregated in a worker thread', () => {
    const cfg = `${sb.dir}/worker.json`;
    writeFileSync(cfg, JSON.stringify({ refresh: { workerMinInteractions: 0 } }));
    const inProcess = json(['score', '--refresh', '--explain']);
    const inWorker = json(['--config', cfg, 'score', '--refresh', '--explain']);
    expect(inWorker).toEqual(inProcess);
    expect(inWorker.find((a: any) => a.name === 'Gamma Lead').lead.parts.find((p: any) => p.input === 'meetings').points).toBeGreaterThan(0);
  });

  it('adds, lists and clears hand-noted signals', () => {
    const list = json(['signal', 'list']);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ account: 'Beta Co', kind: 'competitor-praised', notedOn: '2026-05-20', clearedOn: null });
    const id = Number(ok(['signal', 'add', 'Acme Trading', '--kind', 'owner-change', '--note', 'sold to a group']));
    expect(json(['risk', 'Acme Trading'])[0].signals.map((s: any) => s.signal)).toContain('owner-change');
    expect(ok(['signal', 'clear', String(id)])).toBe('');
    expect(json(['signal', 'list', 'Acme Trading'])).toEqual([]);
    expect(json(['signal', 'list', 'Acme Trading', '--all'])[0].clearedOn).toBe('2026-06-01');
    expect(json(['risk', 'Acme Trading'])[0].signals.map((s: any) => s.signal)).not.toContain('owner-change');
    const again = crm(['signal', 'clear', String(id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already cleared');
    expect(crm(['signal', 'add', 'Acme Trading', '--kind', 'weather']).code).toBe(2);
  });
});
