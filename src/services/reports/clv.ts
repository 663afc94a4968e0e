// Customer lifetime value by tier and by lead source.
import * as q from '../../db/queries/reports.js';
import { addDays } from '../../domain/dates.js';
import { clv, compareTiers, sumClv, type ClvInput } from '../../domain/reports/metrics.js';
import { col, type Report } from '../../domain/reports/model.js';
import { sqlRates } from '../money.js';
import { base, num, type Ctx } from './common.js';

export async function clvReport(c: Ctx): Promise<Report> {
  const r = base(c, 'clv', 'Customer lifetime value');
  const y1 = addDays(c.to, -364);
  const y2 = addDays(c.to, -729);
  const money = await c.money(['orders']);
  r.currency = money.base;
  const groups = await q.clvGroups(c.ctx.engine, c.to, y1, y2, sqlRates(money));
  const input = (g: (typeof groups)[number]): ClvInput => ({
    customers: num(g.customers),
    orders: num(g.orders),
    revenue: num(g.revenue),
    profit: num(g.profit),
    profitRevenue: num(g.profit_revenue),
    customerYears: num(g.years),
    base: num(g.base),
    retained: num(g.retained),
  });
  const all = sumClv(groups.map(input));
  const opts = { maxYears: c.cfg.clvMaxYears, fallbackRetention: all.base ? all.retained / all.base : null };
  const overall = clv(all, { ...opts, fallbackRetention: null });
  const roll = (key: 'tier' | 'source') => {
    const m = new Map<string, ClvInput[]>();
    for (const g of groups) {
      const k = g[key] || '(none)';
      m.set(k, [...(m.get(k) ?? []), input(g)]);
    }
    return [...m].map(([k, xs]) => ({ group: k, ...clv(sumClv(xs), opts) }));
  };
  const cols = [
    col('customers', 'customers', 'int'),
    col('avgOrder', 'avg order', 'money'),
    col('ordersPerYear', 'orders / year', 'num'),
    col('annualValue', 'revenue / year', 'money'),
    col('margin', 'margin', 'pct'),
    col('retention', 'retention / year', 'pct'),
    col('expectedYears', 'expected years', 'num'),
    col('clv', 'CLV', 'money'),
  ];
  const byTier = roll('tier').sort((a, b) => (a.group === '(none)' ? 1 : b.group === '(none)' ? -1 : compareTiers(a.group, b.group)));
  const bySource = roll('source').sort((a, b) => (b.clv ?? 0) - (a.clv ?? 0));
  r.summary.push(
    { label: 'customers', value: overall.customers, kind: 'int' },
    { label: 'revenue per customer per year', value: overall.annualValue, kind: 'money' },
    { label: 'annual retention', value: overall.retention, kind: 'pct' },
    { label: 'expected lifetime (years)', value: overall.expectedYears, kind: 'num' },
    { label: 'average CLV', value: overall.clv, kind: 'money' },
  );
  r.tables.push({ title: 'By tier', columns: [col('tier', 'tier'), ...cols], rows: byTier.map(({ group, ...x }) => ({ tier: group, ...x })) });
  r.tables.push({ title: 'By lead source', columns: [col('source', 'source'), ...cols], rows: bySource.map(({ group, ...x }) => ({ source: group, ...x })) });
  r.charts.push({ kind: 'bars', title: 'CLV by tier', unit: 'money', axis: 'CLV per customer', items: byTier.map((t) => ({ label: t.group, value: t.clv ?? 0 })) });
  r.notes.push(
    `CLV = revenue per customer per year × margin × expected lifetime. Revenue per year: the group's revenue over its customer-years (each customer counts the years from the first order to ${c.to}, at least one).`,
    `Margin: profit / revenue of the orders that recorded a profit (100% when none did). Expected lifetime = 1 / (1 − annual retention), at most ${c.cfg.clvMaxYears} years; annual retention: of the customers who bought from ${y2} to ${addDays(y1, -1)}, the share who bought again from ${y1} to ${c.to} (the whole book's rate when a group has none).`,
  );
  return r;
}
