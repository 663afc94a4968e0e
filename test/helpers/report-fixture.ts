// A small book of business with hand-checked figures, written straight into a database created by
// `crm init`. The expected figures of test/e2e/reports.test.ts are worked out from these rows.
import { openBook } from './book.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from './cli.js';

type Row = Record<string, any>;
/** The rows of a report's table (JSON), found by the start of its title. */
export const reportTable = (r: any, title: string): Row[] => r.tables.find((t: any) => t.title.startsWith(title))?.rows ?? [];
/** A headline figure of a report (JSON) by its label. */
export const reportSummary = (r: any, label: string) => r.summary.find((s: any) => s.label === label)?.value;
export const byKey = (rows: Row[], key: string): Record<string, any> => Object.fromEntries(rows.map((x) => [x[key], x]));

/** A sandbox holding the fixture book, with the config its tests assume (2 interactions a month score 100). */
export function reportSandbox(): Sandbox {
  const sb = sandbox();
  if (sb.crm(['init']).code !== 0) throw new Error('crm init failed');
  seedReportFixture(sb.db);
  mkdirSync(join(sb.dir, 'crm'), { recursive: true });
  writeFileSync(join(sb.dir, 'crm', 'config.json'), JSON.stringify({ reports: { activityTarget: 2 } }));
  return sb;
}

const T = (d: string) => `${d}T09:00:00.000Z`;

export function seedReportFixture(dbPath: string): void {
  const db = openBook(dbPath);
  const ins = (table: string, row: Record<string, unknown>) => {
    const keys = Object.keys(row);
    const r = db.prepare(`insert into ${table} (${keys.join(', ')}) values (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k] as never));
    return Number(r.lastInsertRowid);
  };
  const account = (name: string, o: Record<string, unknown>) =>
    ins('accounts', { kind: 'company', name, name_key: name.toLowerCase(), created_at: T(String(o.created)), updated_at: T(String(o.created)), ...Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'created')) });
  db.transaction(() => {
    const alice = ins('reps', { name: 'alice', created_at: T('2025-01-01') });
    const alpha = account('Alpha', { source: 'trade-show', campaign: 'Fair', tier: 'A', ladder: 'repeat', owner_id: alice, created: '2025-03-01' });
    const beta = account('Beta', { source: 'trade-show', campaign: 'Fair', tier: 'B', ladder: 'repeat', created: '2025-03-01' });
    const gamma = account('Gamma', { source: 'trade-show', campaign: 'Fair', tier: 'C', created: '2025-03-01' });
    const delta = account('Delta', { source: 'trade-show', campaign: 'Fair', created: '2025-03-01' });
    const eps = account('Epsilon', { source: 'referral', referred_by_id: 1, tier: 'B', ladder: 'first-time', created: '2026-02-10' });
    const zeta = account('Zeta', { source: 'web', tier: 'C', created: '2026-03-05' });
    const eta = account('Eta', { source: 'directory', tier: 'C', created: '2024-01-01' });
    ins('campaigns', { name: 'Fair', source: 'trade-show', cost: 4000, created_at: T('2025-03-01') });

    const order = (account_id: number, ordered_on: string, amount: number, profit: number | null = null) =>
      ins('orders', { account_id, ordered_on, amount, profit, created_at: T(ordered_on) });
    order(alpha, '2025-06-15', 5000, 1000);
    order(alpha, '2026-01-10', 3000, 600);
    order(alpha, '2026-02-20', 2000, 400);
    order(alpha, '2026-04-05', 1000);
    order(beta, '2025-07-01', 1000);
    order(beta, '2026-02-05', 1500);
    order(beta, '2026-05-10', 500);
    order(eps, '2026-03-15', 2000, 500);
    order(eta, '2024-09-01', 1000, 100);

    const inter = (account_id: number, kind: string, day: string, minutes: number | null, stage: string | null = null) =>
      ins('interactions', { account_id, kind, occurred_at: T(day), minutes, stage, created_at: T(day) });
    inter(alpha, 'call', '2026-01-05', 30);
    inter(alpha, 'visit', '2026-03-01', 90, 'onboard');
    inter(alpha, 'visit', '2026-05-02', null, 'care');
    inter(beta, 'call', '2026-02-01', 20);
    inter(gamma, 'email', '2026-04-01', null);
    inter(delta, 'email', '2026-01-15', null, 'prospect');
    inter(eps, 'meeting', '2026-03-10', 60);
    inter(zeta, 'call', '2026-03-06', 10, 'approach');

    const deal = (account_id: number, created: string, status: string, stage: string, path: [string, string][], closed: string | null) => {
      const id = ins('deals', { account_id, title: 'deal', stage, status, stage_entered_at: T(path[path.length - 1]![1]), created_at: T(created), updated_at: T(created), closed_at: closed ? T(closed) : null });
      let prev: string | null = null;
      for (const [to, at] of path) {
        ins('deal_stage_history', { deal_id: id, from_stage: prev, to_stage: to, at: T(at) });
        prev = to;
      }
    };
    deal(alpha, '2026-01-06', 'won', 'close', [['approach', '2026-01-06'], ['qualify', '2026-01-16'], ['propose', '2026-01-26'], ['negotiate', '2026-02-05'], ['close', '2026-02-15']], '2026-02-20');
    deal(zeta, '2026-03-06', 'lost', 'qualify', [['approach', '2026-03-06'], ['qualify', '2026-03-20']], '2026-04-01');
    deal(beta, '2026-04-01', 'open', 'propose', [['approach', '2026-04-01'], ['qualify', '2026-04-05'], ['propose', '2026-04-11']], null);
    deal(gamma, '2026-05-01', 'open', 'approach', [['approach', '2026-05-01']], null);
    deal(eps, '2026-03-01', 'won', 'close', [['approach', '2026-03-01'], ['close', '2026-03-11']], '2026-03-15');
    deal(alpha, '2025-05-01', 'won', 'close', [['approach', '2025-05-01'], ['close', '2025-05-20']], '2025-05-25');

    const snap = (account_id: number, computed_on: string, tier: string) => ins('score_snapshots', { account_id, computed_on, tier });
    snap(alpha, '2025-12-01', 'B');
    snap(alpha, '2026-03-01', 'A');
    snap(beta, '2025-12-01', 'A');
    snap(beta, '2026-06-01', 'B');
    snap(gamma, '2025-12-01', 'C');
    snap(gamma, '2026-02-01', 'C');
    snap(eps, '2026-04-01', 'B');
    snap(zeta, '2025-11-01', 'C');
    snap(zeta, '2026-07-15', 'A');
    ins('ladder_history', { account_id: eps, rung: 'first-time', since: '2026-03-15' });
    ins('ladder_history', { account_id: alpha, rung: 'repeat', since: '2025-07-01' });

    const survey = (account_id: number, taken_on: string, v: (number | null)[]) =>
      ins('surveys', { account_id, taken_on, product_quality: v[0], service_quality: v[1], price: v[2], communication: v[3], overall: v[4], created_at: T(taken_on) });
    survey(alpha, '2026-01-20', [5, 4, 3, 4, 4]);
    survey(beta, '2026-01-25', [3, 4, 2, null, 3]);
    survey(eps, '2026-04-10', [4, 5, 4, 5, 5]);

    const promise = (due_on: string, status: string) => ins('promises', { account_id: alpha, what: 'send samples', due_on, status, created_at: T('2026-01-01') });
    promise('2026-01-20', 'kept');
    promise('2026-01-25', 'broken');
    promise('2026-03-10', 'kept');
    promise('2026-06-20', 'open');
    promise('2026-07-05', 'open');

    const complaint = (opened_on: string, resolved_on: string | null) =>
      ins('complaints', { account_id: beta, summary: 'late delivery', opened_on, resolved_on, status: resolved_on ? 'resolved' : 'open', created_at: T(opened_on) });
    complaint('2026-02-03', '2026-02-10');
    complaint('2026-02-15', null);
    complaint('2026-05-05', '2026-05-06');
  })();
  db.close();
}
