// The rep's assessment: 70% sales against target, 10% activity, 10% promises kept, 10% complaints resolved.
import * as q from '../../db/queries/reports.js';
import { NotFoundError } from '../../domain/errors.js';
import { assess, trailingTarget } from '../../domain/reports/metrics.js';
import { col, type Report } from '../../domain/reports/model.js';
import { bucketEnd, bucketIndex, bucketLabel, bucketRange, bucketShare, bucketStart, bucketStatus, coveredThrough } from '../../domain/reports/period.js';
import { sqlRates } from '../money.js';
import { base, num, type Ctx } from './common.js';

export async function assessment(c: Ctx): Promise<Report> {
  const r = base(c, 'assessment', "The rep's assessment");
  const owner = c.opts.owner;
  if (owner && !(await q.repExists(c.ctx.db, owner)))
    throw new NotFoundError(`no rep named "${owner}"`, 'reps are the owners of accounts: crm account list --owner NAME');
  const months = bucketRange(c.from, c.to, 'month');
  const first = months[0]!;
  const trailStart = bucketStart(first - 12, 'month');
  const today = c.ctx.clock.today();
  const money = await c.money(['orders']);
  r.currency = money.base;
  const { revenue, firstOrder, interactions: inter, promises: prom, complaints: comp } = await q.assessmentFigures(c.ctx.db, c, trailStart, today, sqlRates(money), owner);
  const base0 = first - 12;
  const monthly = months.map(() => 0);
  const series: number[] = [];
  for (let i = base0; i <= months[months.length - 1]!; i++) series.push(num(revenue.find((x) => num(x.m) === i)?.revenue));
  const firstIdx = firstOrder?.d ? bucketIndex(firstOrder.d, 'month') - base0 : null;
  const target = c.opts.target ?? c.cfg.monthlyTarget;
  const through = coveredThrough(c.to, today);
  const out = months.map((m, k) => {
    monthly[k] = series[m - base0]!;
    const p = prom.find((x) => num(x.m) === m);
    const cp = comp.find((x) => num(x.m) === m);
    const full = target ?? trailingTarget(series, m - base0, firstIdx === null ? null : Math.max(0, firstIdx));
    // A month not over yet is measured against the part of its targets due so far, and not graded.
    const { partial, status } = bucketStatus(m, 'month', through);
    const share = partial ? bucketShare(m, 'month', through) : 1;
    const a = assess({
      month: bucketLabel(m, 'month'),
      revenue: series[m - base0]!,
      target: full === null ? null : full * share,
      interactions: num(inter.find((x) => num(x.m) === m)?.n),
      activityTarget: c.cfg.activityTarget * share,
      promisesKept: num(p?.kept),
      promisesBroken: num(p?.broken),
      complaintsOpened: num(cp?.opened),
      complaintsResolved: num(cp?.resolved),
    });
    return partial ? { ...a, score: null, grade: null, status: `${status}: targets prorated, not graded` } : { ...a, status };
  });
  const graded = out.filter((o) => o.score !== null);
  const avg = graded.length ? Math.round(graded.reduce((t, o) => t + o.score!, 0) / graded.length) : null;
  // What happened behind each month's figures: `crm activity` for the same period and rep.
  const activityCommand = (from: string, to: string) => `crm activity --from ${from} --to ${to}${owner ? ` --owner ${owner}` : ''}`;
  const rows = out.map((o, k) => {
    const start = bucketStart(months[k]!, 'month');
    const end = bucketEnd(months[k]!, 'month');
    return { ...o, activity: activityCommand(start < c.from ? c.from : start, end > c.to ? c.to : end) };
  });
  r.summary.push(
    { label: 'months', value: out.length, kind: 'int' },
    { label: 'months graded', value: graded.length, kind: 'int' },
    { label: 'revenue', value: out.reduce((t, o) => t + o.revenue, 0), kind: 'money' },
    { label: 'average score', value: avg, kind: 'int' },
    ...(['excellent', 'good', 'fair', 'poor'] as const).map((g) => ({ label: `${g} months`, value: out.filter((o) => o.grade === g).length, kind: 'int' as const })),
    { label: 'what happened', value: activityCommand(c.from, c.to), kind: 'text' },
  );
  if (owner) r.summary.unshift({ label: 'rep', value: owner, kind: 'text' });
  r.tables.push({
    title: 'Per month',
    columns: [
      col('month', 'month'),
      col('revenue', 'revenue', 'money'),
      col('target', 'target', 'money'),
      col('salesScore', 'sales (70%)', 'int'),
      col('activityScore', 'activity (10%)', 'int'),
      col('promiseScore', 'promises kept (10%)', 'int'),
      col('complaintScore', 'complaints resolved (10%)', 'int'),
      col('score', 'score', 'int'),
      col('grade', 'grade'),
      col('status', 'status'),
    ],
    rows,
  });
  r.charts.push({
    kind: 'spark',
    title: 'Score per month',
    labels: out.map((o) => (o.score === null ? `${o.month}*` : o.month)),
    series: [
      { label: 'score', unit: 'int', values: out.map((o) => o.score), scale: { min: 0, max: 100 } },
      { label: 'revenue', unit: 'money', values: monthly, n: { of: 'orders', counts: months.map((m) => num(revenue.find((x) => num(x.m) === m)?.orders)) } },
    ],
  });
  const partialMonths = out.filter((o) => o.score === null).map((o) => o.month);
  if (partialMonths.length)
    r.notes.push(
      `${partialMonths.join(', ')} (* in the chart): not over by ${through}, so partial: its sales and activity targets are prorated to the days gone by, and it is not graded nor in the average.`,
    );
  r.notes.push(
    'Score = 70% sales results + 10% activity + 10% promises kept + 10% complaints resolved, each scored 0-100; grades: excellent ≥ 90, good 75-89, fair 60-74, poor ≤ 59.',
    `The interactions, deals, promises and complaints behind these figures: ${activityCommand(c.from, c.to)} (each month's row carries its own in JSON).`,
    `Sales: revenue / monthly target (capped at 100) — target ${target !== null && target !== undefined ? String(target) : 'the average monthly revenue of the 12 months before (reports.monthlyTarget or --target sets one)'}. Activity: interactions / ${c.cfg.activityTarget}. Promises: kept / (kept + broken or overdue) of those due in the month. Complaints: resolved / opened in the month.`,
  );
  return r;
}

