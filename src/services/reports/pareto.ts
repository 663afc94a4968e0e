// Revenue concentration: the Pareto curve, deciles and the top accounts.
import * as q from '../../db/queries/reports.js';
import { col, type Report } from '../../domain/reports/model.js';
import { pareto } from '../../domain/reports/pareto.js';
import { abcTiers, tiersConfig } from '../../domain/tiers.js';
import { sqlRates } from '../money.js';
import { base, num, type Ctx } from './common.js';

export async function paretoReport(c: Ctx): Promise<Report> {
  const r = base(c, 'pareto', 'Revenue concentration (Pareto)');
  const money = await c.money(['orders']);
  r.currency = money.base;
  const revs = await q.revenueByAccount(c.ctx.db, c, sqlRates(money));
  const tc = tiersConfig(c.ctx.config);
  const p = pareto(revs.map((x) => num(x.revenue)), tc);
  // The period's own classes: an account's tier (lifetime revenue) says nothing of this period.
  const classes = abcTiers(revs.filter((x) => num(x.revenue) > 0).map((x) => ({ id: x.id, amount: num(x.revenue) })), tc.a, tc.b);
  const top = revs.filter((x) => num(x.revenue) > 0).sort((a, b) => num(b.revenue) - num(a.revenue) || a.id - b.id).slice(0, 10);
  const names = await q.accountNames(c.ctx.db, top.map((t) => t.id));
  let run = 0;
  r.summary.push(
    { label: 'accounts with revenue', value: p.accounts, kind: 'int' },
    { label: 'revenue', value: p.revenue, kind: 'money' },
    { label: 'accounts making 80% of revenue', value: p.eightyCount, kind: 'int' },
    { label: 'share of accounts making 80%', value: p.eightyShare, kind: 'pct' },
    { label: 'revenue share of the top 20%', value: p.top20RevenueShare, kind: 'pct' },
    { label: 'A accounts in the period', value: p.abc.A, kind: 'int' },
    { label: 'B accounts in the period', value: p.abc.B, kind: 'int' },
    { label: 'C accounts in the period', value: p.abc.C, kind: 'int' },
  );
  r.tables.push({
    title: 'Cumulative revenue share',
    columns: [col('accountShare', 'top accounts', 'pct'), col('accounts', 'accounts', 'int'), col('revenueShare', 'revenue share', 'pct')],
    rows: p.deciles.map((d) => ({ ...d })),
  });
  r.tables.push({
    title: 'Top accounts',
    columns: [
      col('rank', '#', 'int'),
      col('id', 'id'),
      col('name', 'account'),
      col('periodClass', 'class in period'),
      col('tier', 'tier now'),
      col('revenue', 'revenue', 'money'),
      col('cumulative', 'cumulative share', 'pct'),
    ],
    rows: top.map((t, i) => {
      run += num(t.revenue);
      const a = names.find((n) => n.id === t.id);
      return { rank: i + 1, id: t.id, name: a?.name ?? '', periodClass: classes.get(t.id) ?? null, tier: a?.tier ?? null, revenue: num(t.revenue), cumulative: p.revenue ? run / p.revenue : null };
    }),
  });
  if (p.accounts)
    r.charts.push({
      kind: 'curve',
      title: 'Pareto curve: share of revenue against share of accounts',
      x: 'share of accounts, largest first',
      y: 'share of revenue',
      points: p.curve,
      mark: p.eightyShare === null ? undefined : { x: p.eightyShare, y: 0.8, label: `${Math.round(p.eightyShare * 1000) / 10}% of accounts → 80% of revenue` },
    });
  r.notes.push(
    `Orders from ${c.from} to ${c.to}, per account, in ${money.base}. Classes are the period's own, ranked by the period's revenue: A: the accounts that make up ${Math.round(tc.a * 100)}% of it; B: up to ${Math.round(tc.b * 100)}%; C: the rest; equal revenues share a class. "tier now" is the stored tier (lifetime revenue, crm tiers).`,
  );
  return r;
}
