// The stage record: what the stage commands (and a visit report) keep in interactions.details, as
// flat columns for a spreadsheet. One list of columns, so the CSV export carries every field a
// stage command records (issue 19) and a new field has one place to be added.

/** An objection as `crm negotiate` records it. */
export interface Objection {
  kind: string;
  text?: string;
  refusal?: string;
  answer?: string;
}

/** A visit report (domain.md, visit planning): what `crm plan done` and `crm log --kind visit` record. */
export interface VisitReport {
  /** the goal of the visit (default: the purpose in the plan's brief) */
  goal?: string;
  goalMet?: 'yes' | 'partly' | 'no';
  /** what was learned about their needs */
  needs?: string[];
  /** what was learned about their organisation (people, changes, who decides) */
  organisation?: string[];
  /** problems they raised and the solution agreed for each */
  problems?: { problem: string; solution?: string }[];
  /** the next steps agreed: each is an open commitment (ref: its id, e.g. next:12; reports of earlier versions: promise:12) */
  nextSteps?: { what: string; due?: string; ref?: string }[];
  mood?: string;
  moodNote?: string;
  /** the people met, by name */
  met?: string[];
}

type Details = Record<string, any>;

const list = (v: unknown): string[] | null => (Array.isArray(v) && v.length ? v.map(String) : null);
const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const flag = (v: unknown): boolean | null => (v === true ? true : null);

export function objectionText(o: Objection): string {
  return `${o.kind}${o.text ? ` "${o.text}"` : ''}${o.refusal ? ` (${o.refusal})` : ''}${o.answer ? ` answered: ${o.answer}` : ''}`;
}

export function problemText(p: { problem: string; solution?: string }): string {
  return `${p.problem}${p.solution ? ` → ${p.solution}` : ''}`;
}

export function nextStepText(s: { what: string; due?: string; ref?: string }): string {
  return `${s.what}${s.due ? ` by ${s.due}` : ''}${s.ref ? ` (${s.ref})` : ''}`;
}

/**
 * The columns of the stage record, in export order: key (camelCase, as every export names its
 * columns) and how to read it from the stored details.
 */
export const STAGE_RECORD_COLUMNS: readonly { key: string; get: (d: Details) => unknown }[] = [
  // 1 prospect
  { key: 'prepared', get: (d) => list(d.prepared) },
  { key: 'approachPlan', get: (d) => text(d.plan) },
  // 2 first contact
  { key: 'channel', get: (d) => text(d.channel) },
  { key: 'rejection', get: (d) => text(d.rejection?.kind) },
  { key: 'rejectionForm', get: (d) => text(d.rejection?.form) },
  { key: 'excuse', get: (d) => text(d.rejection?.excuse) },
  { key: 'retryOn', get: (d) => text(d.retryOn) },
  // 3 needs analysis (SPIN)
  { key: 'situation', get: (d) => text(d.spin?.situation) },
  { key: 'problem', get: (d) => text(d.spin?.problem) },
  { key: 'implication', get: (d) => text(d.spin?.implication) },
  { key: 'needPayoff', get: (d) => text(d.spin?.needPayoff) },
  { key: 'needs', get: (d) => list(d.needs) },
  { key: 'budget', get: (d) => num(d.budget) },
  { key: 'timing', get: (d) => text(d.timing) },
  { key: 'quantity', get: (d) => num(d.quantity) },
  // 4 proposal (FAB)
  { key: 'features', get: (d) => list(d.fab?.features) },
  { key: 'advantages', get: (d) => list(d.fab?.advantages) },
  { key: 'benefits', get: (d) => list(d.fab?.benefits) },
  { key: 'amount', get: (d) => num(d.amount) },
  { key: 'samples', get: (d) => flag(d.samples) },
  { key: 'demo', get: (d) => flag(d.demo) },
  // 5 objections and trust
  { key: 'objections', get: (d) => (Array.isArray(d.objections) && d.objections.length ? (d.objections as Objection[]).map(objectionText) : null) },
  { key: 'perceivedRisk', get: (d) => text(d.perceivedRisk) },
  // 6 closing
  { key: 'result', get: (d) => text(d.result) },
  { key: 'reason', get: (d) => text(d.reason) },
  { key: 'competitor', get: (d) => text(d.competitor) },
  { key: 'buyingSignals', get: (d) => list(d.signals) },
  // 7 implementation
  { key: 'phase', get: (d) => text(d.phase) },
  { key: 'checkIns', get: (d) => list(d.checkIns) },
  // 8 account care
  { key: 'care', get: (d) => list(d.care) },
  { key: 'careJobs', get: (d) => list(d.jobs) },
  { key: 'intelligence', get: (d) => text(d.intelligence) },
  // the visit report
  { key: 'visitGoal', get: (d) => text(d.report?.goal) },
  { key: 'goalMet', get: (d) => text(d.report?.goalMet) },
  { key: 'learnedNeeds', get: (d) => list(d.report?.needs) },
  { key: 'learnedOrganisation', get: (d) => list(d.report?.organisation) },
  { key: 'problemsRaised', get: (d) => (Array.isArray(d.report?.problems) && d.report.problems.length ? (d.report.problems as { problem: string; solution?: string }[]).map(problemText) : null) },
  { key: 'nextSteps', get: (d) => (Array.isArray(d.report?.nextSteps) && d.report.nextSteps.length ? (d.report.nextSteps as { what: string; due?: string; ref?: string }[]).map(nextStepText) : null) },
  { key: 'mood', get: (d) => text(d.report?.mood) },
  { key: 'moodNote', get: (d) => text(d.report?.moodNote) },
  { key: 'met', get: (d) => list(d.report?.met) },
];

/** Stored details text → object; damaged JSON (written behind crm's back) reads as none. */
export function parseDetails(json: string | null): Details | null {
  if (!json) return null;
  try {
    const d = JSON.parse(json);
    return d && typeof d === 'object' && !Array.isArray(d) ? d : null;
  } catch {
    return null;
  }
}

/** The stage record as values in STAGE_RECORD_COLUMNS order (null where the field is empty). */
export function stageRecordValues(d: Details | null): unknown[] {
  return STAGE_RECORD_COLUMNS.map((c) => (d ? c.get(d) ?? null : null));
}
