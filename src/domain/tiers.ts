// Tiers of domain.md: ABC (Pareto) by revenue or profit contribution, concentration, the profit
// tiers of the CRM deck, key-account faces and the potential × relationship grid.
import { section, type Config } from './config.js';
import { pct } from './explain.js';

export const TIERS_DEFAULTS = {
  /** what ABC ranks by unless --by says otherwise: revenue or profit */
  by: 'revenue' as 'revenue' | 'profit',
  /** A = accounts making the first 80% of the total, B the next 15%, C the rest */
  a: 0.8,
  b: 0.95,
  /** profit tiers: best = the first 80% of profit, likely gold = up to 95%, tail = the last 1% */
  best: 0.8,
  likelyGold: 0.95,
  tail: 0.01,
  /** margin assumed for an account whose orders carry no profit figure */
  assumedMargin: 0.2,
  /** key-account faces (computed unless set by hand): margins are profit / revenue */
  face: {
    /** red: margin at least this... */
    redMargin: 0.3,
    /** ...with fewer orders a year than this (irregular buying) */
    redOrdersPerYear: 4,
    /** white: an A account with a margin below this */
    whiteMargin: 0.1,
    /** black: a strategic account with a margin below this */
    blackMargin: 0.05,
  },
  grid: {
    /** share of the potential points of the value score for high / medium potential */
    high: 0.6,
    medium: 0.3,
    /** a prospect first contacted within this many days is "just contacted" */
    justContactedDays: 90,
    /** churn signals that make a relationship "withdrawing" */
    withdrawingSignals: 2,
  },
};
export type TiersConfig = typeof TIERS_DEFAULTS;

export function tiersConfig(config: Config): TiersConfig {
  return section(config, 'tiers', TIERS_DEFAULTS);
}

export type Abc = 'A' | 'B' | 'C';

export interface Contribution {
  id: number;
  amount: number;
}

/**
 * ABC by contribution. Accounts are ranked by amount; an account is A while the total before it is
 * below the A cut-off (so the account that crosses 80% is still A), B likewise up to the B
 * cut-off, C after. Equal amounts always share a tier (the tier of the first of them). Accounts
 * with nothing (or a loss) are C when the total is positive; with no positive total nobody is tiered.
 */
export function abcTiers(items: readonly Contribution[], cutA: number, cutB: number): Map<number, Abc> {
  const out = new Map<number, Abc>();
  const total = items.reduce((s, x) => s + Math.max(0, x.amount), 0);
  if (total <= 0) return out;
  const sorted = [...items].sort((x, y) => y.amount - x.amount || x.id - y.id);
  let before = 0;
  let prevAmount = NaN;
  let prevTier: Abc = 'A';
  // A share that lands a hair below a cut-off through floating-point sums has reached it.
  const below = (cut: number) => before < cut * total - 1e-9 * total;
  for (const x of sorted) {
    let tier: Abc;
    if (x.amount <= 0) tier = 'C';
    else if (sameAmount(x.amount, prevAmount)) tier = prevTier;
    else tier = below(cutA) ? 'A' : below(cutB) ? 'B' : 'C';
    out.set(x.id, tier);
    before += Math.max(0, x.amount);
    prevAmount = x.amount;
    prevTier = tier;
  }
  return out;
}

/**
 * Equal amounts, to the cent: 100 EUR converted at 7.8 is 780.0000000000001 in floating point and
 * must share a class with an order of 780 CNY.
 */
export function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

export interface Concentration {
  accounts: number;
  total: number;
  /** smallest share of accounts bringing `share` of the total */
  accountsForShare: number;
  accountsShareForShare: number;
  share: number;
  /** share of the total brought by the top 20% of accounts */
  top20Share: number;
  sentence: string;
}

export function concentration(amounts: readonly number[], share = 0.8, what = 'revenue'): Concentration {
  const pos = amounts.filter((x) => x > 0).sort((a, b) => b - a);
  const total = pos.reduce((s, x) => s + x, 0);
  const n = pos.length;
  let k = 0;
  let run = 0;
  while (k < n && run < share * total - 1e-9) run += pos[k++]!;
  const top = Math.ceil(n * 0.2);
  const topSum = pos.slice(0, top).reduce((s, x) => s + x, 0);
  const sh = n ? k / n : 0;
  return {
    accounts: n,
    total,
    accountsForShare: k,
    accountsShareForShare: sh,
    share,
    top20Share: total > 0 ? topSum / total : 0,
    sentence: n ? `${pct(sh)} of accounts (${k} of ${n}) bring ${pct(share)} of ${what}` : `no ${what} recorded yet`,
  };
}

export const PROFIT_TIERS = ['best', 'likely-gold', 'worth-upgrading', 'tail', 'loss-making'] as const;
export type ProfitTier = (typeof PROFIT_TIERS)[number];
export const PROFIT_TIER_LABELS: Record<ProfitTier, string> = {
  best: 'best customers: spend the service budget here',
  'likely-gold': 'most likely to become gold: spend the marketing budget here',
  'worth-upgrading': 'worth upgrading',
  tail: 'the tail: reactivate periodically or archive',
  'loss-making': 'customers that lose us money',
};

/**
 * Profit tiers, by cumulative share of total profit: best up to `best`, likely gold up to
 * `likelyGold`, the tail is the accounts making the last `tail` share (and those with no profit),
 * worth upgrading in between. A high-potential account worth upgrading is promoted to likely gold.
 * Accounts losing money are loss-making whatever else.
 */
export function profitTiers(
  items: readonly (Contribution & { highPotential: boolean })[],
  cfg: Pick<TiersConfig, 'best' | 'likelyGold' | 'tail'>,
): Map<number, ProfitTier> {
  const out = new Map<number, ProfitTier>();
  const total = items.reduce((s, x) => s + Math.max(0, x.amount), 0);
  const sorted = [...items].sort((x, y) => y.amount - x.amount || x.id - y.id);
  let before = 0;
  let prevAmount = NaN;
  let prevTier: ProfitTier = 'best';
  for (const x of sorted) {
    let tier: ProfitTier;
    if (x.amount < 0) tier = 'loss-making';
    else if (x.amount === 0 || total <= 0) tier = 'tail';
    else if (sameAmount(x.amount, prevAmount) && prevTier !== 'loss-making') tier = prevTier;
    else {
      const share = before / total;
      const after = (before + x.amount) / total;
      if (share < cfg.best) tier = 'best';
      else if (share < cfg.likelyGold) tier = 'likely-gold';
      else if (after > 1 - cfg.tail + 1e-12 && share >= 1 - cfg.tail - 1e-12) tier = 'tail';
      else tier = 'worth-upgrading';
    }
    if (tier === 'worth-upgrading' && x.highPotential) tier = 'likely-gold';
    out.set(x.id, tier);
    before += Math.max(0, x.amount);
    prevAmount = x.amount;
    prevTier = tier;
  }
  return out;
}

export type Face = 'red' | 'white' | 'black';

export interface FaceInput {
  strategic: boolean;
  handFace: string | null;
  tier: Abc | null;
  profitTier: ProfitTier | null;
  revenue: number;
  profit: number;
  orders: number;
  /** days from the first to the last order (0 with one order) */
  spanDays: number;
}

/**
 * Key-account face. By hand wins. Otherwise, among key accounts (strategic, A, or best profit):
 * black = strategic with little or no profit; white = huge volume (A) at a squeezed margin;
 * red = high margin but irregular buying. Profit alone does not decide who is key.
 */
export function keyFace(f: FaceInput, cfg: TiersConfig['face']): { face: Face | null; why: string } {
  if (f.handFace) return { face: f.handFace as Face, why: 'set by hand' };
  const key = f.strategic || f.tier === 'A' || f.profitTier === 'best';
  if (!key) return { face: null, why: 'not a key account' };
  const margin = f.revenue > 0 ? f.profit / f.revenue : 0;
  const years = Math.max(1, f.spanDays / 365);
  const perYear = f.orders / years;
  if (f.strategic && margin < cfg.blackMargin) return { face: 'black', why: `strategic, margin ${pct(margin)}` };
  if (f.tier === 'A' && margin < cfg.whiteMargin) return { face: 'white', why: `A by volume, margin ${pct(margin)}` };
  if (margin >= cfg.redMargin && perYear < cfg.redOrdersPerYear)
    return { face: 'red', why: `margin ${pct(margin)}, ${Math.round(perYear * 10) / 10} orders a year` };
  return { face: null, why: 'key account without a distinct face' };
}

export const RELATIONSHIPS = ['stable', 'developing', 'good', 'just-contacted', 'limited', 'withdrawing'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export type Potential = 'high' | 'medium' | 'low';

/** Relationship state from the ladder rung, the first contact and the churn signals that fired. */
export function relationship(rung: string, firstInteractionDays: number | null, signals: number, cfg: TiersConfig['grid']): Relationship {
  if (rung === 'dormant' || rung === 'defector' || signals >= cfg.withdrawingSignals) return 'withdrawing';
  if (rung === 'loyal' || rung === 'advocate') return 'stable';
  if (rung === 'repeat-buyer') return 'good';
  if (rung === 'first-time-buyer' || rung === 'possible-buyer') return 'developing';
  if (rung === 'prospect' && firstInteractionDays !== null && firstInteractionDays <= cfg.justContactedDays) return 'just-contacted';
  return 'limited';
}

/** Potential by hand, else from the share of the value score's potential points earned. */
export function potentialLevel(hand: string | null, share: number, cfg: TiersConfig['grid']): Potential {
  if (hand === 'high' || hand === 'medium' || hand === 'low') return hand;
  return share >= cfg.high ? 'high' : share >= cfg.medium ? 'medium' : 'low';
}
