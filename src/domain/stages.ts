// The sales stages of domain.md as pure rules: how a deal moves, when it is stale, what each
// stage records. No I/O; "today" is always passed in.
import { section, type Config } from './config.js';
import { addDays, daysBetween, parseIsoDate } from './dates.js';
import { DateInputError, parseDateInput } from './human-dates.js';
import { nextStepText, objectionText, problemText, type VisitReport } from './stage-record.js';
import { SALES_STAGES, type SalesStage } from './vocab.js';

/** Deals live in stages 1-6; accounts (not deals) live in onboard and care. */
export const DEAL_STAGES = ['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export const STAGE_LABELS: Record<SalesStage, string> = {
  prospect: 'prospect / pre-service research',
  approach: 'first contact',
  qualify: 'needs analysis (SPIN)',
  propose: 'proposal (FAB)',
  negotiate: 'objections and trust',
  close: 'closing',
  onboard: 'implementation',
  care: 'account care',
};

/** The interaction kind recorded for desk research at the prospect stage (nobody was contacted). */
export const RESEARCH_KIND = 'research';

// What each stage captures (domain.md). Stored as these keys in interactions.details.
export const APPROACH_CHANNELS = ['call', 'visit', 'referral', 'dm', 'trade-show', 'email', 'message', 'meeting'] as const;
export const APPROACH_OUTCOMES = ['interested', 'appointment', 'call-back', 'no-answer', 'rejected'] as const;
export const REJECTION_KINDS = ['person', 'product', 'reflexive'] as const;
export const REJECTION_FORMS = ['indirect', 'direct'] as const;
export const OBJECTION_KINDS = ['price', 'risk', 'study', 'other'] as const;
export const REFUSAL_KINDS = ['real', 'polite'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const BUYING_SIGNALS = ['asks-service', 'agrees', 'volunteers-info', 'body-language'] as const;
export const ONBOARD_PHASES = ['new-toy', 'learning', 'effective'] as const;
export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Care actions and the job of contact (of the five in domain.md) each one does. */
export const CARE_KINDS = {
  greeting: 'care',
  gift: 'care',
  'business-review': 'service',
  'referral-asked': 'next-deal',
  'information-sent': 'information',
  'complaint-follow-up': 'service',
  intelligence: 'intelligence',
  upsell: 'next-deal',
} as const;
export type CareKind = keyof typeof CARE_KINDS;
export const CONTACT_JOBS = ['care', 'information', 'next-deal', 'service', 'intelligence'] as const;

/** The seven steps of solving a customer problem, in order. */
export const COMPLAINT_STEPS = ['listen', 'acknowledge', 'investigate', 'propose', 'agree', 'act', 'follow-up'] as const;
export type ComplaintStep = (typeof COMPLAINT_STEPS)[number];

/** The interaction kind an approach channel is logged as. */
export function channelKind(channel: string): string {
  if (channel === 'referral') return 'meeting';
  if (channel === 'trade-show') return 'event';
  return channel;
}

export interface StagesConfig {
  /** days a deal may sit idle in a stage before it is stale */
  staleDays: Record<DealStage, number>;
  /** win probability of an open deal in each stage, 0-1 */
  probability: Record<DealStage, number>;
  /** when a lead rejects us and no retry date is given, try again after this many days */
  retryAfterDays: number;
}

export const STAGES_DEFAULTS: StagesConfig = {
  staleDays: { prospect: 30, approach: 14, qualify: 21, propose: 14, negotiate: 14, close: 7 },
  probability: { prospect: 0.05, approach: 0.1, qualify: 0.25, propose: 0.5, negotiate: 0.7, close: 0.9 },
  retryAfterDays: 30,
};

export function stagesConfig(config: Config): StagesConfig {
  return section(config, 'stages', STAGES_DEFAULTS);
}

export function isDealStage(s: string): s is DealStage {
  return (DEAL_STAGES as readonly string[]).includes(s);
}

export function stageIndex(s: string): number {
  return (SALES_STAGES as readonly string[]).indexOf(s);
}

export interface StageMove {
  kind: 'none' | 'new' | 'forward' | 'back';
  from: string | null;
  to: DealStage;
  /** stages jumped over on a forward move */
  skipped: DealStage[];
}

/**
 * How a deal gets from `from` to `to`. Prospect research is optional, so a new deal that starts at
 * first contact skips nothing; a deal that starts later skips the contact stages before it.
 */
export function planMove(from: string | null, to: DealStage): StageMove {
  if (from === null) {
    const start = to === 'prospect' ? 0 : 1;
    return { kind: 'new', from, to, skipped: DEAL_STAGES.slice(start, Math.max(start, stageIndex(to))) as DealStage[] };
  }
  const a = stageIndex(from);
  const b = stageIndex(to);
  if (a === b) return { kind: 'none', from, to, skipped: [] };
  if (b < a) return { kind: 'back', from, to, skipped: [] };
  return { kind: 'forward', from, to, skipped: DEAL_STAGES.slice(a + 1, b) as DealStage[] };
}

export function dealProbability(cfg: StagesConfig, d: { stage: string; status: string; probability: number | null }): number {
  if (d.status === 'won') return 1;
  if (d.status === 'lost') return 0;
  if (d.probability !== null) return d.probability;
  return isDealStage(d.stage) ? cfg.probability[d.stage] : 0;
}

/** Stale: an open deal idle (no stage move, no interaction) longer than its stage allows. */
export function isStale(cfg: StagesConfig, stage: string, status: string, idleDays: number): boolean {
  if (status !== 'open' || !isDealStage(stage)) return false;
  return idleDays > cfg.staleDays[stage];
}

export function idleDays(lastActivity: string, today: string): number {
  return Math.max(0, daysBetween(lastActivity, today));
}

/** A date typed by a person (see parseDateInput: ISO, words in English or Chinese, +3d, 2w); undefined when it is none. */
export function parseWhen(text: string, today: string): string | undefined {
  try {
    return parseDateInput(text, today);
  } catch (e) {
    if (e instanceof DateInputError) return undefined;
    throw e;
  }
}

/** One line from an interaction's stage details, for the timeline. */
export function describeDetails(d: Record<string, any> | null): string {
  if (!d) return '';
  const parts: string[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  if (d.channel) parts.push(`via ${d.channel}`);
  if (d.rejection) parts.push(`rejected (${[d.rejection.kind, d.rejection.form].filter(Boolean).join(', ')}${d.rejection.excuse ? `: "${d.rejection.excuse}"` : ''})`);
  if (d.retryOn) parts.push(`retry ${d.retryOn}`);
  if (d.spin) for (const [k, v] of Object.entries(d.spin)) if (v) parts.push(`${k}: ${v}`);
  if (d.needs?.length) parts.push(`needs: ${list(d.needs)}`);
  if (d.budget !== undefined) parts.push(`budget ${d.budget}`);
  if (d.timing) parts.push(`timing ${d.timing}`);
  if (d.quantity !== undefined) parts.push(`quantity ${d.quantity}`);
  if (d.fab) for (const k of ['features', 'advantages', 'benefits']) if (d.fab[k]?.length) parts.push(`${k}: ${list(d.fab[k])}`);
  if (d.samples) parts.push('samples given');
  if (d.demo) parts.push('demo given');
  if (d.objections?.length) for (const o of d.objections) parts.push(`objection ${objectionText(o)}`);
  if (d.perceivedRisk) parts.push(`perceived risk ${d.perceivedRisk}`);
  if (d.result) parts.push(d.result);
  if (d.amount !== undefined) parts.push(`amount ${d.amount}`);
  if (d.reason) parts.push(`reason: ${d.reason}`);
  if (d.competitor) parts.push(`competitor: ${d.competitor}`);
  if (d.signals?.length) parts.push(`buying signals: ${list(d.signals)}`);
  if (d.phase) parts.push(`phase ${d.phase}`);
  if (d.checkIns?.length) parts.push(`check-ins ${list(d.checkIns)}`);
  if (d.care?.length) parts.push(`care: ${list(d.care)}`);
  if (d.intelligence) parts.push(`intelligence: ${d.intelligence}`);
  if (d.jobs?.length) parts.push(`jobs of contact: ${list(d.jobs)}`);
  if (d.prepared?.length) parts.push(`prepared: ${list(d.prepared)}`);
  if (d.plan) parts.push(`plan: ${d.plan}`);
  if (d.materials?.length) parts.push(`sent: ${list(d.materials)}`);
  const r = d.report as VisitReport | undefined;
  if (r) {
    if (r.goal || r.goalMet) parts.push(`goal: ${r.goal ?? '-'}${r.goalMet ? ` (met: ${r.goalMet})` : ''}`);
    if (r.met?.length) parts.push(`met: ${list(r.met)}`);
    if (r.needs?.length) parts.push(`learned needs: ${list(r.needs)}`);
    if (r.organisation?.length) parts.push(`learned about the organisation: ${list(r.organisation)}`);
    for (const p of r.problems ?? []) parts.push(`problem: ${problemText(p)}`);
    for (const x of r.nextSteps ?? []) parts.push(`next step: ${nextStepText(x)}`);
    if (r.mood) parts.push(`mood: ${r.mood}${r.moodNote ? ` (${r.moodNote})` : ''}`);
  }
  return parts.join('; ');
}
