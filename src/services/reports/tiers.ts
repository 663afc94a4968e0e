// Tiers: the distribution now, movements over the period, the relationship ladder.
import * as q from '../../db/queries/reports.js';
import { compareTiers, movement } from '../../domain/reports/metrics.js';
import { col, ratio, type Report } from '../../domain/reports/model.js';
import { abcTiers, tiersConfig } from '../../domain/tiers.js';
import { sqlRates } from '../money.js';
import { base, num, type Ctx } from './common.js';

export async function tiers(c: Ctx): Promise<Report> {
  const r = base(c, 'tiers', 'Tiers: distribution and movements');
  const money = await c.money(['orders']);
  r.currency = money.base;
  const rates = sqlRates(money);
  const { tiersNow, moves, ladder, entered } = await q.tierFigures(c.ctx.db, c);
  // One read of the period's revenue per account serves the current tiers and the period's classes.
  const revs = (await q.revenueByAccount(c.ctx.db, c, rates)).map((x) => ({ id: x.id, amount: num(x.revenue) }));
  const revOf = new Map(revs.map((x) => [x.id, x.amount]));
  const byTier = new Map<string | null, { tier: string | null; n: number; revenue: number }>();
  for (const a of tiersNow) {
    const d = byTier.get(a.tier) ?? { tier: a.tier, n: 0, revenue: 0 };
    d.n++;
    d.revenue += revOf.get(a.id) ?? 0;
    byTier.set(a.tier, d);
  }
  const dist = [...byTier.values()];
  // The period's own ABC classes, from its revenue (the stored tiers are from lifetime revenue).
  const tc = tiersConfig(c.ctx.config);
  const periodRevs = revs.filter((x) => x.amount > 0);
  const periodTotal = periodRevs.reduce((t, x) => t + x.amount, 0);
  const classes = abcTiers(periodRevs, tc.a, tc.b);
  const classRows = (['A', 'B', 'C'] as const).map((k) => {
    const mine = periodRevs.filter((x) => classes.get(x.id) === k);
    const rev = mine.reduce((t, x) => t + x.amount, 0);
    return { tier: k, accounts: mine.length, accountShare: ratio(mine.length, periodRevs.length), revenue: rev, revenueShare: ratio(rev, periodTotal) };
  });
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
  r.tables.push({
    title: `ABC classes of the period (its own revenue, ${c.from} – ${c.to})`,
    columns: [col('tier', 'class'), col('accounts', 'accounts', 'int'), col('accountShare', '% accounts', 'pct'), col('revenue', 'revenue', 'money'), col('revenueShare', '% revenue', 'pct')],
    rows: classRows,
  });
  r.tables.push({ title: 'Movements over the period', columns: [col('from', 'from'), col('to', 'to'), col('movement', 'movement'), col('accounts', 'accounts', 'int')], rows: moveRows });
  r.tables.push({
    title: 'Relationship ladder',
    columns: [col('rung', 'rung'), col('accounts', 'accounts now', 'int'), col('entered', 'entered in period', 'int')],
    rows: ladder.map((l) => ({ rung: l.rung ?? '(none)', accounts: num(l.n), entered: num(entered.find((e) => e.rung === l.rung)?.n) })),
  });
  r.charts.push({ kind: 'bars', title: 'Accounts per tier', unit: 'int', axis: 'accounts', items: distRows.map((d) => ({ label: d.tier, value: d.accounts })) });
  r.notes.push(
    `Movements compare each account's last score snapshot before ${c.from} with its last one up to ${c.to}. Revenue: orders in the period, in ${money.base}.`,
    `Current tiers are ranked by lifetime ${tc.by}; the period's classes rank the accounts that bought in the period by that period's revenue (A up to ${Math.round(tc.a * 100)}%, B up to ${Math.round(tc.b * 100)}%, C the rest; equal revenues share a class).`,
  );
  return r;
}
