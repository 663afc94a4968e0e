// Visit planning as pure logic: score candidates, fill the VIP / ordinary / prospect mix of
// domain.md's time allocation, and lay the chosen visits out by city and day.
import { addDays } from './dates.js';

export interface VisitsConfig {
  days: number;
  perDay: number;
  /** share of visits per class: VIP ~60% of selling time, ordinary ~30%, prospects ~10% */
  mix: { vip: number; ordinary: number; prospect: number };
  /** plan visits on Saturdays and Sundays too */
  weekends: boolean;
  /** a deal expected to close within this many days after the trip counts as "likely to order soon" */
  closeWithinDays: number;
  /** customers listed for notice of the trip, best first (0 = all) */
  notifyLimit: number;
  points: {
    tier: Record<string, number>;
    strategic: number;
    due: number;
    overdue: number;
    dealNearClose: number;
    expectedDemand: number;
    risk: number;
    complaint: number;
    valuePerPoint: number;
  };
}

export const DEFAULT_VISITS: VisitsConfig = {
  days: 3,
  perDay: 4,
  mix: { vip: 0.6, ordinary: 0.3, prospect: 0.1 },
  weekends: false,
  closeWithinDays: 30,
  notifyLimit: 100,
  points: { tier: { A: 30, B: 15, C: 5 }, strategic: 20, due: 15, overdue: 10, dealNearClose: 25, expectedDemand: 10, risk: 15, complaint: 10, valuePerPoint: 0.2 },
};

export type VisitClass = 'vip' | 'ordinary' | 'prospect';

/** After the visit (the short report of domain.md): was its goal met, and how did the customer feel? */
export const GOAL_MET = ['yes', 'partly', 'no'] as const;
export type GoalMet = (typeof GOAL_MET)[number];
export const MOODS = ['enthusiastic', 'positive', 'neutral', 'hesitant', 'negative'] as const;

export interface VisitCandidate {
  accountId: number;
  city: string | null;
  region: string | null;
  tier: string | null;
  strategic: boolean;
  isCustomer: boolean;
  valueScore: number | null;
  nextDueOn: string | null;
  expectedDemand: number | null;
  dealNearClose: boolean;
  riskSignals: number;
  openComplaints: number;
}

export interface ScoredCandidate extends VisitCandidate {
  cls: VisitClass;
  score: number;
  why: string[];
}

export function visitClass(c: VisitCandidate): VisitClass {
  if (c.strategic || c.tier?.toUpperCase() === 'A') return 'vip';
  if (c.isCustomer || c.tier) return 'ordinary';
  return 'prospect';
}

export function scoreCandidate(c: VisitCandidate, from: string, end: string, cfg: VisitsConfig): ScoredCandidate {
  const p = cfg.points;
  let score = 0;
  const why: string[] = [];
  const tier = c.tier?.toUpperCase();
  if (tier && p.tier[tier]) {
    score += p.tier[tier]!;
    why.push(`tier ${tier}`);
  }
  if (c.strategic) {
    score += p.strategic;
    why.push('strategic');
  }
  if (c.nextDueOn && c.nextDueOn <= end) {
    score += p.due;
    if (c.nextDueOn <= from) {
      score += p.overdue;
      why.push('overdue');
    } else why.push('due during the trip');
  }
  if (c.dealNearClose) {
    score += p.dealNearClose;
    why.push('deal near close');
  }
  if (c.expectedDemand && c.expectedDemand > 0) {
    score += p.expectedDemand;
    why.push('expected demand');
  }
  if (c.riskSignals > 0) {
    score += p.risk;
    why.push('at risk');
  }
  if (c.openComplaints > 0) {
    score += p.complaint;
    why.push('open complaint');
  }
  if (c.valueScore) score += c.valueScore * p.valuePerPoint;
  return { ...c, cls: visitClass(c), score: Math.round(score * 10) / 10, why };
}

/** Picks `slots` candidates: each class up to its share of the mix, unused places to the best of the rest. */
export function pickMix(scored: ScoredCandidate[], slots: number, mix: VisitsConfig['mix']): ScoredCandidate[] {
  const total = mix.vip + mix.ordinary + mix.prospect || 1;
  const vipN = Math.round((slots * mix.vip) / total);
  const ordN = Math.round((slots * mix.ordinary) / total);
  const quota: Record<VisitClass, number> = { vip: vipN, ordinary: ordN, prospect: Math.max(0, slots - vipN - ordN) };
  const byScore = [...scored].sort((a, b) => b.score - a.score || a.accountId - b.accountId);
  const picked: ScoredCandidate[] = [];
  const used = new Set<number>();
  for (const cls of ['vip', 'ordinary', 'prospect'] as const) {
    for (const c of byScore) {
      if (quota[cls] <= 0) break;
      if (c.cls !== cls || c.score <= 0) continue;
      picked.push(c);
      used.add(c.accountId);
      quota[cls]--;
    }
  }
  for (const c of byScore) {
    if (picked.length >= slots) break;
    if (!used.has(c.accountId) && c.score > 0) {
      picked.push(c);
      used.add(c.accountId);
    }
  }
  return picked;
}

export function tripDays(from: string, days: number, weekends: boolean): string[] {
  const out: string[] = [];
  for (let d = from; out.length < days; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekends || (wd !== 0 && wd !== 6)) out.push(d);
  }
  return out;
}

/**
 * Lays visits out day by day, a city at a time (best city first), at most perDay a day. `place`
 * says which visits are in one city: by default the same region and city as written; the plan
 * passes a key that makes 深圳 and Shenzhen one place (domain/places.ts).
 */
export function layout<T extends { city: string | null; region: string | null; score: number }>(
  picked: T[],
  days: string[],
  perDay: number,
  place: (p: T) => string = (p) => `${p.region ?? ''}|${p.city ?? ''}`,
): { day: string; seq: number; item: T }[] {
  const byCity = new Map<string, T[]>();
  for (const p of picked) {
    const k = place(p);
    let l = byCity.get(k);
    if (!l) byCity.set(k, (l = []));
    l.push(p);
  }
  const cities = [...byCity.values()].map((l) => l.sort((a, b) => b.score - a.score));
  cities.sort((a, b) => b.reduce((s, x) => s + x.score, 0) - a.reduce((s, x) => s + x.score, 0));
  const out: { day: string; seq: number; item: T }[] = [];
  let di = 0;
  let seq = 0;
  for (const l of cities)
    for (const item of l) {
      if (seq >= perDay) {
        di++;
        seq = 0;
      }
      if (di >= days.length) return out;
      out.push({ day: days[di]!, seq: ++seq, item });
    }
  return out;
}
