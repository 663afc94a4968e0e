// Retention, customer lifetime value, time allocation, tier movements and the rep's assessment:
// the arithmetic behind the reports, kept free of I/O so it is tested directly.
import { grade } from '../vocab.js';

// ---- retention -------------------------------------------------------------------------------

export interface RetentionInput {
  label: string;
  customers: number;
  /** customers of the previous bucket */
  previous: number;
  /** customers of this bucket who also bought in the previous one */
  retained: number;
  /** customers whose first order ever falls in this bucket */
  newCustomers: number;
  /** customers of this bucket with at least two orders up to its end */
  repeat: number;
  /** accounts that have ever bought, up to the end of the bucket */
  customersToDate: number;
  /** distinct accounts that referred a new account created in this bucket */
  referrers: number;
  referred: number;
}

export function retentionRow(x: RetentionInput) {
  const retention = x.previous ? x.retained / x.previous : null;
  return {
    period: x.label,
    customers: x.customers,
    newCustomers: x.newCustomers,
    retained: x.retained,
    churned: x.previous - x.retained,
    retentionRate: retention,
    churnRate: retention === null ? null : 1 - retention,
    repeatRate: x.customers ? x.repeat / x.customers : null,
    referred: x.referred,
    referralRate: x.customersToDate ? x.referrers / x.customersToDate : null,
  };
}

// ---- customer lifetime value -----------------------------------------------------------------

export interface ClvInput {
  customers: number;
  orders: number;
  revenue: number;
  /** profit summed over the orders that recorded one, and the revenue of those orders */
  profit: number;
  profitRevenue: number;
  /** sum over customers of years since their first order (at least one year each) */
  customerYears: number;
  /** customers who bought in the year before the last, and of them those who bought again in the last */
  base: number;
  retained: number;
}

export interface ClvResult {
  customers: number;
  orders: number;
  revenue: number;
  avgOrder: number | null;
  ordersPerYear: number | null;
  annualValue: number | null;
  margin: number;
  marginKnown: boolean;
  retention: number | null;
  expectedYears: number;
  clv: number | null;
}

/**
 * CLV = annual revenue per customer × margin × expected lifetime in years, where the lifetime is
 * 1 / (1 − annual retention), capped at maxYears. When the group has no retention history the
 * fallback retention (the whole book's) is used; margin is 1 (a revenue CLV) when no order recorded a profit.
 */
export function clv(x: ClvInput, opts: { maxYears: number; fallbackRetention: number | null }): ClvResult {
  const marginKnown = x.profitRevenue > 0;
  const margin = marginKnown ? x.profit / x.profitRevenue : 1;
  const retention = x.base ? x.retained / x.base : opts.fallbackRetention;
  const expectedYears = retention === null ? 1 : retention >= 1 ? opts.maxYears : Math.min(opts.maxYears, 1 / (1 - retention));
  const annualValue = x.customerYears ? x.revenue / x.customerYears : null;
  return {
    customers: x.customers,
    orders: x.orders,
    revenue: x.revenue,
    avgOrder: x.orders ? x.revenue / x.orders : null,
    ordersPerYear: x.customerYears ? x.orders / x.customerYears : null,
    annualValue,
    margin,
    marginKnown,
    retention,
    expectedYears,
    clv: annualValue === null ? null : annualValue * margin * expectedYears,
  };
}

export function sumClv(xs: readonly ClvInput[]): ClvInput {
  const out: ClvInput = { customers: 0, orders: 0, revenue: 0, profit: 0, profitRevenue: 0, customerYears: 0, base: 0, retained: 0 };
  for (const x of xs) for (const k of Object.keys(out) as (keyof ClvInput)[]) out[k] += x[k];
  return out;
}

// ---- time allocation (60 / 30 / 10) -----------------------------------------------------------

export type TimeGroup = 'vip' | 'ordinary' | 'prospect';
export const TIME_GROUPS: readonly TimeGroup[] = ['vip', 'ordinary', 'prospect'];

export interface ActivityCell {
  group: TimeGroup;
  /** the account's tier, for the breakdown by tier */
  tier?: string | null;
  kind: string;
  n: number;
  /** how many of the n recorded minutes, and their sum */
  withMinutes: number;
  minutes: number;
}

export interface TimeShare {
  group: TimeGroup;
  interactions: number;
  visits: number;
  time: number;
  share: number | null;
  target: number;
  gap: number | null;
}

/**
 * Time per group. When any interaction recorded minutes the basis is minutes, and an interaction
 * without minutes counts as the average minutes recorded for its kind (else for all kinds);
 * otherwise the basis is the number of interactions.
 */
export function timeShares(
  cells: readonly ActivityCell[],
  targets: Record<TimeGroup, number>,
): { basis: 'minutes' | 'count'; rows: TimeShare[]; total: number; timeOf: (c: ActivityCell) => number } {
  const anyMinutes = cells.some((c) => c.withMinutes > 0);
  const kindAvg = new Map<string, number>();
  let allMin = 0;
  let allWith = 0;
  for (const c of cells) {
    allMin += c.minutes;
    allWith += c.withMinutes;
  }
  const overall = allWith ? allMin / allWith : 0;
  const kinds = new Set(cells.map((c) => c.kind));
  for (const k of kinds) {
    const ks = cells.filter((c) => c.kind === k);
    const w = ks.reduce((t, c) => t + c.withMinutes, 0);
    kindAvg.set(k, w ? ks.reduce((t, c) => t + c.minutes, 0) / w : overall);
  }
  const time = (c: ActivityCell) => (anyMinutes ? c.minutes + (c.n - c.withMinutes) * kindAvg.get(c.kind)! : c.n);
  const total = cells.reduce((t, c) => t + time(c), 0);
  const rows = TIME_GROUPS.map((group) => {
    const mine = cells.filter((c) => c.group === group);
    const t = mine.reduce((s, c) => s + time(c), 0);
    const share = total ? t / total : null;
    return {
      group,
      interactions: mine.reduce((s, c) => s + c.n, 0),
      visits: mine.filter((c) => c.kind === 'visit').reduce((s, c) => s + c.n, 0),
      time: t,
      share,
      target: targets[group],
      gap: share === null ? null : share - targets[group],
    };
  });
  return { basis: anyMinutes ? 'minutes' : 'count', rows, total, timeOf: time };
}

// ---- tier movements --------------------------------------------------------------------------

const TIER_ORDER = ['A', 'B', 'C', 'D'];

/** Negative when a is the better tier. Known tiers A..D first, others alphabetically. */
export function compareTiers(a: string, b: string): number {
  const ia = TIER_ORDER.indexOf(a.toUpperCase());
  const ib = TIER_ORDER.indexOf(b.toUpperCase());
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a.localeCompare(b);
}

export type Movement = 'up' | 'down' | 'same' | 'new' | 'dropped';

export function movement(from: string | null, to: string | null): Movement {
  if (from === null && to === null) return 'same';
  if (from === null) return 'new';
  if (to === null) return 'dropped';
  const c = compareTiers(to, from);
  return c < 0 ? 'up' : c > 0 ? 'down' : 'same';
}

// ---- the rep's assessment --------------------------------------------------------------------

export interface AssessmentInput {
  month: string;
  revenue: number;
  /** the month's sales target; null when there is none (no config, no history) */
  target: number | null;
  interactions: number;
  activityTarget: number;
  promisesKept: number;
  promisesBroken: number;
  complaintsOpened: number;
  complaintsResolved: number;
}

export const ASSESSMENT_WEIGHTS = { sales: 0.7, activity: 0.1, promises: 0.1, complaints: 0.1 } as const;

/**
 * Each part is scored 0-100: sales = revenue / target (capped at 100; with no target, 100 when
 * anything was sold); activity = interactions / activity target (capped); promises = share kept of
 * those kept or broken (100 when none fell due); complaints = share of the month's complaints
 * resolved (100 when none). The total weighs sales 70% and the other three 10% each.
 */
export function assess(x: AssessmentInput) {
  const cap = (v: number) => Math.max(0, Math.min(100, v));
  const sales = x.target && x.target > 0 ? cap((x.revenue / x.target) * 100) : x.revenue > 0 ? 100 : 0;
  const activity = x.activityTarget > 0 ? cap((x.interactions / x.activityTarget) * 100) : 100;
  const due = x.promisesKept + x.promisesBroken;
  const promises = due ? (x.promisesKept / due) * 100 : 100;
  const complaints = x.complaintsOpened ? cap((x.complaintsResolved / x.complaintsOpened) * 100) : 100;
  const w = ASSESSMENT_WEIGHTS;
  const score = Math.round(sales * w.sales + activity * w.activity + promises * w.promises + complaints * w.complaints);
  return {
    month: x.month,
    revenue: x.revenue,
    target: x.target,
    salesScore: Math.round(sales),
    activityScore: Math.round(activity),
    promiseScore: Math.round(promises),
    complaintScore: Math.round(complaints),
    score,
    grade: grade(score),
  };
}

/** The month's target when none is configured: the average monthly revenue of the 12 months before it, counting only months since the first order. */
export function trailingTarget(monthly: readonly number[], index: number, firstIndex: number | null): number | null {
  if (firstIndex === null || index <= firstIndex) return null;
  const start = Math.max(firstIndex, index - 12);
  const window = monthly.slice(start, index);
  return window.length ? window.reduce((t, v) => t + v, 0) / window.length : null;
}
