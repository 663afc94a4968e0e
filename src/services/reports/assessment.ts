// The rep's assessment: 70% sales against target, 10% activity, 10% promises kept, 10% complaints resolved.
import * as q from '../../db/queries/reports.js';
import { NotFoundError } from '../../domain/errors.js';
import { assess, trailingTarget } from '../../domain/reports/metrics.js';
import { col, type Report } from '../../domain/reports/model.js';
import { bucketEnd, bucketIndex, bucketLabel, bucketRange, bucketStart } from '../../domain/reports/period.js';
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
  const { revenue, firstOrder, interactions: inter, promises: prom, complaints: comp } = await q.assessmentFigures(c.ctx.db, c, trailStart, today, owner);
  const base0 = first - 12;
  const monthly = months.map(() => 0);
  const series: number[] = [];
  for (let i = base0; i <= months[months.length - 1]!; i++) series.push(num(revenue.find((x) => num(x.m) === i)?.revenue));
  const firstIdx = firstOrder?.d ? bucketIndex(firstOrder.d, 'month') - base0 : null;
  const target = c.opts.target ?? c.cfg.monthlyTarget;
  const out = months.map((m, k) => {
    monthly[k] = series[m - base0]!;
    const p = prom.find((x) => num(x.m) === m);
    const cp = comp.find((x) => num(x.m) === m);
    return assess({
      month: bucketLabel(m, 'month'),
      revenue: series[m - base0]!,
      target: target ?? trailingTarget(series, m - base0, firstIdx === null ? null : Math.max(0, firstIdx)),
      interactions: num(inter.find((x) => num(x.m) === m)?.n),
      activityTarget: c.cfg.activityTarget,
      promisesKept: num(p?.kept),
      promisesBroken: num(p?.broken),
      complaintsOpened: num(cp?.opened),
      complaintsResolved: num(cp?.resolved),
    });
  });
  const avg = out.length ? Math.round(out.reduce((t, o) => t + o.score, 0) / out.length) : null;
  // What happened behind each month's figures: `crm activity` for the same period and rep.
  const activityCommand = (from: string, to: string) => `crm activity --from ${from} --to ${to}${owner ? ` --owner ${owner}` : ''}`;
  const rows = out.map((o, k) => {
    const start = bucketStart(months[k]!, 'month');
    const end = bucketEnd(months[k]!, 'month');
    return { ...o, activity: activityCommand(start < c.from ? c.from : start, end > c.to ? c.to : end) };
  });
  r.summary.push(
    { label: 'months', value: out.length, kind: 'int' },
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
    ],
    rows,
  });
  r.charts.push({
    kind: 'spark',
    title: 'Score per month',
    labels: out.map((o) => o.month),
    series: [
      { label: 'score', unit: 'int', values: out.map((o) => o.score), scale: { min: 0, max: 100 } },
      { label: 'revenue', unit: 'money', values: monthly, n: { of: 'orders', counts: months.map((m) => num(revenue.find((x) => num(x.m) === m)?.orders)) } },
    ],
  });
  r.notes.push(
    'Score = 70% sales results + 10% activity + 10% promises kept + 10% complaints resolved, each scored 0-100; grades: excellent ≥ 90, good 75-89, fair 60-74, poor ≤ 59.',
    `The interactions, deals, promises and complaints behind these figures: ${activityCommand(c.from, c.to)} (each month's row carries its own in JSON).`,
    `Sales: revenue / monthly target (capped at 100) — target ${target !== null && target !== undefined ? String(target) : 'the average monthly revenue of the 12 months before (reports.monthlyTarget or --target sets one)'}. Activity: interactions / ${c.cfg.activityTarget}. Promises: kept / (kept + broken or overdue) of those due in the month. Complaints: resolved / opened in the month.`,
  );
  return r;
}
