// Issue 15, point 6: scores graded against the user's own book (domain/scoring.ts calibration).
import { describe, expect, it } from 'vitest';
import { bookCalibration, calibrate, finishScore, SCORING_DEFAULTS, type Calibration } from '../../src/domain/scoring.js';
import { grade } from '../../src/domain/vocab.js';

const CFG = SCORING_DEFAULTS.calibration;
const sum = (xs: { points: number }[]) => xs.reduce((s, x) => s + x.points, 0);

describe('score calibration against the book', () => {
  // 100 customers on 1..100 points: the top 10% reach 91, the top 30% 71, the top 60% 41.
  const book = Array.from({ length: 100 }, (_, i) => i + 1);

  it('puts the band edges where the top 10%, 30% and 60% of the book reach', () => {
    expect(bookCalibration(book, CFG, 'customers')).toEqual({ population: 'customers', size: 100, excellent: 91, good: 71, fair: 41 });
    // the order of the input does not matter; ties at an edge go with it
    const tied = [...Array(10).fill(50), ...Array(20).fill(30), ...Array(30).fill(20), ...Array(40).fill(5)];
    expect(bookCalibration(tied.reverse(), CFG, 'customers')).toMatchObject({ excellent: 50, good: 30, fair: 20 });
  });

  it('grades the top 10% excellent, the next 20% good, the next 30% fair and the rest poor', () => {
    const cal = bookCalibration(book, CFG, 'customers')!;
    const grades = book.map((p) => grade(calibrate(p, cal)));
    const count = (g: string) => grades.filter((x) => x === g).length;
    expect([count('excellent'), count('good'), count('fair'), count('poor')]).toEqual([10, 20, 30, 40]);
  });

  it('maps each band onto its score range in a straight line, never past the band', () => {
    const cal: Calibration = { population: 'customers', size: 100, excellent: 60, good: 50, fair: 40 };
    expect([0, 20, 39.9, 40, 45, 49.99, 50, 55, 59.99, 60, 80, 100].map((p) => calibrate(p, cal))).toEqual([0, 30, 59, 60, 68, 74, 75, 83, 89, 90, 95, 100]);
    // monotone: more points never give a lower score
    let last = -1;
    for (let p = 0; p <= 100; p += 0.25) {
      const s = calibrate(p, cal);
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });

  it('leaves a small book, a book with no spread or method "none" uncalibrated', () => {
    expect(bookCalibration(book.slice(0, 19), CFG, 'customers')).toBeNull();
    expect(bookCalibration(Array(50).fill(42), CFG, 'customers')).toBeNull();
    expect(bookCalibration(book, { ...CFG, method: 'none' }, 'customers')).toBeNull();
    expect(finishScore({ total: 53.6, parts: null }, null)).toMatchObject({ score: 54, grade: 'poor' });
  });

  it('explains the calibration as one more part, so the parts still add up to the score', () => {
    const cal: Calibration = { population: 'customers', size: 146, excellent: 54.25, good: 47.42, fair: 38.42 };
    const raw = [
      { input: 'recency', value: '', points: 16, max: 20 },
      { input: 'size', value: '', points: 3.75, max: 5 },
      { input: 'interactions', value: '', points: 1.67, max: 10 },
      { input: 'survey', value: '', points: 2.5, max: 10 },
    ];
    const low = finishScore({ total: sum(raw), parts: raw }, cal);
    expect(low.score).toBe(calibrate(sum(raw), cal));
    expect(sum(low.parts)).toBe(low.score);
    const c = low.parts.at(-1)!;
    expect(c).toMatchObject({ input: 'calibration', max: null });
    expect(low.parts.map((p) => p.points)).toEqual([16, 4, 2, 2, 13]);
    expect(c.value).toBe('23.9 points against your 146 customers: excellent from 54.3, good 47.4, fair 38.4');
    const high = finishScore({ total: 53.9, parts: [{ input: 'all', value: '', points: 53.9, max: 100 }] }, cal);
    expect(high).toMatchObject({ score: 89, grade: 'good' });
    expect(high.parts.map((p) => p.points)).toEqual([54, 35]);
    // In a book of strong accounts the calibration takes points away.
    const strong: Calibration = { population: 'customers', size: 40, excellent: 95, good: 85, fair: 70 };
    const down = finishScore({ total: 80, parts: [{ input: 'all', value: '', points: 80, max: 100 }] }, strong);
    expect(down).toMatchObject({ score: 70, grade: 'fair' });
    expect(down.parts.map((p) => p.points)).toEqual([80, -10]);
  });
});
