// Retention, churn, repeat purchase and referrals per month, quarter or year.
import * as q from '../../db/queries/reports.js';
import { retentionRow } from '../../domain/reports/metrics.js';
import { col, type Report } from '../../domain/reports/model.js';
import { bucketLabel, bucketRange, bucketStart, bucketStatus, coveredThrough } from '../../domain/reports/period.js';
import { base, num, type Ctx } from './common.js';

export async function retention(c: Ctx): Promise<Report> {
  const r = base(c, 'retention', 'Retention, churn, repeat purchase and referrals');
  const buckets = bucketRange(c.from, c.to, c.by);
  const first = buckets[0]!;
  const prevStart = bucketStart(first - 1, c.by);
  const { per, firsts, refs } = await q.retentionFigures(c.ctx.db, c, c.by, prevStart);
  const at = (i: number) => per.find((p) => num(p.b) === i);
  const through = coveredThrough(c.to, c.ctx.clock.today());
  const toDate = buckets.map((i) => firsts.filter((f) => num(f.b) <= i).reduce((t, f) => t + num(f.n), 0));
  const out = buckets.map((i, k) => {
    const x = at(i);
    const ref = refs.find((f) => num(f.b) === i);
    const { partial, status } = bucketStatus(i, c.by, through);
    const row = retentionRow({
      label: bucketLabel(i, c.by),
      customers: num(x?.customers),
      previous: num(at(i - 1)?.customers),
      retained: num(x?.retained),
      newCustomers: num(x?.fresh),
      repeat: num(x?.repeat),
      customersToDate: toDate[k]!,
      referrers: num(ref?.referrers),
      referred: num(ref?.referred),
    });
    // Who of last period's customers buys again is not known until the period is over.
    return partial ? { ...row, churned: null, retentionRate: null, churnRate: null, status } : { ...row, status };
  });
  const rated = out.filter((o) => o.retentionRate !== null);
  const avg = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((t, x) => t + x, 0) / v.length : null;
  };
  r.summary.push(
    { label: `average retention per ${c.by}`, value: avg(rated.map((o) => o.retentionRate)), kind: 'pct' },
    { label: `average churn per ${c.by}`, value: avg(rated.map((o) => o.churnRate)), kind: 'pct' },
    { label: 'average repeat-purchase rate', value: avg(out.filter((o) => o.status === 'complete').map((o) => o.repeatRate)), kind: 'pct' },
    { label: 'accounts referred in the period', value: out.reduce((t, o) => t + o.referred, 0), kind: 'int' },
  );
  r.tables.push({
    title: `Per ${c.by}`,
    columns: [
      col('period', c.by),
      col('customers', 'customers', 'int'),
      col('newCustomers', 'new', 'int'),
      col('retained', 'retained', 'int'),
      col('churned', 'churned', 'int'),
      col('retentionRate', 'retention', 'pct'),
      col('churnRate', 'churn', 'pct'),
      col('repeatRate', 'repeat purchase', 'pct'),
      col('referred', 'referred', 'int'),
      col('referralRate', 'referral rate', 'pct'),
      col('status', 'status'),
    ],
    rows: out,
  });
  r.charts.push({
    kind: 'spark',
    title: `Rates per ${c.by}`,
    labels: out.map((o) => (o.status === 'complete' ? o.period : `${o.period}*`)),
    series: [
      // n: the customers each rate is a share of.
      { label: 'retention', unit: 'pct', values: out.map((o) => o.retentionRate), n: { of: `customers the ${c.by} before`, counts: out.map((o) => (o.churned === null ? 0 : o.retained + o.churned)) } },
      { label: 'churn', unit: 'pct', values: out.map((o) => o.churnRate), n: { of: `customers the ${c.by} before`, counts: out.map((o) => (o.churned === null ? 0 : o.retained + o.churned)) } },
      { label: 'repeat purchase', unit: 'pct', values: out.map((o) => o.repeatRate), n: { of: 'customers', counts: out.map((o) => o.customers) } },
      { label: 'referral', unit: 'pct', values: out.map((o) => o.referralRate), n: { of: 'customers to date', counts: toDate } },
    ],
  });
  const partialOnes = out.filter((o) => o.status !== 'complete');
  if (partialOnes.length)
    r.notes.push(
      `${partialOnes.map((o) => o.period).join(', ')} (* in the chart): not over by ${through}, so partial: counts so far, no retention or churn, left out of the averages.`,
    );
  r.notes.push(
    `A customer of a ${c.by} placed an order in it. Retention: share of the previous ${c.by}'s customers who bought again; churn = 1 − retention.`,
    `Repeat purchase: share of the ${c.by}'s customers with at least two orders to date. Referral rate: accounts that referred a new account in the ${c.by}, over all customers to date.`,
  );
  return r;
}
