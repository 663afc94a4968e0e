// Tiers: the distribution now, movements over the period, the relationship ladder.
import * as q from '../../db/queries/reports.js';
import { compareTiers, movement } from '../../domain/reports/metrics.js';
import { col, ratio, type Report } from '../../domain/reports/model.js';
import { base, num, type Ctx } from './common.js';

export async function tiers(c: Ctx): Promise<Report> {
  const r = base(c, 'tiers', 'Tiers: distribution and movements');
  const { distribution: dist, moves, ladder, entered } = await q.tierFigures(c.ctx.db, c);
  const accounts = dist.reduce((t, d) => t + num(d.n), 0);
  const revenue = dist.reduce((t, d) => t + num(d.revenue), 0);
  const distRows = dist
    .map((d) => ({ tier: d.tier ?? '(none)', accounts: num(d.n), accountShare: ratio(num(d.n), accounts), revenue: num(d.revenue), revenueShare: ratio(num(d.revenue), revenue) }))
    .sort((a, b) => (a.tier === '(none)' ? 1 : b.tier === '(none)' ? -1 : compareTiers(a.tier, b.tier)));
  const counts = { up: 0, down: 0, same: 0, new: 0, dropped: 0 };
  const moveRows = moves
    .map((m) => {
      const mv = movement(m.ft, m.tt);
      counts[mv] += num(m.n);
      return { from: m.ft ?? '(none)', to: m.tt ?? '(none)', movement: mv, accounts: num(m.n) };
    })
    .filter((m) => m.movement !== 'same')
    .sort((a, b) => b.accounts - a.accounts || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  r.summary.push(
    { label: 'accounts', value: accounts, kind: 'int' },
    { label: 'moved up', value: counts.up, kind: 'int' },
    { label: 'moved down', value: counts.down, kind: 'int' },
    { label: 'newly tiered', value: counts.new, kind: 'int' },
    { label: 'unchanged', value: counts.same, kind: 'int' },
  );
  r.tables.push({
    title: 'Distribution (current tiers)',
    columns: [col('tier', 'tier'), col('accounts', 'accounts', 'int'), col('accountShare', '% accounts', 'pct'), col('revenue', 'revenue', 'money'), col('revenueShare', '% revenue', 'pct')],
    rows: distRows,
  });
  r.tables.push({ title: 'Movements over the period', columns: [col('from', 'from'), col('to', 'to'), col('movement', 'movement'), col('accounts', 'accounts', 'int')], rows: moveRows });
  r.tables.push({
    title: 'Relationship ladder',
    columns: [col('rung', 'rung'), col('accounts', 'accounts now', 'int'), col('entered', 'entered in period', 'int')],
    rows: ladder.map((l) => ({ rung: l.rung ?? '(none)', accounts: num(l.n), entered: num(entered.find((e) => e.rung === l.rung)?.n) })),
  });
  r.charts.push({ kind: 'bars', title: 'Accounts per tier', unit: 'int', axis: 'accounts', items: distRows.map((d) => ({ label: d.tier, value: d.accounts })) });
  r.notes.push(`Movements compare each account's last score snapshot before ${c.from} with its last one up to ${c.to}. Revenue: orders in the period.`);
  return r;
}
