// Issue 15: ties in ABC classes, the forecast's arithmetic, partial periods.
import { describe, expect, it } from 'vitest';
import { forecast, type ForecastDeal } from '../../src/domain/reports/forecast.js';
import { labelCurrency } from '../../src/domain/reports/format.js';
import { col, type Report } from '../../src/domain/reports/model.js';
import { pareto } from '../../src/domain/reports/pareto.js';
import { bucketIndex, bucketShare, bucketStatus, coveredThrough } from '../../src/domain/reports/period.js';
import { abcTiers, profitTiers } from '../../src/domain/tiers.js';

describe('equal amounts share a class', () => {
  it('in the Pareto counts, as in the tiers', () => {
    // 6000 is 60% of 10000; the first 2000 starts at 60% (A), so the equal 2000 is A too.
    expect(pareto([6000, 2000, 2000]).abc).toEqual({ A: 3, B: 0, C: 0 });
    expect(pareto([300, 5000, 1000, 200, 3000, 500, 0]).abc).toEqual({ A: 2, B: 2, C: 2 });
  });

  it('to the cent, whatever floating point made of a conversion', () => {
    // 13 € at 7.8 is 101.39999999999999 in floating point: the same as an order of 101.40 CNY.
    const eur = 13 * 7.8;
    expect(eur).not.toBe(101.4);
    // 600 + 101.4 + ... : the first 101.4 starts at 600 / 802.8 = 74.7% (A); the second at 87.4%.
    const t = abcTiers([{ id: 1, amount: 600 }, { id: 2, amount: 101.4 }, { id: 3, amount: eur }], 0.8, 0.95);
    expect([t.get(1), t.get(2), t.get(3)]).toEqual(['A', 'A', 'A']);
    const p = profitTiers([{ id: 1, amount: 600, highPotential: false }, { id: 2, amount: 101.4, highPotential: false }, { id: 3, amount: eur, highPotential: false }], { best: 0.8, likelyGold: 0.95, tail: 0.01 });
    expect(p.get(2)).toBe(p.get(3));
  });

  it('a cut-off reached within floating-point error counts as reached', () => {
    // 0.7 + 0.1 is 0.7999999999999999 of a total of 1: the third account starts at 80%, so it is B, not A.
    const t = abcTiers([0.7, 0.1, 0.09, 0.06, 0.05].map((amount, i) => ({ id: i + 1, amount })), 0.8, 0.95);
    expect([1, 2, 3, 4, 5].map((id) => t.get(id))).toEqual(['A', 'A', 'B', 'B', 'C']);
  });
});

describe('partial periods', () => {
  it('a bucket not over by the last day covered is partial', () => {
    const nov = bucketIndex('2026-11-01', 'month');
    expect(coveredThrough('2026-11-30', '2026-11-23')).toBe('2026-11-23');
    expect(coveredThrough('2026-10-31', '2026-11-23')).toBe('2026-10-31');
    expect(bucketStatus(nov, 'month', '2026-11-23')).toEqual({ partial: true, status: 'partial (to 2026-11-23)' });
    expect(bucketStatus(nov, 'month', '2026-11-30').partial).toBe(false);
    expect(bucketStatus(nov - 1, 'month', '2026-11-23').partial).toBe(false);
    expect(bucketStatus(bucketIndex('2026-11-01', 'quarter'), 'quarter', '2026-11-30').partial).toBe(true);
    expect(bucketShare(nov, 'month', '2026-11-15')).toBeCloseTo(0.5);
    expect(bucketShare(nov, 'month', '2026-12-02')).toBe(1);
    expect(bucketShare(nov, 'month', '2026-10-02')).toBe(0);
  });
});

describe('forecast', () => {
  const deal = (id: number, x: Partial<ForecastDeal>): ForecastDeal => ({
    id,
    account: `a${id}`,
    title: 'deal',
    stage: 'propose',
    owner: null,
    amount: 1000,
    probability: 0.5,
    expectedClose: null,
    stale: false,
    idleDays: 0,
    staleAfterDays: 14,
    ...x,
  });
  it('weights each deal by its probability, by month, quarter, stage and owner', () => {
    const f = forecast(
      [
        deal(1, { expectedClose: '2026-12-10', owner: 'ann' }),
        deal(2, { expectedClose: '2026-12-20', amount: 3000, probability: 0.9, stage: 'close', owner: 'ann' }),
        deal(3, { expectedClose: '2027-01-05', amount: null, stage: 'approach', stale: true, idleDays: 40 }),
        deal(4, { expectedClose: '2026-10-01', amount: 2000, probability: 0.25, stage: 'qualify', owner: 'bo' }),
        deal(5, { amount: 800, probability: 0.1, stage: 'approach', stale: true, idleDays: 60 }),
      ],
      '2026-11-23',
      ['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close'],
    );
    expect([f.deals, f.amount, f.weighted, f.overdue]).toEqual([5, 6800, 500 + 2700 + 500 + 80, 1]);
    expect(f.byMonth.map((g) => [g.key, g.deals, g.weighted, g.past])).toEqual([
      ['2026-10', 1, 500, true],
      ['2026-12', 2, 3200, false],
      ['2027-01', 1, 0, false],
    ]);
    expect(f.byQuarter.map((g) => [g.key, g.deals, g.weighted, g.past])).toEqual([
      ['2026-Q4', 3, 3700, false],
      ['2027-Q1', 1, 0, false],
    ]);
    expect(f.byStage.map((g) => [g.key, g.deals, g.stale])).toEqual([
      ['approach', 2, 2],
      ['qualify', 1, 0],
      ['propose', 1, 0],
      ['close', 1, 0],
    ]);
    expect(f.byOwner.map((g) => [g.key, g.weighted])).toEqual([
      ['ann', 3200],
      ['bo', 500],
      ['(none)', 80],
    ]);
    expect(f.stale.map((d) => d.id)).toEqual([5, 3]);
    expect(f.undated.map((d) => d.id)).toEqual([5]);
  });
});

describe('currency labels', () => {
  it('tag every money header, headline and chart once, even when tables share their columns', () => {
    const shared = [col('revenue', 'revenue', 'money'), col('n', 'n', 'int')];
    const r: Report = {
      name: 'x',
      title: 'x',
      from: '2026-01-01',
      to: '2026-01-31',
      currency: 'EUR',
      summary: [{ label: 'revenue', value: 1, kind: 'money' }, { label: 'n', value: 1, kind: 'int' }],
      tables: [{ title: 'a', columns: shared, rows: [] }, { title: 'b', columns: shared, rows: [] }],
      charts: [{ kind: 'bars', title: 'money', unit: 'money', axis: 'revenue', items: [] }],
      notes: [],
    };
    const l = labelCurrency(r);
    expect(l.tables.map((t) => t.columns.map((c) => c.header))).toEqual([['revenue (EUR)', 'n'], ['revenue (EUR)', 'n']]);
    expect(l.summary.map((s) => s.label)).toEqual(['revenue (EUR)', 'n']);
    expect(l.charts[0]).toMatchObject({ title: 'money (EUR)', axis: 'revenue (EUR)' });
    expect(r.tables[0]!.columns[0]!.header).toBe('revenue');
  });
});
