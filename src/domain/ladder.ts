// The relationship ladder of domain.md, derived from data (orders, referrals, deals, activity):
// non-customer → prospect → possible buyer → first-time buyer → repeat buyer → loyal → advocate,
// and off the ladder dormant / defector when buying stopped.
import { section, type Config } from './config.js';
import { addDays } from './dates.js';
import { daysBetween as daysFrom } from './dates.js';
import type { AccountFacts } from './facts.js';

export const RUNGS = [
  'non-customer',
  'prospect',
  'possible-buyer',
  'first-time-buyer',
  'repeat-buyer',
  'loyal',
  'advocate',
  'dormant',
  'defector',
] as const;
export type Rung = (typeof RUNGS)[number];

const RANK: Record<string, number> = Object.fromEntries(RUNGS.map((r, i) => [r, i]));

export const RUNG_LABELS: Record<Rung, string> = {
  'non-customer': 'non-customer',
  prospect: 'prospect (valid lead)',
  'possible-buyer': 'possible buyer (qualified)',
  'first-time-buyer': 'first-time buyer',
  'repeat-buyer': 'repeat buyer',
  loyal: 'loyal customer',
  advocate: 'advocate (refers others)',
  dormant: 'dormant (stopped buying)',
  defector: 'defector (gone)',
};

export const LADDER_DEFAULTS = {
  /** orders that make a repeat buyer loyal */
  loyalOrders: 4,
  /** referred accounts that became customers needed to be an advocate */
  advocateReferrals: 1,
  /** days without an order after which a customer is dormant */
  dormantDays: 365,
  /** days without an order after which a customer is a defector */
  defectorDays: 730,
};
export type LadderConfig = typeof LADDER_DEFAULTS;

export function ladderConfig(config: Config): LadderConfig {
  return section(config, 'ladder', LADDER_DEFAULTS);
}

export interface LadderMove {
  rung: Rung;
  since: string;
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * Every move up the ladder the data shows, oldest first, then the drop to dormant or defector if
 * buying stopped. A move never predates the one before it (a deal qualified after the first order
 * does not move a buyer back down).
 */
export function ladderMoves(a: AccountFacts, today: string, cfg: LadderConfig): LadderMove[] {
  // An account entered late (or imported with its history) was known from its first recorded event.
  let created = a.createdOn.slice(0, 10);
  for (const d of [a.firstInteractionOn, a.qualifiedOn, a.needsOn, a.firstOrderOn]) if (d && d < created) created = d;
  const events: LadderMove[] = [{ rung: 'non-customer', since: created }];
  const valid = a.contacts > 0 || a.hasContactPoints || a.interactions > 0;
  if (valid) events.push({ rung: 'prospect', since: minDate(a.firstInteractionOn, created) ?? created });
  const qualified = minDate(a.qualifiedOn, a.needsOn);
  if (qualified) events.push({ rung: 'possible-buyer', since: qualified });
  if (a.firstOrderOn) events.push({ rung: 'first-time-buyer', since: a.firstOrderOn });
  // The n-th order dates are looked up only when a move is recorded; until then the last order
  // stands in (the rung itself depends on counts alone).
  if (a.orders >= 2) events.push({ rung: 'repeat-buyer', since: a.secondOrderOn ?? a.lastOrderOn! });
  if (a.orders >= Math.max(2, cfg.loyalOrders)) events.push({ rung: 'loyal', since: a.loyalOrderOn ?? a.lastOrderOn! });
  if (a.firstOrderOn && a.referredCustomers >= cfg.advocateReferrals && a.firstReferralOrderOn)
    events.push({ rung: 'advocate', since: a.firstReferralOrderOn });

  const moves: LadderMove[] = [];
  let rank = -1;
  for (const e of events) {
    const r = RANK[e.rung]!;
    if (r <= rank) continue;
    const since = moves.length ? maxDate(e.since, moves[moves.length - 1]!.since) : e.since;
    if (since > today) continue;
    moves.push({ rung: e.rung, since });
    rank = r;
  }
  if (!moves.length) moves.push({ rung: 'non-customer', since: created });
  if (a.lastOrderOn) {
    const idle = daysFrom(a.lastOrderOn, today);
    if (idle >= cfg.dormantDays) moves.push({ rung: 'dormant', since: addDays(a.lastOrderOn, cfg.dormantDays) });
    if (idle >= cfg.defectorDays) moves.push({ rung: 'defector', since: addDays(a.lastOrderOn, cfg.defectorDays) });
  }
  return moves;
}

/**
 * The rung ladderMoves would end on, without building the path: a refresh needs only this for
 * accounts whose rung did not change. Must agree with currentRung(ladderMoves(...)).
 */
export function rungOf(a: AccountFacts, today: string, cfg: LadderConfig): Rung {
  if (a.lastOrderOn) {
    const idle = daysFrom(a.lastOrderOn, today);
    if (idle >= cfg.defectorDays) return 'defector';
    if (idle >= cfg.dormantDays) return 'dormant';
  }
  if (a.firstOrderOn && a.referredCustomers >= cfg.advocateReferrals && a.firstReferralOrderOn && a.firstReferralOrderOn <= today) return 'advocate';
  if (a.orders >= Math.max(2, cfg.loyalOrders)) return 'loyal';
  if (a.orders >= 2) return 'repeat-buyer';
  if (a.orders >= 1) return 'first-time-buyer';
  let created = a.createdOn.slice(0, 10);
  for (const d of [a.firstInteractionOn, a.qualifiedOn, a.needsOn]) if (d && d < created) created = d;
  if (created > today) return 'non-customer';
  if (a.qualifiedOn || a.needsOn) return 'possible-buyer';
  if (a.contacts > 0 || a.hasContactPoints || a.interactions > 0) return 'prospect';
  return 'non-customer';
}

export function currentRung(moves: readonly LadderMove[]): LadderMove {
  return moves[moves.length - 1]!;
}

/** Customers are the rungs from first-time buyer up (and dormant ones, who once bought). */
export function isBuyer(rung: string | null): boolean {
  return rung === 'first-time-buyer' || rung === 'repeat-buyer' || rung === 'loyal' || rung === 'advocate';
}

/**
 * Moves to record when the ladder is recomputed. Without history, the whole derived path is
 * written (a backfill). With history, only a change of rung is appended; coming back from
 * dormant is dated by the order that brought the customer back.
 */
export function movesToRecord(
  previous: { rung: string; since: string } | null,
  derived: readonly LadderMove[],
  lastOrderOn: string | null,
): LadderMove[] {
  const now = currentRung(derived);
  if (!previous) return [...derived];
  if (previous.rung === now.rung) return [];
  let since = now.since;
  if ((previous.rung === 'dormant' || previous.rung === 'defector') && isBuyer(now.rung) && lastOrderOn) since = lastOrderOn;
  return [{ rung: now.rung, since: maxDate(since, previous.since) }];
}
