// Issue 15.4: a period that is not over is partial. On 2026-05-20 May has run 20 of its 31 days:
// its customers, revenue and interactions are those so far, and it must not be graded or rated as a
// whole month (before, May showed "churn 100%" and a "poor" assessment). The book is the report
// fixture (test/helpers/report-fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { byKey, reportSandbox, reportSummary as summary, reportTable as table } from '../helpers/report-fixture.js';

describe('honest periods: the month not over yet is partial', () => {
  let sb: Sandbox;
  const report = (name: string, extra: string[] = [], asOf = '2026-05-20') =>
    sb.json(['report', name, '--from', '2026-01-01', '--to', '2026-05-20', '--as-of', asOf, ...extra]);

  beforeAll(() => {
    sb = reportSandbox();
  });
  afterAll(() => sb.cleanup());

  it('retention: May has no retention or churn yet and stays out of the averages', () => {
    // April's one customer (Alpha) has not bought in May by the 20th: the old report said churn 100%.
    const r = report('retention');
    const m = byKey(table(r, 'Per month'), 'period');
    expect(m['2026-05']).toMatchObject({ customers: 1, retained: 0, churned: null, retentionRate: null, churnRate: null, status: 'partial (to 2026-05-20)' });
    expect(m['2026-04']).toMatchObject({ retentionRate: 0, churnRate: 1, status: 'complete' });
    // Complete months with a previous month's customers: February 1, March 0, April 0.
    expect(summary(r, 'average retention per month')).toBeCloseTo(1 / 3);
    expect(r.notes.join(' ')).toMatch(/2026-05 \(\* in the chart\): not over by 2026-05-20/);
    // A period that ends mid-month in the past is partial too: the figures stop at its end.
    const past = report('retention', [], '2026-06-30');
    expect(byKey(table(past, 'Per month'), 'period')['2026-05'].status).toBe('partial (to 2026-05-20)');
    // And a month that is over is complete.
    const whole = sb.json(['report', 'retention', '--from', '2026-01-01', '--to', '2026-05-31', '--as-of', '2026-06-30']);
    expect(byKey(table(whole, 'Per month'), 'period')['2026-05']).toMatchObject({ churnRate: 1, status: 'complete' });
  });

  it('assessment: May is measured against 20/31 of its targets and not graded', () => {
    const r = report('assessment', ['--target', '2500']);
    const m = byKey(table(r, 'Per month'), 'month');
    // Beta's 500 on 2026-05-10 against 2500 × 20/31 = 1612.90: 31 points of sales.
    expect(m['2026-05']).toMatchObject({ revenue: 500, salesScore: 31, score: null, grade: null });
    expect(m['2026-05'].target).toBeCloseTo((2500 * 20) / 31, 6);
    expect(m['2026-05'].status).toMatch(/^partial \(to 2026-05-20\): targets prorated, not graded/);
    expect(m['2026-04']).toMatchObject({ score: 53, grade: 'poor', status: 'complete' });
    // The average and the grade counts are over the four complete months: (95 + 90 + 86 + 53) / 4.
    expect(summary(r, 'months graded')).toBe(4);
    expect(summary(r, 'average score')).toBe(81);
    expect(['excellent', 'good', 'fair', 'poor'].map((g) => summary(r, `${g} months`))).toEqual([2, 1, 0, 1]);
  });

  it('activity: interactions per month, the last one marked partial', () => {
    const r = report('activity');
    const m = byKey(table(r, 'Per month'), 'period');
    expect(m['2026-05']).toMatchObject({ interactions: 1, visits: 1, status: 'partial (to 2026-05-20)' });
    expect(m['2026-03']).toMatchObject({ interactions: 3, status: 'complete' });
    const spark = r.charts.find((c: any) => c.title === 'Interactions per month');
    expect(spark.labels).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05*']);
  });

  it('crm activity: a period that runs past today says it is partial', () => {
    // On 2026-05-20 "May" holds 20 days of events; the header and the JSON say so.
    const may = ['activity', '--from', '2026-05-01', '--to', '2026-05-31'];
    const r = sb.json([...may, '--as-of', '2026-05-20']);
    expect(r.partialThrough).toBe('2026-05-20');
    expect(sb.crm([...may, '--as-of', '2026-05-20']).stdout).toContain('Activity 2026-05-01 – 2026-05-31 (partial: to 2026-05-20)');
    expect(sb.json([...may, '--as-of', '2026-06-30']).partialThrough).toBeNull();
  });
});
