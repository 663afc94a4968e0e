// The pipeline funnel: how many deals reached each stage, conversion between stages, and win rates
// against the success rates quoted in the material.

export const DEAL_STAGES = ['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close'] as const;

/** Success rates quoted in the material: selling to prospects, first-time buyers, repeat/loyal customers. */
export const BASELINES = { prospect: 0.06, 'first-time': 0.15, repeat: 0.5 } as const;
export type Relationship = keyof typeof BASELINES;

/** The relationship at the time a deal was opened, from how many orders the account had placed. */
export function relationshipAt(ordersBefore: number): Relationship {
  return ordersBefore <= 0 ? 'prospect' : ordersBefore === 1 ? 'first-time' : 'repeat';
}

export interface FunnelStageRow {
  stage: string;
  reached: number;
  accounts: number;
  open: number;
  /** share of the deals that reached this stage and reached the next one (won, after close) */
  conversion: number | null;
  medianDays: number | null;
}

/**
 * deals: for each furthest stage reached (index into DEAL_STAGES), how many deals, and the number
 * of distinct accounts whose deals reached at least each stage.
 */
export function funnelRows(input: {
  furthest: { rank: number; deals: number }[];
  accountsReaching: number[];
  openByStage: Record<string, number>;
  won: number;
  medianDays: Record<string, number | null>;
}): FunnelStageRow[] {
  const reached = DEAL_STAGES.map((_, i) => input.furthest.filter((f) => f.rank >= i).reduce((t, f) => t + f.deals, 0));
  return DEAL_STAGES.map((stage, i) => {
    const next = i + 1 < DEAL_STAGES.length ? reached[i + 1]! : input.won;
    return {
      stage,
      reached: reached[i]!,
      accounts: input.accountsReaching[i] ?? 0,
      open: input.openByStage[stage] ?? 0,
      conversion: reached[i] ? next / reached[i]! : null,
      medianDays: input.medianDays[stage] ?? null,
    };
  });
}

export interface WinRateRow {
  relationship: Relationship;
  closed: number;
  won: number;
  winRate: number | null;
  baseline: number;
  gap: number | null;
}

export function winRates(closed: { relationship: Relationship; won: number; lost: number }[]): WinRateRow[] {
  return (Object.keys(BASELINES) as Relationship[]).map((rel) => {
    const rows = closed.filter((c) => c.relationship === rel);
    const won = rows.reduce((t, r) => t + r.won, 0);
    const n = rows.reduce((t, r) => t + r.won + r.lost, 0);
    const rate = n ? won / n : null;
    return { relationship: rel, closed: n, won, winRate: rate, baseline: BASELINES[rel], gap: rate === null ? null : rate - BASELINES[rel] };
  });
}
