// Revenue concentration: the Pareto curve, the 80/20 point and ABC classes.
import { abcTiers } from '../tiers.js';

export interface ParetoResult {
  accounts: number;
  revenue: number;
  /** fewest accounts whose revenue reaches 80% of the total, and their share of accounts */
  eightyCount: number;
  eightyShare: number | null;
  /** revenue share of the top 20% of accounts (rounded up to a whole account) */
  top20RevenueShare: number | null;
  /** accounts per ABC class, by the same rule as the tiers (A up to 80% of revenue, B up to 95%, C the tail; equal revenues share a class) */
  abc: { A: number; B: number; C: number };
  /** cumulative revenue share at each tenth of the accounts */
  deciles: { accountShare: number; accounts: number; revenueShare: number }[];
  /** the curve through every account (thinned to at most ~200 points) */
  curve: { x: number; y: number }[];
}

/** Revenues of the accounts that bought (any order); zero and negative totals are left out. */
export function pareto(revenues: readonly number[], cuts: { a: number; b: number } = { a: 0.8, b: 0.95 }): ParetoResult {
  const r = revenues.filter((v) => v > 0).sort((a, b) => b - a);
  const n = r.length;
  const total = r.reduce((t, v) => t + v, 0);
  const cum: number[] = [];
  let run = 0;
  for (const v of r) cum.push((run += v));
  // A tolerance keeps 0.8 reached when floating-point sums land a hair below it.
  const reach = (share: number) => {
    const i = cum.findIndex((c) => c >= share * total - 1e-9 * total);
    return i < 0 ? n : i + 1;
  };
  const k80 = n ? reach(0.8) : 0;
  const abc = { A: 0, B: 0, C: 0 };
  for (const t of abcTiers(r.map((amount, id) => ({ id, amount })), cuts.a, cuts.b).values()) abc[t]++;
  const at = (k: number) => (k <= 0 || !total ? 0 : cum[Math.min(k, n) - 1]! / total);
  const deciles = [];
  for (let d = 1; d <= 10; d++) {
    const k = Math.ceil((d * n) / 10 - 1e-9);
    deciles.push({ accountShare: d / 10, accounts: k, revenueShare: at(k) });
  }
  const step = Math.max(1, Math.floor(n / 200));
  const curve = [{ x: 0, y: 0 }];
  for (let i = step; i <= n; i += step) curve.push({ x: i / n, y: at(i) });
  if (n && curve[curve.length - 1]!.x !== 1) curve.push({ x: 1, y: 1 });
  return {
    accounts: n,
    revenue: total,
    eightyCount: k80,
    eightyShare: n ? k80 / n : null,
    top20RevenueShare: n ? at(Math.ceil(0.2 * n - 1e-9)) : null,
    abc,
    deciles: n ? deciles : [],
    curve: n ? curve : [],
  };
}
