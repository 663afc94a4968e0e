// Churn early warning: the signals of domain.md that fired for an account, each with evidence.
import { section, type Config } from './config.js';
import { daysBetween as daysFrom } from './dates.js';
import { fmtNumber, pct } from './explain.js';
import type { AccountFacts } from './facts.js';

/** Signals recorded by hand (crm signal add): what the data cannot see. */
export const HAND_SIGNALS = {
  'competitor-praised': 'keeps praising a competitor',
  'new-strategy': 'new business strategy on their side',
  'owner-change': 'change of ownership',
  'key-person-change': 'change of the key person',
} as const;
export type HandSignalKind = keyof typeof HAND_SIGNALS;

const HAND_SYNONYMS: Record<string, HandSignalKind> = {
  competitor: 'competitor-praised',
  'praises-competitor': 'competitor-praised',
  strategy: 'new-strategy',
  owner: 'owner-change',
  ownership: 'owner-change',
  'ownership-change': 'owner-change',
  'key-person': 'key-person-change',
  'person-change': 'key-person-change',
  'contact-change': 'key-person-change',
};

export function normalizeSignalKind(s: string): HandSignalKind | undefined {
  const k = s.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (k in HAND_SIGNALS) return k as HandSignalKind;
  return HAND_SYNONYMS[k];
}

export const RISK_DEFAULTS = {
  /** falling volume: revenue of the last period below (1 - fallingShare) × the period before */
  periodDays: 365,
  fallingShare: 0.3,
  /** purchase gap: days since the last order above gapFactor × the account's average gap... */
  gapFactor: 1.5,
  /** ...for accounts with at least this many orders, and never below minGapDays */
  rhythmMinOrders: 3,
  minGapDays: 30,
  /** rising complaints: at least this many in the last complaintDays, and more than the period before */
  complaintDays: 180,
  risingComplaints: 2,
  /** an open complaint older than this many days is unresolved */
  unresolvedDays: 7,
  /** a latest survey at or below this share of the scale (2.5 of 5) is low */
  lowSurveyShare: 0.5,
  surveyScale: 5,
  surveyMaxAgeDays: 365,
  /** cooling contact: a customer not contacted for coolingDays... */
  coolingDays: 90,
  /** ...or contacted in the last window less than half as often as in the window before */
  coolingWindowDays: 90,
  coolingDrop: 0.5,
};
export type RiskConfig = typeof RISK_DEFAULTS;

export function riskConfig(config: Config): RiskConfig {
  return section(config, 'risk', RISK_DEFAULTS);
}

export interface RiskSignal {
  signal: string;
  evidence: string;
}

/** `currency`: the base currency revenue is in, named in the evidence. */
export function churnSignals(a: AccountFacts, rung: string, today: string, cfg: RiskConfig, currency = ''): RiskSignal[] {
  const out: RiskSignal[] = [];
  const customer = a.orders > 0;
  if (customer && a.revenuePrevious > 0 && a.revenueRecent < (1 - cfg.fallingShare) * a.revenuePrevious) {
    const change = (a.revenueRecent - a.revenuePrevious) / a.revenuePrevious;
    const cur = currency ? ` ${currency}` : '';
    out.push({
      signal: 'falling-volume',
      evidence: `revenue ${fmtNumber(a.revenueRecent)}${cur} in the last ${cfg.periodDays} days vs ${fmtNumber(a.revenuePrevious)}${cur} the ${cfg.periodDays} days before (${pct(change)})`,
    });
  }
  if (customer && a.orders >= cfg.rhythmMinOrders && a.firstOrderOn && a.lastOrderOn) {
    const rhythm = daysFrom(a.firstOrderOn, a.lastOrderOn) / (a.orders - 1);
    const idle = daysFrom(a.lastOrderOn, today);
    if (idle > cfg.gapFactor * rhythm && idle >= cfg.minGapDays)
      out.push({ signal: 'purchase-gap', evidence: `no order for ${idle} days (last ${a.lastOrderOn}); usually one every ${Math.round(rhythm)} days` });
  }
  if (a.complaintsRecent >= cfg.risingComplaints && a.complaintsRecent > a.complaintsPrevious)
    out.push({
      signal: 'rising-complaints',
      evidence: `${a.complaintsRecent} complaints in the last ${cfg.complaintDays} days vs ${a.complaintsPrevious} the ${cfg.complaintDays} days before`,
    });
  if (a.openComplaints > 0 && a.oldestOpenComplaintOn) {
    const age = daysFrom(a.oldestOpenComplaintOn, today);
    if (age >= cfg.unresolvedDays)
      out.push({
        signal: 'unresolved-complaints',
        evidence: `${a.openComplaints} complaint${a.openComplaints === 1 ? '' : 's'} open, oldest since ${a.oldestOpenComplaintOn} (${age} days)`,
      });
  }
  if (a.surveyOn && a.surveyScore !== null && daysFrom(a.surveyOn, today) <= cfg.surveyMaxAgeDays && a.surveyScore <= cfg.lowSurveyShare * cfg.surveyScale)
    out.push({ signal: 'low-survey', evidence: `survey of ${a.surveyOn} scored ${fmtNumber(a.surveyScore)} of ${cfg.surveyScale}` });
  if (customer && rung !== 'defector') {
    // An order is real contact too: a customer who just bought is not cooling.
    const li = a.lastInteractionOn;
    const last = li && (!a.lastOrderOn || li > a.lastOrderOn) ? li : a.lastOrderOn!;
    const since = daysFrom(last, today);
    if (since >= cfg.coolingDays)
      out.push({ signal: 'cooling-contact', evidence: `last contact ${last}${last === li ? '' : ' (an order)'}, ${since} days ago` });
    else if (a.coolingPrevious >= 2 && a.coolingRecent < cfg.coolingDrop * a.coolingPrevious)
      out.push({
        signal: 'cooling-contact',
        evidence: `${a.coolingRecent} contacts in the last ${cfg.coolingWindowDays} days vs ${a.coolingPrevious} the ${cfg.coolingWindowDays} days before`,
      });
  }
  for (const s of a.signals) {
    const label = HAND_SIGNALS[s.kind as HandSignalKind] ?? s.kind;
    out.push({ signal: s.kind, evidence: `${label}, noted ${s.notedOn}${s.note ? `: ${s.note}` : ''} (signal #${s.id})` });
  }
  return out;
}
