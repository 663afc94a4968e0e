import { describe, expect, it } from 'vitest';
import { funnelRows, relationshipAt, winRates } from '../../src/domain/reports/funnel.js';
import { formatValue } from '../../src/domain/reports/format.js';
import { assess, clv, compareTiers, movement, retentionRow, timeShares, trailingTarget } from '../../src/domain/reports/metrics.js';
import { histogramMedian, median } from '../../src/domain/reports/model.js';
import { pareto } from '../../src/domain/reports/pareto.js';
import { bucketEnd, bucketIndex, bucketLabel, bucketRange, bucketStart, defaultFrom } from '../../src/domain/reports/period.js';
import { exportCsv } from '../../src/io/csv-export.js';
import { csvLines } from '../../src/io/csv-writer.js';
import { fold, vcard } from '../../src/io/vcard-export.js';

describe('periods', () => {
  it('defaults to the twelve calendar months ending with the month of --to', () => {
    expect(defaultFrom('2026-11-22')).toBe('2025-12-01');
    expect(defaultFrom('2026-01-31')).toBe('2025-02-01');
  });
  it('numbers buckets so the previous one is n - 1', () => {
    expect(bucketIndex('2026-01-15', 'month') - bucketIndex('2025-12-31', 'month')).toBe(1);
    expect(bucketLabel(bucketIndex('2026-05-01', 'quarter'), 'quarter')).toBe('2026-Q2');
    expect(bucketStart(bucketIndex('2026-05-01', 'quarter'), 'quarter')).toBe('2026-04-01');
    expect(bucketEnd(bucketIndex('2026-02-10', 'month'), 'month')).toBe('2026-02-28');
    expect(bucketRange('2025-11-05', '2026-02-01', 'month').map((i) => bucketLabel(i, 'month'))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('medians', () => {
  it('of values and of histograms agree', () => {
    expect(median([4, 10, 14, 10])).toBe(10);
    expect(median([5, 4])).toBe(4.5);
    expect(median([])).toBeNull();
    expect(histogramMedian([{ value: 10, count: 2 }, { value: 4, count: 1 }, { value: 14, count: 1 }])).toBe(10);
    expect(histogramMedian([{ value: 5, count: 1 }, { value: 4, count: 1 }])).toBe(4.5);
  });
});

describe('pareto', () => {
  it('finds the 80/20 point, the top-20% share and ABC classes', () => {
    const p = pareto([300, 5000, 1000, 200, 3000, 500, 0]);
    expect(p.accounts).toBe(6);
    expect(p.revenue).toBe(10000);
    expect(p.eightyCount).toBe(2);
    expect(p.eightyShare).toBeCloseTo(2 / 6);
    expect(p.top20RevenueShare).toBeCloseTo(0.8);
    expect(p.abc).toEqual({ A: 2, B: 2, C: 2 });
    expect(p.deciles[9]).toEqual({ accountShare: 1, accounts: 6, revenueShare: 1 });
    expect(p.curve[0]).toEqual({ x: 0, y: 0 });
    expect(p.curve[p.curve.length - 1]).toEqual({ x: 1, y: 1 });
  });
  it('is empty without revenue', () => {
    expect(pareto([]).eightyShare).toBeNull();
  });
});

describe('funnel', () => {
  it('accumulates deals reaching each stage and converts between them', () => {
    const rows = funnelRows({ furthest: [{ rank: 5, deals: 2 }, { rank: 2, deals: 1 }, { rank: 1, deals: 1 }], accountsReaching: [4, 4, 3, 2, 2, 2], openByStage: { approach: 1 }, won: 1, medianDays: {} });
    expect(rows.map((r) => r.reached)).toEqual([4, 4, 3, 2, 2, 2]);
    expect(rows[1]!.conversion).toBeCloseTo(0.75);
    expect(rows[5]!.conversion).toBe(0.5);
  });
  it('classifies the relationship and compares win rates with the baselines', () => {
    expect([0, 1, 2, 7].map(relationshipAt)).toEqual(['prospect', 'first-time', 'repeat', 'repeat']);
    const w = winRates([{ relationship: 'repeat', won: 1, lost: 3 }]);
    expect(w.find((x) => x.relationship === 'repeat')).toMatchObject({ closed: 4, winRate: 0.25, baseline: 0.5, gap: -0.25 });
    expect(w.find((x) => x.relationship === 'prospect')!.winRate).toBeNull();
  });
});

describe('metrics', () => {
  it('retention, churn and repeat rates', () => {
    const r = retentionRow({ label: 'x', customers: 4, previous: 5, retained: 3, newCustomers: 1, repeat: 2, customersToDate: 10, referrers: 1, referred: 2 });
    expect(r).toMatchObject({ retentionRate: 0.6, churned: 2, repeatRate: 0.5, referralRate: 0.1 });
    expect(r.churnRate).toBeCloseTo(0.4);
    expect(retentionRow({ label: 'x', customers: 1, previous: 0, retained: 0, newCustomers: 1, repeat: 0, customersToDate: 0, referrers: 0, referred: 0 }).retentionRate).toBeNull();
  });
  it('CLV = annual value × margin × 1 / (1 − retention), capped', () => {
    const x = { customers: 2, orders: 4, revenue: 8000, profit: 1000, profitRevenue: 4000, customerYears: 4, base: 4, retained: 3 };
    const r = clv(x, { maxYears: 10, fallbackRetention: null });
    expect(r).toMatchObject({ annualValue: 2000, margin: 0.25, retention: 0.75, expectedYears: 4, clv: 2000, avgOrder: 2000, ordersPerYear: 1 });
    expect(clv({ ...x, retained: 4 }, { maxYears: 10, fallbackRetention: null }).expectedYears).toBe(10);
    expect(clv({ ...x, base: 0, retained: 0, profitRevenue: 0 }, { maxYears: 10, fallbackRetention: 0.5 })).toMatchObject({ margin: 1, expectedYears: 2, clv: 4000 });
  });
  it('time shares use minutes, imputing the kind average, else counts', () => {
    const t = timeShares(
      [
        { group: 'vip', kind: 'visit', n: 2, withMinutes: 1, minutes: 60 },
        { group: 'prospect', kind: 'call', n: 1, withMinutes: 1, minutes: 30 },
        { group: 'ordinary', kind: 'email', n: 1, withMinutes: 0, minutes: 0 },
      ],
      { vip: 0.6, ordinary: 0.3, prospect: 0.1 },
    );
    expect(t.basis).toBe('minutes');
    // vip: 60 + 60 imputed; email has no minutes anywhere: the overall average (90 / 2 = 45).
    expect(t.rows.map((r) => r.time)).toEqual([120, 45, 30]);
    const c = timeShares([{ group: 'vip', kind: 'call', n: 3, withMinutes: 0, minutes: 0 }, { group: 'prospect', kind: 'call', n: 1, withMinutes: 0, minutes: 0 }], { vip: 0.6, ordinary: 0.3, prospect: 0.1 });
    expect(c.basis).toBe('count');
    expect(c.rows[0]!.share).toBe(0.75);
    expect(c.rows[1]!.share).toBe(0);
  });
  it('tier movements', () => {
    expect(compareTiers('A', 'C')).toBeLessThan(0);
    expect(movement('B', 'A')).toBe('up');
    expect(movement('A', 'C')).toBe('down');
    expect(movement(null, 'C')).toBe('new');
    expect(movement('C', null)).toBe('dropped');
    expect(movement('B', 'B')).toBe('same');
  });
  it('assessment: sales weigh 70%, grades on the department scale', () => {
    const base = { month: '2026-01', interactions: 40, activityTarget: 40, promisesKept: 1, promisesBroken: 0, complaintsOpened: 0, complaintsResolved: 0 };
    expect(assess({ ...base, revenue: 900, target: 1000 })).toMatchObject({ salesScore: 90, score: 93, grade: 'excellent' });
    expect(assess({ ...base, revenue: 500, target: 1000 })).toMatchObject({ score: 65, grade: 'fair' });
    expect(assess({ ...base, revenue: 0, target: 1000, interactions: 0, promisesKept: 0, promisesBroken: 2, complaintsOpened: 2 })).toMatchObject({ score: 0, grade: 'poor' });
    expect(assess({ ...base, revenue: 5, target: null }).salesScore).toBe(100);
    expect(trailingTarget([0, 0, 100, 300, 200], 4, 2)).toBe(200);
    expect(trailingTarget([100], 0, 0)).toBeNull();
  });
});

describe('formatting and files', () => {
  it('formats report values', () => {
    expect(formatValue(0.6667, 'pct')).toBe('66.7%');
    expect(formatValue(14000, 'money')).toBe('14,000');
    expect(formatValue(4.5, 'num')).toBe('4.50');
    expect(formatValue(null, 'pct')).toBe('');
  });
  it('neutralises formula starts in text, not numbers', () => {
    expect(csvLines([['=1+1', '+1', '-1', '@A1', '＝1', '＋1', '－1', '＠A1']])).toBe("'=1+1,'+1,'-1,'@A1,'＝1,'＋1,'－1,'＠A1\r\n");
    // a tab or CR could hide a formula; quoted as well, since a spreadsheet would trim or split them
    expect(csvLines([['\tx', '\rx']])).toBe(`"'\tx","'\rx"\r\n`);
    expect(csvLines([['a-1', 'a=b, c', ' padded ', 'say "hi"', -5, 0.558, null, true, ['x', '=y']]])).toBe('a-1,"a=b, c"," padded ","say ""hi""",-5,0.558,,yes,x; =y\r\n');
    const csv = exportCsv([{ key: 'a', header: 'a' }, { key: 'b', header: 'b' }], [{ a: '-5', b: -5 }]);
    expect(csv).toBe("a,b\r\n'-5,-5\r\n");
  });
  it('folds vCard lines at 75 octets without splitting characters', () => {
    const line = 'NOTE:' + '张'.repeat(40);
    const folded = fold(line);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    const card = vcard({ name: 'A;B', givenName: null, familyName: null, org: null, title: null, department: null, role: null, emails: [], phones: [], ims: [], address: null, birthday: null, note: 'x\ny', categories: [] });
    expect(card).toContain('N:A\\;B;;;;\r\n');
    expect(card).toContain('NOTE:x\\ny\r\n');
  });
});
