// Satisfaction: the average of each survey dimension per period.
import * as q from '../../db/queries/reports.js';
import { toBase } from '../../domain/money.js';
import { col, type Report } from '../../domain/reports/model.js';
import { bucketLabel, bucketRange } from '../../domain/reports/period.js';
import { base, num, type Ctx } from './common.js';

const DIMENSIONS = [
  ['product_quality', 'productQuality', 'product quality'],
  ['service_quality', 'serviceQuality', 'service quality'],
  ['price', 'price', 'price'],
  ['communication', 'communication', 'communication'],
  ['overall', 'overall', 'overall experience'],
] as const;

export async function satisfaction(c: Ctx): Promise<Report> {
  const r = base(c, 'satisfaction', 'Satisfaction by dimension');
  const { per, total: tot } = await q.satisfactionFigures(c.ctx.db, c, c.by, DIMENSIONS);
  const buckets = bucketRange(c.from, c.to, c.by);
  const out = buckets.map((i) => {
    const x = per.find((p) => num(p.b) === i);
    const row: Record<string, unknown> = { period: bucketLabel(i, c.by), surveys: num(x?.surveys) };
    for (const [, key] of DIMENSIONS) row[key] = x?.[key] ?? null;
    return row;
  });
  r.summary.push({ label: 'surveys', value: num(tot?.surveys), kind: 'int' });
  for (const [, key, label] of DIMENSIONS) r.summary.push({ label, value: tot?.[key] ?? null, kind: 'num' });
  // What complaints cost in compensation, in the base currency at the rate of the day it was settled.
  const paid = await q.compensations(c.ctx.db, c);
  if (paid.length) {
    const money = await c.money(['complaints']);
    r.currency = money.base;
    r.summary.push(
      { label: 'complaints compensated', value: paid.length, kind: 'int' },
      { label: 'compensation paid', value: paid.reduce((t, x) => t + toBase(money, x.amount, x.currency, x.on), 0), kind: 'money' },
    );
  }
  r.tables.push({ title: `Average score per ${c.by}`, columns: [col('period', c.by), col('surveys', 'surveys', 'int'), ...DIMENSIONS.map(([, key, label]) => col(key, label, 'num'))], rows: out });
  r.charts.push({
    kind: 'spark',
    title: `The five dimensions per ${c.by}`,
    labels: out.map((o) => String(o.period)),
    // The survey scale is 1-5: its baseline is 1, not 0.
    series: DIMENSIONS.map(([, key, label]) => ({
      label,
      unit: 'num' as const,
      values: out.map((o) => (o[key] === null ? null : Number(o[key]))),
      scale: { min: 1, max: 5 },
      n: { of: 'surveys', counts: out.map((o) => Number(o.surveys)) },
    })),
  });
  r.notes.push(`Surveys taken from ${c.from} to ${c.to} (crm survey, each dimension scored 1-5); averages leave out dimensions not answered.`);
  return r;
}
