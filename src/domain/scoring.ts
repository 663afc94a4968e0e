// Customer value score and lead score, 0-100, each explainable part by part.
// Value = purchase value (RFM against the whole customer base) + word of mouth + potential +
// engagement. Lead = fit (role, size, industry, source) + engagement that decays with age.
import { section, type Config } from './config.js';
import { addDays } from './dates.js';
import { daysBetween as daysFrom } from './dates.js';
import { fmtNumber, roundParts, type RawPart, type ScorePart } from './explain.js';
import type { AccountFacts } from './facts.js';
import { grade } from './vocab.js';

export const SCORING_DEFAULTS = {
  /** most points each input of the value score can give; they add up to 100 */
  value: {
    recency: 20,
    frequency: 15,
    monetary: 15,
    referrals: 10,
    size: 5,
    demand: 5,
    pipeline: 5,
    needs: 5,
    interactions: 10,
    survey: 10,
  },
  rfm: {
    /** quintiles (1-5) need at least this many customers; below it, the fallback scales are used */
    quintileMinBase: 20,
    /** fallback: days since the last order that still earn 5, 4, 3, 2 (beyond: 1) */
    recencyDays: [30, 90, 180, 365],
    /** fallback: orders needed for 2, 3, 4, 5 (one order: 1) */
    frequencyOrders: [2, 3, 5, 10],
  },
  /** points per referred account that became a customer (up to value.referrals) */
  pointsPerReferral: 5,
  /** employees needed for 1/4, 2/4, 3/4 and all of the size points */
  employeeSteps: [10, 50, 200, 1000],
  /** expected demand and open pipeline give full points at this share of a top customer's revenue (80th percentile) */
  demandFullShare: 1,
  /** used instead of the 80th percentile when there are no customers yet */
  demandFullAmount: 100000,
  /** days that count as recent engagement */
  engagementDays: 90,
  /** interactions in that window for full points */
  interactionsFull: 6,
  /** survey answers are on a 1..surveyScale scale */
  surveyScale: 5,
  /** a survey older than this is ignored */
  surveyMaxAgeDays: 365,
  lead: {
    role: 15,
    size: 10,
    industry: 10,
    source: 15,
    meetings: 20,
    contacts: 15,
    stage: 15,
  },
  /** engagement loses half its weight every halfLifeDays */
  halfLifeDays: 30,
  /** decayed meetings / contacts for full points */
  meetingsFull: 3,
  contactsFull: 5,
  /** industries you sell to best; empty: any recorded industry gets half the points */
  targetIndustries: [] as string[],
  /** share of the source points each lead source earns */
  sourceQuality: {
    referral: 1,
    'existing-customer': 1,
    'personal-network': 0.8,
    'trade-show': 0.7,
    inherited: 0.7,
    'competitor-customer': 0.6,
    web: 0.5,
    'cold-visit': 0.4,
    dm: 0.3,
    'mailing-list': 0.3,
    advertising: 0.3,
    directory: 0.2,
    other: 0.2,
  } as Record<string, number>,
  /** share of the stage points for the furthest stage an open deal reached */
  stageReached: { prospect: 0, approach: 0.2, qualify: 0.5, propose: 0.75, negotiate: 1, close: 1 } as Record<string, number>,
  /**
   * How the points of the inputs become the 0-100 score (README: "How scores are calibrated").
   * 'book': graded against your own book, so that the top `excellent` share of your customers
   * (prospects, for the lead score) scores 90 or more, the top `good` share 75 or more and the top
   * `fair` share 60 or more; between those edges the score follows the points in a straight line.
   * 'none': the points are the score.
   */
  calibration: {
    method: 'book' as 'book' | 'none',
    excellent: 0.1,
    good: 0.3,
    fair: 0.6,
    /** fewer scored accounts than this: not calibrated (a handful of accounts has no percentiles) */
    minBase: 20,
  },
};
export type ScoringConfig = typeof SCORING_DEFAULTS;

export function scoringConfig(config: Config): ScoringConfig {
  return section(config, 'scoring', SCORING_DEFAULTS);
}

export interface Score {
  score: number;
  grade: ReturnType<typeof grade>;
  parts: ScorePart[];
}

// ---------- RFM against the customer base ----------

/** Sorted values of the customer base for one RFM input. */
export class Distribution {
  readonly sorted: Float64Array;
  constructor(values: readonly number[]) {
    this.sorted = Float64Array.from(values).sort();
  }
  get size(): number {
    return this.sorted.length;
  }
  private bound(v: number, strict: boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const x = this.sorted[mid]!;
      if (x < v || (!strict && x === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Mid-rank percentile in 0..1: ties share the same percentile, halfway through their block. */
  percentile(v: number): number {
    const n = this.sorted.length;
    if (n === 0) return 0.5;
    const below = this.bound(v, true);
    const equal = this.bound(v, false) - below;
    return (below + equal / 2) / n;
  }
  /** Quintile 1..5 of a value (5 = highest values). */
  quintile(v: number): number {
    return Math.min(5, Math.floor(this.percentile(v) * 5) + 1);
  }
  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0) return 0;
    return this.sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  }
  max(): number {
    return this.sorted.length ? this.sorted[this.sorted.length - 1]! : 0;
  }
}

export interface CustomerBase {
  /** negative days since the last order, so that higher is better like the others */
  recency: Distribution;
  frequency: Distribution;
  monetary: Distribution;
  /** 80th percentile of customer revenue: the yardstick for expected demand and pipeline */
  topRevenue: number;
  /** the currency revenue and pipeline are in (the base), for the explanations; '' when unknown */
  currency: string;
}

export function customerBase(facts: readonly AccountFacts[], today: string, currency = ''): CustomerBase {
  const r: number[] = [];
  const f: number[] = [];
  const m: number[] = [];
  for (const a of facts) {
    if (a.orders <= 0 || !a.lastOrderOn) continue;
    r.push(-daysFrom(a.lastOrderOn, today));
    f.push(a.orders);
    m.push(a.revenue);
  }
  const monetary = new Distribution(m);
  return { recency: new Distribution(r), frequency: new Distribution(f), monetary, topRevenue: monetary.quantile(0.8), currency };
}

function stepLevel(v: number, steps: readonly number[]): number {
  let level = 0;
  for (const s of steps) if (v >= s) level++;
  return level;
}

/** RFM scores 1..5 of one customer, and how they were found. */
export function rfmScores(a: AccountFacts, base: CustomerBase, today: string, cfg: ScoringConfig) {
  if (a.orders <= 0 || !a.lastOrderOn) return null;
  const days = daysFrom(a.lastOrderOn, today);
  if (base.frequency.size >= cfg.rfm.quintileMinBase) {
    return {
      method: 'quintile' as const,
      r: base.recency.quintile(-days),
      f: base.frequency.quintile(a.orders),
      m: base.monetary.quintile(a.revenue),
      days,
    };
  }
  // A small base makes quintiles meaningless: fixed scales for R and F, share of the top customer for M.
  const rd = cfg.rfm.recencyDays;
  const r = 5 - stepLevel(days, rd.map((d) => d + 1));
  const f = 1 + stepLevel(a.orders, cfg.rfm.frequencyOrders);
  const top = base.monetary.max();
  const m = top > 0 ? 1 + Math.round((4 * Math.max(0, a.revenue)) / top) : 1;
  return { method: 'scale' as const, r: Math.max(1, r), f: Math.min(5, f), m: Math.min(5, Math.max(1, m)), days };
}

// ---------- customer value ----------

/**
 * Collects the parts of a score. Without `explain` only the points are summed (no text is built),
 * which is what a refresh of every account needs; with it, every input is described.
 */
class Parts {
  total = 0;
  readonly raw: RawPart[] | null;
  constructor(explain: boolean) {
    this.raw = explain ? [] : null;
  }
  /** `value` is built by the caller only when explaining (see `x`), so a refresh allocates no text. */
  add(input: string, value: string, points: number, max: number): void {
    this.total += points;
    if (this.raw) this.raw.push({ input, value, points, max });
  }
  points(): Points {
    return { total: this.total, parts: this.raw };
  }
}

/** The points of a score before calibration: their total and, when explaining, each input's. */
export interface Points {
  total: number;
  parts: RawPart[] | null;
}

// ---------- calibration against the book ----------

/**
 * The edges of the grade bands in points, measured on the book: `excellent` is the points the top
 * 10% (by default) of the population reach, `good` the top 30%, `fair` the top 60%.
 */
export interface Calibration {
  /** what the bands were measured on, e.g. "customers" */
  population: string;
  size: number;
  excellent: number;
  good: number;
  fair: number;
}

/** The band edges of a population's points, or null when it is too small or has no spread to grade. */
export function bookCalibration(totals: readonly number[], cfg: ScoringConfig['calibration'], population: string): Calibration | null {
  if (cfg.method === 'none' || totals.length < Math.max(1, cfg.minBase)) return null;
  const desc = Float64Array.from(totals, (t) => Math.max(0, Math.min(100, t))).sort().reverse();
  // The points the top `share` reach: those of the last account inside that share (ties go with it).
  const reach = (share: number) => desc[Math.min(desc.length - 1, Math.max(0, Math.ceil(share * desc.length) - 1))]!;
  const cal = { population, size: desc.length, excellent: reach(cfg.excellent), good: reach(cfg.good), fair: reach(cfg.fair) };
  // Everyone on the same points: there is nothing to grade apart.
  return cal.excellent > cal.fair ? cal : null;
}

/**
 * The calibrated score of a total: within the band the total falls in, a straight line from the
 * band's lower edge (score 90, 75, 60 or 0) to the next band's (100, 90, 75, 60); rounded, and
 * kept inside the band, so the grade is always the band's.
 */
export function calibrate(total: number, cal: Calibration): number {
  const t = Math.max(0, Math.min(100, total));
  const line = (lo: number, hi: number, from: number, to: number) => from + (hi > lo ? Math.min(1, (t - lo) / (hi - lo)) : 1) * (to - from);
  const [score, from, top] =
    t >= cal.excellent
      ? [line(cal.excellent, 100, 90, 100), 90, 100]
      : t >= cal.good
        ? [line(cal.good, cal.excellent, 75, 90), 75, 89]
        : t >= cal.fair
          ? [line(cal.fair, cal.good, 60, 75), 60, 74]
          : [line(0, cal.fair, 0, 60), 0, 59];
  return Math.min(top, Math.max(from, Math.round(score)));
}

const one = (x: number) => fmtNumber(Math.round(x * 10) / 10);

/**
 * The score of some points: rounded, or calibrated against the book. When explaining, the
 * calibration is one more part (the points it adds or takes), so the parts still add up to the score.
 */
export function finishScore(p: Points, cal: Calibration | null): Score {
  const total = Math.max(0, Math.min(100, p.total));
  const score = cal ? calibrate(total, cal) : Math.round(total);
  if (!p.parts) return { score, grade: grade(score), parts: [] };
  const parts = cal
    ? [
        ...p.parts,
        {
          input: 'calibration',
          value: `${one(total)} points against your ${cal.size} ${cal.population}: excellent from ${one(cal.excellent)}, good ${one(cal.good)}, fair ${one(cal.fair)}`,
          points: score - p.total,
          max: null,
        },
      ]
    : p.parts;
  const r = roundParts(parts);
  return { score: r.score, grade: grade(r.score), parts: r.parts };
}

/** Share (0..1) of the potential inputs' points an account earned: feeds the potential level. */
export interface ValueScore extends Score {
  potentialShare: number;
}

export interface ValuePoints extends Points {
  potentialShare: number;
}

export function valueScore(a: AccountFacts, base: CustomerBase, today: string, cfg: ScoringConfig, explain = true, cal: Calibration | null = null): ValueScore {
  const v = valuePoints(a, base, today, cfg, explain);
  return { ...finishScore(v, cal), potentialShare: v.potentialShare };
}

export function valuePoints(a: AccountFacts, base: CustomerBase, today: string, cfg: ScoringConfig, explain = true): ValuePoints {
  const w = cfg.value;
  const money = (n: number) => (base.currency ? `${fmtNumber(n)} ${base.currency}` : fmtNumber(n));
  const p = new Parts(explain);
  const rfm = rfmScores(a, base, today, cfg);
  const n = base.frequency.size;
  const how = (x: number) => (rfm?.method === 'quintile' ? `quintile ${x} of ${n} customers` : `scale ${x}/5 (${n} customers: too few for quintiles)`);
  if (rfm) {
    p.add('recency', p.raw ? `${rfm.days} days since the last order (${a.lastOrderOn}); ${how(rfm.r)}` : '', (w.recency * rfm.r) / 5, w.recency);
    p.add('frequency', p.raw ? `${a.orders} orders; ${how(rfm.f)}` : '', (w.frequency * rfm.f) / 5, w.frequency);
    p.add('monetary', p.raw ? `revenue ${money(a.revenue)}; ${how(rfm.m)}` : '', (w.monetary * rfm.m) / 5, w.monetary);
  } else {
    p.add('recency', p.raw ? 'no orders' : '', 0, w.recency);
    p.add('frequency', p.raw ? 'no orders' : '', 0, w.frequency);
    p.add('monetary', p.raw ? 'no orders' : '', 0, w.monetary);
  }
  p.add(
    'referrals',
    p.raw ? `${a.referredCustomers} referred account${a.referredCustomers === 1 ? '' : 's'} became customers` : '',
    Math.min(w.referrals, a.referredCustomers * cfg.pointsPerReferral),
    w.referrals,
  );
  const sizePts = a.employees !== null ? (w.size * stepLevel(a.employees, cfg.employeeSteps)) / cfg.employeeSteps.length : 0;
  p.add('size', p.raw ? (a.employees !== null ? `${a.employees} employees` : 'employees not recorded') : '', sizePts, w.size);
  const fromBase = n > 0 && base.topRevenue > 0;
  const full = fromBase ? base.topRevenue * cfg.demandFullShare : cfg.demandFullAmount;
  const fullNote = (): string => (fromBase ? `full points at ${money(full)}, a top customer's revenue` : `full points at ${money(full)}`);
  const demand = Math.max(0, a.expectedDemand ?? 0);
  const demandPts = w.demand * Math.min(1, demand / full);
  p.add('expected demand', p.raw ? (a.expectedDemand !== null ? `${money(demand)} (${fullNote()})` : 'not recorded') : '', demandPts, w.demand);
  const pipePts = w.pipeline * Math.min(1, Math.max(0, a.openDealAmount) / full);
  p.add('open deals', p.raw ? (a.openDeals ? `${a.openDeals} open, amount ${money(a.openDealAmount)} (${fullNote()})` : 'none open') : '', pipePts, w.pipeline);
  const needsPts = a.needsOn ? w.needs : 0;
  p.add('needs recorded', p.raw ? (a.needsOn ? `needs analysis on ${a.needsOn}` : 'none') : '', needsPts, w.needs);
  p.add(
    'recent interactions',
    p.raw ? `${a.recentInteractions} in the last ${cfg.engagementDays} days (full points at ${cfg.interactionsFull})` : '',
    w.interactions * Math.min(1, a.recentInteractions / cfg.interactionsFull),
    w.interactions,
  );
  const surveyFresh = a.surveyOn !== null && a.surveyScore !== null && daysFrom(a.surveyOn, today) <= cfg.surveyMaxAgeDays;
  if (surveyFresh) {
    const share = Math.max(0, Math.min(1, (a.surveyScore! - 1) / (cfg.surveyScale - 1)));
    p.add('survey', p.raw ? `${fmtNumber(a.surveyScore!)} of ${cfg.surveyScale} on ${a.surveyOn}` : '', w.survey * share, w.survey);
  } else {
    p.add('survey', p.raw ? `no survey in the last ${cfg.surveyMaxAgeDays} days (neutral: half the points)` : '', w.survey / 2, w.survey);
  }
  const potMax = w.size + w.demand + w.pipeline + w.needs;
  const potentialShare = potMax > 0 ? (sizePts + demandPts + pipePts + needsPts) / potMax : 0;
  return { ...p.points(), potentialShare };
}

// ---------- lead score ----------

/** Age buckets for time decay, newest first: interactions on or after `from` weigh `weight`. */
export function decayBuckets(today: string, halfLifeDays: number): { from: string; weight: number }[] {
  const edges = [7, 14, 30, 60, 90, 180, 365, 730];
  let prev = 0;
  return edges.map((e) => {
    const mid = (prev + e) / 2;
    prev = e;
    return { from: addDays(today, -e), weight: Math.pow(0.5, mid / Math.max(1, halfLifeDays)) };
  });
}

export function leadScore(a: AccountFacts, cfg: ScoringConfig, explain = true, cal: Calibration | null = null): Score {
  return finishScore(leadPoints(a, cfg, explain), cal);
}

export function leadPoints(a: AccountFacts, cfg: ScoringConfig, explain = true): Points {
  const w = cfg.lead;
  const p = new Parts(explain);
  p.add('contact role', p.raw ? a.roleLabel ?? (a.contacts ? 'contacts without a known role' : 'no contact person') : '', w.role * a.roleLevel, w.role);
  const sizeLevel = a.employees !== null ? stepLevel(a.employees, cfg.employeeSteps) : 0;
  p.add('company size', p.raw ? (a.employees !== null ? `${a.employees} employees` : 'employees not recorded') : '', (w.size * sizeLevel) / cfg.employeeSteps.length, w.size);
  const targets = cfg.targetIndustries.map((t) => t.toLowerCase());
  const ind = a.industry?.toLowerCase() ?? null;
  const target = ind !== null && targets.includes(ind);
  const indShare = !ind ? 0 : targets.length === 0 ? 0.5 : target ? 1 : 0.2;
  p.add(
    'industry',
    p.raw ? (!ind ? 'not recorded' : targets.length === 0 ? `${a.industry} (no target industries configured)` : target ? `${a.industry} (a target industry)` : `${a.industry} (not a target industry)`) : '',
    w.industry * indShare,
    w.industry,
  );
  const q = a.source ? cfg.sourceQuality[a.source] ?? cfg.sourceQuality.other ?? 0 : 0;
  p.add('source', p.raw ? a.source ?? 'not recorded' : '', w.source * Math.max(0, Math.min(1, q)), w.source);
  p.add(
    'meetings',
    p.raw ? `${fmtNumber(a.meetingsDecayed)} visits/meetings, weighted by age (half-life ${cfg.halfLifeDays} days; full at ${cfg.meetingsFull})` : '',
    w.meetings * Math.min(1, a.meetingsDecayed / cfg.meetingsFull),
    w.meetings,
  );
  p.add(
    'replies',
    p.raw ? `${fmtNumber(a.contactsDecayed)} calls/emails/messages, weighted by age (half-life ${cfg.halfLifeDays} days; full at ${cfg.contactsFull})` : '',
    w.contacts * Math.min(1, a.contactsDecayed / cfg.contactsFull),
    w.contacts,
  );
  const st = a.furthestOpenStage;
  p.add('stage reached', p.raw ? (st ? `open deal at ${st}` : 'no open deal') : '', st ? w.stage * (cfg.stageReached[st] ?? 0) : 0, w.stage);
  return p.points();
}

// Titles that usually mean the person decides or strongly influences buying.
const DECIDER = /\b(ceo|cfo|coo|cto|owner|founder|president|chairman|director|head|vp|vice president|chief|general manager|gm|partner|principal)\b|总经理|总裁|董事|老板|厂长|总监|负责人/i;
const INFLUENCER = /\b(manager|buyer|purchas\w*|procurement|engineer|lead|supervisor|specialist|finance|accountant)\b|经理|采购|工程师|主管|财务|技术|主任/i;

/** How much a contact's role weighs for the lead score: 1 decides, 0.6 influences, 0.3 any other contact. */
export function roleLevel(title: string | null, buyingRole: string | null, entryRoles: string | null): { level: number; label: string } {
  const entries = (entryRoles ?? '').split(',').map((s) => s.trim());
  if (buyingRole === 'decision-maker') return { level: 1, label: 'decision-maker' };
  if (entries.includes('power')) return { level: 1, label: 'power (can decide)' };
  if (title && DECIDER.test(title)) return { level: 1, label: `${title} (decides)` };
  if (buyingRole) return { level: 0.6, label: buyingRole };
  if (entries.includes('dissatisfied')) return { level: 0.6, label: 'dissatisfied (owns the problem)' };
  if (title && INFLUENCER.test(title)) return { level: 0.6, label: `${title} (influences)` };
  return { level: 0.3, label: title ? `${title}` : 'contact without a title' };
}
