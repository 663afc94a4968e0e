import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../src/domain/dates.js';
import { dayNumber, daysBetween as daysFrom } from '../../src/domain/dates.js';
import { fmtNumber, roundParts } from '../../src/domain/explain.js';
import { emptyFacts } from '../../src/domain/facts.js';
import { LADDER_DEFAULTS, ladderMoves, movesToRecord } from '../../src/domain/ladder.js';
import { churnSignals, RISK_DEFAULTS } from '../../src/domain/risk.js';
import { customerBase, decayBuckets, Distribution, leadScore, rfmScores, roleLevel, SCORING_DEFAULTS, valueScore } from '../../src/domain/scoring.js';
import { abcTiers, concentration, keyFace, potentialLevel, profitTiers, relationship, TIERS_DEFAULTS } from '../../src/domain/tiers.js';

const TODAY = '2026-06-01';
const sum = (xs: { points: number }[]) => xs.reduce((s, x) => s + x.points, 0);

describe('explain: rounding parts', () => {
  it('rounds parts so they add up to the rounded total', () => {
    const r = roundParts([
      { input: 'a', value: '', points: 3.4, max: 10 },
      { input: 'b', value: '', points: 3.4, max: 10 },
      { input: 'c', value: '', points: 3.4, max: 10 },
    ]);
    // 10.2 → 10: floors 3+3+3 = 9, one extra point to the first largest remainder
    expect(r.score).toBe(10);
    expect(r.parts.map((p) => p.points)).toEqual([4, 3, 3]);
    const r2 = roundParts([
      { input: 'a', value: '', points: 2.5, max: 5 },
      { input: 'b', value: '', points: 2.6, max: 5 },
    ]);
    expect(r2.score).toBe(5);
    expect(r2.parts.map((p) => p.points)).toEqual([2, 3]);
  });

  it('clamps at 100 and still sums exactly', () => {
    const r = roundParts([
      { input: 'a', value: '', points: 70, max: 70 },
      { input: 'b', value: '', points: 40, max: 40 },
    ]);
    expect(r.score).toBe(100);
    expect(sum(r.parts)).toBe(100);
  });

  it('formats numbers with thousands separators', () => {
    expect(fmtNumber(1234567.891)).toBe('1,234,567.89');
    expect(fmtNumber(-5000)).toBe('-5,000');
    expect(fmtNumber(999)).toBe('999');
  });
});

describe('days', () => {
  it('agrees with daysBetween', () => {
    for (const [a, b] of [['1970-01-01', '2026-06-01'], ['2024-02-28', '2024-03-01'], ['2023-12-31', '2024-01-01'], ['2000-03-01', '1999-02-28']])
      expect(daysFrom(a!, b!)).toBe(daysBetween(a!, b!));
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-06-01T23:59:00Z')).toBe(dayNumber('2026-06-01'));
  });
});

describe('RFM', () => {
  it('gives quintiles by mid-rank; ties share a quintile', () => {
    const d = new Distribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => d.quintile(v))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const ties = new Distribution([1, 1, 1, 1, 1, 1, 1, 1, 9, 10]);
    // eight tied at the bottom: mid-rank percentile 0.4 → quintile 3 for all of them
    expect(ties.quintile(1)).toBe(3);
    expect(ties.quintile(9)).toBe(5);
    expect(new Distribution([7]).quintile(7)).toBe(3);
  });

  it('uses quintiles from 20 customers and fixed scales below', () => {
    const mk = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        emptyFacts(i + 1, '2025-01-01', { orders: i + 1, revenue: (i + 1) * 100, firstOrderOn: '2025-01-01', lastOrderOn: '2026-05-01' }),
      );
    const big = mk(20);
    const bigBase = customerBase(big, TODAY);
    expect(rfmScores(big[19]!, bigBase, TODAY, SCORING_DEFAULTS)).toMatchObject({ method: 'quintile', f: 5, m: 5, r: 3 });
    expect(rfmScores(big[0]!, bigBase, TODAY, SCORING_DEFAULTS)).toMatchObject({ method: 'quintile', f: 1, m: 1 });

    const small = mk(3);
    const smallBase = customerBase(small, TODAY);
    // 31 days since the last order → 4; 3 orders → 3; revenue 300 of a top 300 → 5
    expect(rfmScores(small[2]!, smallBase, TODAY, SCORING_DEFAULTS)).toEqual({ method: 'scale', r: 4, f: 3, m: 5, days: 31 });
    // 100 of 300: 1 + round(4/3) = 2
    expect(rfmScores(small[0]!, smallBase, TODAY, SCORING_DEFAULTS)).toMatchObject({ f: 1, m: 2 });
    expect(rfmScores(emptyFacts(9, '2025-01-01'), smallBase, TODAY, SCORING_DEFAULTS)).toBeNull();
  });
});

describe('value score', () => {
  it('scores an account with no orders from potential and engagement only', () => {
    const f = emptyFacts(1, '2026-01-01', { employees: 60, expectedDemand: 50000, needsOn: '2026-05-01', recentInteractions: 3 });
    const s = valueScore(f, customerBase([f], TODAY), TODAY, SCORING_DEFAULTS);
    // size: 60 employees passes 10 and 50 → 2/4 of 5 = 2.5; demand 50000 of 100000 (no customers) → 2.5;
    // needs 5; interactions 3/6 of 10 = 5; survey neutral 5; total 20
    expect(s.score).toBe(20);
    expect(sum(s.parts)).toBe(20);
    expect(s.parts.find((p) => p.input === 'recency')).toMatchObject({ points: 0, value: 'no orders' });
    expect(s.grade).toBe('poor');
    expect(s.potentialShare).toBeCloseTo(10 / 20);
  });

  it('gives one giant account top RFM and full demand yardstick', () => {
    const giant = emptyFacts(1, '2024-01-01', { orders: 12, revenue: 1_000_000, firstOrderOn: '2025-06-01', lastOrderOn: '2026-05-25', referredCustomers: 3 });
    const small = [2, 3].map((i) => emptyFacts(i, '2024-01-01', { orders: 1, revenue: 100, firstOrderOn: '2025-01-01', lastOrderOn: '2025-01-01' }));
    const base = customerBase([giant, ...small], TODAY);
    const s = valueScore(giant, base, TODAY, SCORING_DEFAULTS);
    // recency 7 days → 5 (20), 12 orders → 5 (15), top revenue → 5 (15), referrals 3×5 capped 10, survey 5
    expect(s.score).toBe(65);
    expect(sum(s.parts)).toBe(s.score);
    const t = valueScore(small[0]!, base, TODAY, SCORING_DEFAULTS);
    // 516 days → 1 (4), 1 order → 1 (3), 100 of 1,000,000 → 1 (3), survey 5
    expect(t.score).toBe(15);
  });

  it('builds no text when not explaining, with the same score', () => {
    const f = emptyFacts(1, '2024-01-01', { orders: 2, revenue: 500, firstOrderOn: '2026-01-01', lastOrderOn: '2026-05-01', surveyOn: '2026-05-01', surveyScore: 4 });
    const base = customerBase([f], TODAY);
    const a = valueScore(f, base, TODAY, SCORING_DEFAULTS, true);
    const b = valueScore(f, base, TODAY, SCORING_DEFAULTS, false);
    expect(b.score).toBe(a.score);
    expect(b.parts).toEqual([]);
    // survey 4 of 5 → (4-1)/4 of 10 = 7.5
    expect(a.parts.find((p) => p.input === 'survey')!.value).toBe('4 of 5 on 2026-05-01');
  });
});

describe('lead score', () => {
  it('adds fit and decayed engagement', () => {
    const f = emptyFacts(1, '2026-01-01', {
      roleLevel: 1,
      roleLabel: 'decision-maker',
      contacts: 1,
      employees: 250,
      industry: 'electronics',
      source: 'trade-show',
      meetingsDecayed: 1.5,
      contactsDecayed: 10,
      furthestOpenStage: 'qualify',
    });
    const s = leadScore(f, SCORING_DEFAULTS);
    // role 15, size 3/4 of 10 = 7.5, industry half of 10 = 5, source 0.7 × 15 = 10.5,
    // meetings 1.5/3 of 20 = 10, replies capped 15, stage 0.5 × 15 = 7.5 → 70.5 → 71
    expect(s.score).toBe(71);
    expect(sum(s.parts)).toBe(71);
    expect(s.grade).toBe('fair');
  });

  it('reads roles from buying role, entry role and title', () => {
    expect(roleLevel(null, 'decision-maker', null).level).toBe(1);
    expect(roleLevel(null, null, 'acceptor,power').level).toBe(1);
    expect(roleLevel('总经理', null, null).level).toBe(1);
    expect(roleLevel('采购经理', null, null).level).toBe(0.6);
    expect(roleLevel('Sales Rep', null, null).level).toBe(0.3);
  });

  it('halves engagement weight every half-life', () => {
    const b = decayBuckets(TODAY, 30);
    expect(b[0]).toEqual({ from: '2026-05-25', weight: Math.pow(0.5, 3.5 / 30) });
    // 30-60 days: midpoint 45 → 0.5^1.5
    expect(b[3]!.weight).toBeCloseTo(Math.pow(0.5, 1.5));
  });
});

describe('ABC, concentration, profit tiers', () => {
  it('cuts A at 80% and B at 95%, ties share a tier', () => {
    const t = abcTiers(
      [50, 30, 10, 5, 5].map((amount, i) => ({ id: i + 1, amount })),
      0.8,
      0.95,
    );
    expect([...t.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])).toEqual(['A', 'A', 'B', 'B', 'B']);
  });

  it('puts one giant account alone in A', () => {
    const t = abcTiers([1000, 10, 10, 10].map((amount, i) => ({ id: i + 1, amount })), 0.8, 0.95);
    expect([t.get(1), t.get(2), t.get(3), t.get(4)]).toEqual(['A', 'C', 'C', 'C']);
    const c = concentration([1000, 10, 10, 10]);
    expect(c.accountsForShare).toBe(1);
    expect(c.sentence).toBe('25% of accounts (1 of 4) bring 80% of revenue');
  });

  it('tiers nobody without revenue, and losses go to C', () => {
    expect(abcTiers([{ id: 1, amount: 0 }], 0.8, 0.95).size).toBe(0);
    const t = abcTiers([{ id: 1, amount: 100 }, { id: 2, amount: -50 }], 0.8, 0.95);
    expect(t.get(2)).toBe('C');
  });

  it('gives profit tiers, tail and loss-making', () => {
    const items = [500, 300, 150, 40, 9, 1, -100].map((amount, i) => ({ id: i + 1, amount, highPotential: false }));
    const t = profitTiers(items, TIERS_DEFAULTS);
    expect([1, 2, 3, 4, 5, 6, 7].map((i) => t.get(i))).toEqual(['best', 'best', 'likely-gold', 'worth-upgrading', 'tail', 'tail', 'loss-making']);
    items[3]!.highPotential = true;
    expect(profitTiers(items, TIERS_DEFAULTS).get(4)).toBe('likely-gold');
  });
});

describe('key-account faces and the grid', () => {
  const base = { strategic: false, handFace: null, tier: 'A' as const, profitTier: 'best' as const, revenue: 100000, profit: 5000, orders: 20, spanDays: 365 };
  it('white: volume at a squeezed margin', () => {
    expect(keyFace(base, TIERS_DEFAULTS.face).face).toBe('white');
  });
  it('black: strategic with no profit, even outside A', () => {
    expect(keyFace({ ...base, strategic: true, tier: 'C', profitTier: 'tail', profit: 0 }, TIERS_DEFAULTS.face).face).toBe('black');
  });
  it('red: high margin, irregular buying', () => {
    expect(keyFace({ ...base, profit: 40000, orders: 3, spanDays: 730 }, TIERS_DEFAULTS.face).face).toBe('red');
  });
  it('by hand wins; non-key accounts have no face', () => {
    expect(keyFace({ ...base, handFace: 'black' }, TIERS_DEFAULTS.face)).toEqual({ face: 'black', why: 'set by hand' });
    expect(keyFace({ ...base, tier: 'B', profitTier: 'likely-gold' }, TIERS_DEFAULTS.face).face).toBeNull();
  });
  it('places accounts on the potential × relationship grid', () => {
    const g = TIERS_DEFAULTS.grid;
    expect(relationship('loyal', 100, 0, g)).toBe('stable');
    expect(relationship('loyal', 100, 2, g)).toBe('withdrawing');
    expect(relationship('prospect', 10, 0, g)).toBe('just-contacted');
    expect(relationship('prospect', 200, 0, g)).toBe('limited');
    expect(relationship('dormant', null, 0, g)).toBe('withdrawing');
    expect(potentialLevel(null, 0.7, g)).toBe('high');
    expect(potentialLevel('low', 0.9, g)).toBe('low');
  });
});

describe('relationship ladder', () => {
  it('climbs with dates from the data, never before the previous move', () => {
    const f = emptyFacts(1, '2026-03-01T10:00:00Z', {
      contacts: 1,
      firstInteractionOn: '2025-01-05',
      qualifiedOn: '2025-02-01',
      orders: 5,
      firstOrderOn: '2025-03-01',
      secondOrderOn: '2025-05-01',
      loyalOrderOn: '2025-09-01',
      lastOrderOn: '2026-04-01',
      referredCustomers: 1,
      firstReferralOrderOn: '2025-08-01',
    });
    expect(ladderMoves(f, TODAY, LADDER_DEFAULTS)).toEqual([
      { rung: 'non-customer', since: '2025-01-05' },
      { rung: 'prospect', since: '2025-01-05' },
      { rung: 'possible-buyer', since: '2025-02-01' },
      { rung: 'first-time-buyer', since: '2025-03-01' },
      { rung: 'repeat-buyer', since: '2025-05-01' },
      { rung: 'loyal', since: '2025-09-01' },
      // the referral bought before the account became loyal: advocate dates from the loyal move
      { rung: 'advocate', since: '2025-09-01' },
    ]);
  });

  it('drops to dormant and defector after a year and two without orders', () => {
    const f = emptyFacts(1, '2023-01-01', { orders: 1, firstOrderOn: '2024-01-10', lastOrderOn: '2024-01-10' });
    const moves = ladderMoves(f, TODAY, LADDER_DEFAULTS);
    expect(moves.slice(-2)).toEqual([
      { rung: 'dormant', since: '2025-01-09' },
      { rung: 'defector', since: '2026-01-09' },
    ]);
    expect(ladderMoves(emptyFacts(2, '2026-01-01'), TODAY, LADDER_DEFAULTS)).toEqual([{ rung: 'non-customer', since: '2026-01-01' }]);
  });

  it('records a backfill once, then only changes; a comeback is dated by the order', () => {
    const derived = [
      { rung: 'non-customer' as const, since: '2024-01-01' },
      { rung: 'first-time-buyer' as const, since: '2024-02-01' },
      { rung: 'repeat-buyer' as const, since: '2024-03-01' },
    ];
    expect(movesToRecord(null, derived, '2026-05-20')).toEqual(derived);
    expect(movesToRecord({ rung: 'repeat-buyer', since: '2024-03-01' }, derived, '2026-05-20')).toEqual([]);
    expect(movesToRecord({ rung: 'dormant', since: '2025-03-01' }, derived, '2026-05-20')).toEqual([{ rung: 'repeat-buyer', since: '2026-05-20' }]);
  });
});

describe('churn signals', () => {
  const customer = {
    orders: 6,
    revenue: 60000,
    firstOrderOn: '2025-01-01',
    lastOrderOn: '2026-01-01',
    lastInteractionOn: '2026-05-20',
    revenueRecent: 10000,
    revenuePrevious: 50000,
  };

  it('fires falling volume and a purchase gap against the own rhythm, with evidence', () => {
    const s = churnSignals(emptyFacts(1, '2024-01-01', customer), 'loyal', TODAY, RISK_DEFAULTS);
    expect(s.map((x) => x.signal)).toEqual(['falling-volume', 'purchase-gap']);
    expect(s[0]!.evidence).toBe('revenue 10,000 in the last 365 days vs 50,000 the 365 days before (-80%)');
    // 5 gaps over 365 days = 73 days; 151 idle > 1.5 × 73
    expect(s[1]!.evidence).toBe('no order for 151 days (last 2026-01-01); usually one every 73 days');
  });

  it('fires complaints, surveys, cooling contact and hand signals', () => {
    const f = emptyFacts(1, '2024-01-01', {
      ...customer,
      revenueRecent: 50000,
      lastOrderOn: '2026-05-01',
      lastInteractionOn: '2026-01-15',
      complaintsRecent: 3,
      complaintsPrevious: 1,
      openComplaints: 1,
      oldestOpenComplaintOn: '2026-05-01',
      surveyOn: '2026-04-01',
      surveyScore: 2,
      signals: [{ id: 7, kind: 'key-person-change', notedOn: '2026-05-10', note: 'buyer left' }],
    });
    const s = churnSignals(f, 'loyal', TODAY, RISK_DEFAULTS);
    expect(s.map((x) => x.signal)).toEqual(['rising-complaints', 'unresolved-complaints', 'low-survey', 'key-person-change']);
    expect(s[3]!.evidence).toBe('change of the key person, noted 2026-05-10: buyer left (signal #7)');
    const cold = churnSignals(emptyFacts(2, '2024-01-01', { ...customer, revenueRecent: 50000, lastOrderOn: '2026-03-01', lastInteractionOn: '2026-03-02' }), 'loyal', TODAY, RISK_DEFAULTS);
    expect(cold.map((x) => x.signal)).toEqual(['cooling-contact']);
    expect(cold[0]!.evidence).toBe('last contact 2026-03-02, 91 days ago');
  });

  it('stays quiet for a healthy customer and for an account with no orders', () => {
    expect(churnSignals(emptyFacts(1, '2024-01-01', { ...customer, revenueRecent: 50000, lastOrderOn: '2026-05-01' }), 'loyal', TODAY, RISK_DEFAULTS)).toEqual([]);
    expect(churnSignals(emptyFacts(2, '2024-01-01'), 'prospect', TODAY, RISK_DEFAULTS)).toEqual([]);
  });
});

describe('rungOf', () => {
  it('agrees with the last move of ladderMoves', async () => {
    const { rungOf, currentRung } = await import('../../src/domain/ladder.js');
    const cases = [
      emptyFacts(1, '2026-01-01'),
      emptyFacts(2, '2026-07-01', { contacts: 1 }),
      emptyFacts(3, '2026-01-01', { hasContactPoints: true }),
      emptyFacts(4, '2026-01-01', { needsOn: '2026-02-01' }),
      emptyFacts(5, '2024-01-01', { orders: 1, firstOrderOn: '2026-02-01', lastOrderOn: '2026-02-01' }),
      emptyFacts(6, '2024-01-01', { orders: 3, firstOrderOn: '2025-02-01', lastOrderOn: '2026-02-01' }),
      emptyFacts(7, '2024-01-01', { orders: 4, firstOrderOn: '2025-02-01', lastOrderOn: '2026-02-01' }),
      emptyFacts(8, '2024-01-01', { orders: 1, firstOrderOn: '2025-02-01', lastOrderOn: '2025-02-01', referredCustomers: 1, firstReferralOrderOn: '2025-03-01' }),
      emptyFacts(9, '2020-01-01', { orders: 9, firstOrderOn: '2021-02-01', lastOrderOn: '2025-05-01' }),
      emptyFacts(10, '2020-01-01', { orders: 9, firstOrderOn: '2021-02-01', lastOrderOn: '2023-05-01' }),
    ];
    for (const f of cases) expect(rungOf(f, TODAY, LADDER_DEFAULTS)).toBe(currentRung(ladderMoves(f, TODAY, LADDER_DEFAULTS)).rung);
  });
});
