// The daily due list as pure logic: which items an account has, when each comes due, how urgent
// it is and why. The services load rows; nothing here reads the clock or the database.
import { section, type Config } from './config.js';
import { addDays, daysBetween } from './dates.js';
import { DEFAULT_CULTURES, DEFAULT_HOLIDAYS, type CultureConfig, type HolidayDef } from './holidays.js';
import { ladderConfig } from './ladder.js';
import { STAGES_DEFAULTS } from './stages.js';

export const DUE_KINDS = [
  'complaint',
  'promise',
  'next-step',
  'retry',
  'check-in',
  'stale-deal',
  'birthday',
  'anniversary',
  'cadence',
  'dormant',
  'holiday',
] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export interface CadenceConfig {
  /** days between contacts per tier */
  A: number;
  B: number;
  C: number;
  /** a customer (has ordered) with no tier computed yet */
  customer: number;
  /** prospects by lead score: the first band whose minScore the score reaches */
  prospects: { minScore: number; days: number }[];
  /** a prospect with no lead score */
  unscored: number;
  [tier: string]: unknown;
}

export const DEFAULT_CADENCE: CadenceConfig = {
  A: 14,
  B: 45,
  C: 90,
  customer: 90,
  prospects: [
    { minScore: 70, days: 14 },
    { minScore: 40, days: 30 },
    { minScore: 0, days: 60 },
  ],
  unscored: 90,
};

export interface UrgencyConfig {
  /** points per item kind */
  kind: Record<string, number>;
  /** points per day overdue (negative before the due date), with days clamped to [minDays, maxDays] */
  overdue: { perDay: number; maxDays: number; minDays: number };
  /** points per tier; 'prospect' for accounts that never ordered */
  tier: Record<string, number>;
  strategic: number;
  /** points per value-score point (0-100) */
  valuePerPoint: number;
  /** points per churn signal (open churn signals, unresolved complaints, dormant ladder rung), capped */
  riskPerSignal: number;
  riskMaxSignals: number;
}

export interface DueConfig {
  /** items due within this many days ahead show by default (--days) */
  days: number;
  /** rows shown by default (--limit; 0 = all) */
  limit: number;
  /** a customer contacted this recently is not pushed again for these kinds of item */
  fatigue: { days: number; kinds: string[] };
  /** a customer who ordered is dormant this many days after the last order */
  dormantDays: number;
  /** promises appear this many days before their due date */
  promiseLeadDays: number;
  complaints: { acknowledgeDays: number; resolveDays: number; feedbackDays: number };
  /** implementation check-in this many days after the onboarding interaction, per phase */
  checkIns: Record<string, number>;
  /** days a deal may sit idle per stage: the pipeline's (`stages.staleDays`), so crm deals --stale and the due list agree */
  staleDays: Record<string, number>;
  birthdays: { leadDays: number; graceDays: number };
  anniversaries: { leadDays: number; graceDays: number; kinds: string[] };
  urgency: UrgencyConfig;
}

export const DEFAULT_DUE: DueConfig = {
  days: 0,
  limit: 100,
  fatigue: { days: 3, kinds: ['cadence', 'dormant', 'stale-deal'] },
  /** default: the ladder's dormantDays (ladder.dormantDays), so the due list and the ladder agree */
  dormantDays: 365,
  promiseLeadDays: 2,
  complaints: { acknowledgeDays: 1, resolveDays: 7, feedbackDays: 3 },
  checkIns: { 'new-toy': 7, learning: 14, effective: 30, effectiveness: 30 },
  staleDays: { ...STAGES_DEFAULTS.staleDays },
  birthdays: { leadDays: 3, graceDays: 2 },
  anniversaries: { leadDays: 7, graceDays: 2, kinds: ['founding', 'first-order', 'anniversary', 'other'] },
  urgency: {
    kind: {
      complaint: 10,
      promise: 9,
      'next-step': 7,
      'check-in': 6,
      birthday: 6,
      retry: 5,
      'stale-deal': 5,
      anniversary: 4,
      cadence: 4,
      dormant: 3,
      holiday: 3,
    },
    overdue: { perDay: 0.5, maxDays: 30, minDays: -7 },
    tier: { A: 6, B: 3, C: 1, prospect: 0.5 },
    strategic: 3,
    valuePerPoint: 0.04,
    riskPerSignal: 2,
    riskMaxSignals: 3,
  },
};

export interface HolidayConfig extends CultureConfig {
  /** greetings appear this many days before the holiday */
  leadDays: number;
  graceDays: number;
  list: HolidayDef[];
  /** names from the list to leave out */
  skip: string[];
}

export const DEFAULT_HOLIDAY_CONFIG: HolidayConfig = { leadDays: 10, graceDays: 0, list: DEFAULT_HOLIDAYS, skip: [], ...DEFAULT_CULTURES };

export interface DueSettings {
  cadence: CadenceConfig;
  due: DueConfig;
  holidays: HolidayConfig;
  /** the stage idle limits actually used: config `stages` read defensively over our defaults */
  staleDays: Record<string, number>;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Idle limits per stage from the `stages` section, whichever shape it uses; our defaults otherwise. */
export function staleLimits(stages: unknown, defaults: Record<string, number>): Record<string, number> {
  const out = { ...defaults };
  if (typeof stages !== 'object' || stages === null) return out;
  const s = stages as Record<string, unknown>;
  for (const mapKey of ['idleDays', 'maxIdleDays', 'staleDays', 'idle']) {
    const m = s[mapKey];
    if (typeof m === 'object' && m !== null) for (const [k, v] of Object.entries(m)) if (num(v) !== undefined) out[k] = v as number;
  }
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      const d = num(o.idleDays) ?? num(o.maxIdleDays) ?? num(o.staleDays);
      if (d !== undefined) out[k] = d;
    }
  }
  return out;
}

export function dueSettings(config: Config): DueSettings {
  // "Dormant" means one thing everywhere: unless the due list sets its own, the ladder's threshold.
  const due = section(config, 'due', { ...DEFAULT_DUE, dormantDays: ladderConfig(config).dormantDays });
  const holidays = section(config, 'holidays', DEFAULT_HOLIDAY_CONFIG);
  return {
    cadence: section(config, 'cadence', DEFAULT_CADENCE),
    due,
    holidays: { ...holidays, list: holidays.list.filter((h) => !holidays.skip.includes(h.name)) },
    staleDays: staleLimits(config.stages, due.staleDays),
  };
}

// ---- inputs -------------------------------------------------------------------------------

export interface AccountFacts {
  id: number;
  name: string;
  tier: string | null;
  valueScore: number | null;
  leadScore: number | null;
  strategic: boolean;
  ladder: string | null;
  lastContactOn: string | null;
  lastOrderOn: string | null;
  createdOn: string;
  owner: string | null;
}

export interface InteractionFacts {
  id: number;
  occurredOn: string;
  kind: string;
  stage: string | null;
  summary: string | null;
  outcome: string | null;
  nextStep: string | null;
  nextDue: string | null;
  details: string | null;
  contactId: number | null;
}

/** An open next step, retry or check-in (table next_steps) with what set it. */
export interface NextStepFacts {
  id: number;
  kind: NextStepKind;
  what: string;
  dueOn: string | null;
  contactId: number | null;
  createdOn: string;
  /** the interaction that set it */
  source: { kind: string; occurredOn: string; stage: string | null; outcome: string | null; details: string | null } | null;
  /** the complaint it follows up */
  complaint: string | null;
}

export const NEXT_STEP_KINDS = ['next-step', 'retry', 'check-in'] as const;
export type NextStepKind = (typeof NEXT_STEP_KINDS)[number];

/** The due-id prefix of each next-step kind: next:12, retry:12, check-in:12 (the row id). */
export const NEXT_STEP_PREFIX: Record<NextStepKind, string> = { 'next-step': 'next', retry: 'retry', 'check-in': 'check-in' };

export interface PromiseFacts {
  id: number;
  what: string;
  dueOn: string | null;
  madeBy: string | null;
  contactId: number | null;
}

export interface ComplaintFacts {
  id: number;
  summary: string;
  severity: string | null;
  status: string;
  openedOn: string;
  acknowledgedOn: string | null;
  resolvedOn: string | null;
  feedbackOn: string | null;
  contactId: number | null;
}

export interface DealFacts {
  id: number;
  title: string;
  stage: string;
  amount: number | null;
  expectedClose: string | null;
  /** the later of entering the stage and the last interaction on the deal */
  idleSince: string;
}

export interface DueStateFacts {
  status: 'done' | 'snoozed';
  until: string | null;
  at: string;
}

export interface AccountDueInput {
  account: AccountFacts;
  /** its open next steps, retries and check-ins */
  nextSteps: NextStepFacts[];
  /** its most recent interaction at the implementation (onboard) stage */
  onboard: InteractionFacts | null;
  promises: PromiseFacts[];
  complaints: ComplaintFacts[];
  deals: DealFacts[];
  states: Map<string, DueStateFacts>;
  /** open churn signals recorded for the account */
  churnSignals: number;
}

/** An item before urgency: what is due, from when it shows (appearOn), and its deadline (dueOn). */
export interface DueCandidate {
  id: string;
  kind: DueKind;
  accountId: number | null;
  contactId: number | null;
  dueOn: string;
  appearOn: string;
  reason: string;
  action: string;
  /** the item stops showing from this date (a cadence item once the dormant item of the same silence shows) */
  hideFrom?: string | null;
}

// ---- the fifteen ways to stay close, as suggested actions ---------------------------------

export const ACTIONS: Record<string, string> = {
  complaintAck: 'acknowledge the complaint today and say when they will hear back (keep communication open)',
  complaintResolve: 'report progress on the complaint; compensate for their lost time or money where it is fair',
  complaintFeedback: 'ask whether the solution works for them (keep communication open)',
  promise: 'keep the promise: deliver it, or call before the date to reset the expectation',
  nextStep: 'do the promised next step (keep promises)',
  retry: 'try again another way: drop by with news, or a different contact person (be sincere)',
  stale: 'move the deal on: call with news or a sample, or ask what holds it up',
  cadence: 'keep in touch: a call or a visit with useful news; periodic 15-minute business review for key accounts',
  cadenceProspect: 'keep in touch: send useful information, ask about their needs and timing',
  dormant: 'reactivate: drop by with news, offer a discount for important customers, ask what changed',
  birthday: 'send birthday greetings (a small gift for key contacts); respect privacy, no favours asked',
  anniversary: 'congratulate them; a good moment for a business review and to reward referrals',
  holiday: 'send holiday greetings',
};

const STALE_ACTIONS: Record<string, string> = {
  prospect: 'finish the research and make the first contact',
  approach: 'book the appointment or retry the first contact',
  qualify: 'ask the open SPIN questions: when will they need it, and how much?',
  propose: 'follow up on the proposal: demo or samples, ask for feedback',
  negotiate: 'answer the open objection; reduce their perceived risk',
  close: 'ask for the order, or find out who else must agree',
};

function parseDetails(s: string | null): Record<string, unknown> {
  if (!s) return {};
  try {
    const v = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isDate(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);
}

/** Whether an interaction records a rejection (stage approach): its next step is then a retry. */
export function isRejection(i: { outcome: string | null; details: string | null }): boolean {
  const d = parseDetails(i.details);
  if (d.rejection || d.rejected || d.rejectionKind || d.rejectKind) return true;
  return /reject|refus|declin|拒绝/i.test(`${i.outcome ?? ''}`);
}

/** The kind of commitment an interaction's next step is: a retry after a rejected approach, an implementation check-in, or a plain next step. */
export function nextStepKindOf(i: { stage: string | null; outcome: string | null; details: string | null }): NextStepKind {
  if (i.stage === 'approach' && isRejection(i)) return 'retry';
  if (i.stage === 'onboard') return 'check-in';
  return 'next-step';
}

/** The implementation phase recorded in an onboarding interaction's details. */
export function phaseOf(details: string | null): string | undefined {
  const d = parseDetails(details);
  return typeof d.phase === 'string' ? d.phase : typeof d.implementationPhase === 'string' ? d.implementationPhase : undefined;
}

/**
 * The check-in dates an onboarding interaction's details schedule (plain dates, or objects with a
 * due date and phase that are not done), the ones after `after` only: what earlier versions kept
 * in the details instead of as next steps.
 */
export function scheduledCheckIns(details: string | null, after: string | null): { due: string; phase: string | undefined }[] {
  const d = parseDetails(details);
  const phase = phaseOf(details);
  const list = Array.isArray(d.checkIns) ? d.checkIns : Array.isArray(d.checkins) ? d.checkins : [];
  const out: { due: string; phase: string | undefined }[] = [];
  for (const c of list) {
    if (isDate(c)) out.push({ due: c.slice(0, 10), phase });
    else if (typeof c === 'object' && c !== null) {
      const o = c as Record<string, unknown>;
      const due = [o.due, o.on, o.date].find(isDate);
      if (due && !o.done && !o.doneOn) out.push({ due: due.slice(0, 10), phase: typeof o.phase === 'string' ? o.phase : phase });
    }
  }
  if (isDate(d.nextCheckIn) || isDate(d.checkInOn)) out.push({ due: String(d.nextCheckIn ?? d.checkInOn).slice(0, 10), phase });
  return out.filter((c) => !after || c.due > after).sort((x, y) => x.due.localeCompare(y.due));
}

function quote(s: string | null, max = 60): string {
  if (!s) return '';
  const t = s.replace(/\s+/g, ' ').trim();
  return Array.from(t).length > max ? Array.from(t).slice(0, max - 1).join('') + '…' : t;
}

export function cadenceDays(a: AccountFacts, c: CadenceConfig): { days: number; basis: string } {
  const tier = a.tier?.toUpperCase();
  if (tier && num(c[tier]) !== undefined) return { days: c[tier] as number, basis: `tier ${tier}` };
  if (a.lastOrderOn) return { days: c.customer, basis: 'customer' };
  if (a.leadScore === null) return { days: c.unscored, basis: 'prospect' };
  const band = [...c.prospects].sort((x, y) => y.minScore - x.minScore).find((b) => (a.leadScore as number) >= b.minScore);
  return { days: band?.days ?? c.unscored, basis: `prospect, lead score ${Math.round(a.leadScore)}` };
}

function laterOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

function laterOfAll(...xs: (string | null | undefined)[]): string | null {
  let out: string | null = null;
  for (const x of xs) out = laterOf(out, x);
  return out;
}

function nextStepCandidate(n: NextStepFacts): Omit<DueCandidate, 'accountId'> | undefined {
  if (!n.dueOn || !isDate(n.dueOn)) return undefined;
  const due = n.dueOn.slice(0, 10);
  const what = quote(n.what) || 'follow up';
  const src = n.source;
  const on = src ? `the ${src.kind} on ${src.occurredOn}` : n.complaint ? `the complaint "${quote(n.complaint, 40)}"` : `${n.createdOn}`;
  const id = `${NEXT_STEP_PREFIX[n.kind]}:${n.id}`;
  if (n.kind === 'retry') {
    const d = parseDetails(src?.details ?? null);
    const r = typeof d.rejection === 'object' && d.rejection !== null ? (d.rejection as Record<string, unknown>) : {};
    const kind = [[r.kind, r.form].filter((x) => typeof x === 'string').join(', ') || undefined, d.rejectionKind, d.rejection, d.rejectKind].find((x) => typeof x === 'string' && x) as string | undefined;
    return { id, kind: 'retry', contactId: n.contactId, dueOn: due, appearOn: due, reason: `retry after rejection${kind ? ` (${kind})` : ''} at ${on}: ${what}`, action: ACTIONS.retry! };
  }
  if (n.kind === 'check-in') {
    const phase = phaseOf(src?.details ?? null);
    return { id, kind: 'check-in', contactId: n.contactId, dueOn: due, appearOn: due, reason: `implementation check-in${phase ? ` (${phase} phase)` : ''} set at ${on}${/check-in/i.test(what) ? '' : `: ${what}`}`, action: checkInAction(phase) };
  }
  return { id, kind: 'next-step', contactId: n.contactId, dueOn: due, appearOn: due, reason: `${src || n.complaint ? `promised next step from ${on}` : `next step set on ${on}`}: ${what}`, action: ACTIONS.nextStep! };
}

/** Every item an account has, due or not yet due, with done items removed and snoozes applied. */
export function accountCandidates(input: AccountDueInput, s: DueSettings): DueCandidate[] {
  const a = input.account;
  const out: DueCandidate[] = [];
  const add = (c: Omit<DueCandidate, 'accountId'>) => out.push({ ...c, accountId: a.id });
  const doneOn = (key: string) => {
    const st = input.states.get(key);
    return st?.status === 'done' ? st.at.slice(0, 10) : null;
  };
  // Contact is anything that happened with the customer: an interaction, an order, or a silence
  // item marked done (the user says they were in touch).
  const contactOn = laterOfAll(a.lastContactOn, a.lastOrderOn, doneOn(`cadence:${a.id}`), doneOn(`dormant:${a.id}`));

  // Every open next step, retry and check-in: commitments stay until done or cancelled.
  for (const n of input.nextSteps) {
    const c = nextStepCandidate(n);
    if (c) add(c);
  }

  // A check-in derived from the implementation phase, while no check-in is scheduled and nobody
  // has been in touch since onboarding.
  const o = input.onboard;
  const phase = o ? phaseOf(o.details) : undefined;
  if (o && phase && num(s.due.checkIns[phase]) !== undefined && !input.nextSteps.some((n) => n.kind === 'check-in') && !(contactOn && contactOn > o.occurredOn)) {
    const due = addDays(o.occurredOn, s.due.checkIns[phase]!);
    const silent = phase === 'learning' ? '; silence in the learning phase is a churn risk' : '';
    add({ id: `check-in:onboard-${o.id}`, kind: 'check-in', contactId: o.contactId, dueOn: due, appearOn: due, reason: `implementation check-in (${phase} phase) after onboarding on ${o.occurredOn}${silent}`, action: checkInAction(phase) });
  }

  for (const p of input.promises) {
    if (!p.dueOn) continue;
    add({ id: `promise:${p.id}`, kind: 'promise', contactId: p.contactId, dueOn: p.dueOn, appearOn: addDays(p.dueOn, -s.due.promiseLeadDays), reason: `promised${p.madeBy ? ` by ${p.madeBy}` : ''}: ${quote(p.what)} (due ${p.dueOn})`, action: ACTIONS.promise! });
  }

  const cc = s.due.complaints;
  for (const c of input.complaints) {
    if (c.status === 'closed' || c.feedbackOn) continue;
    const what = quote(c.summary, 50);
    const sev = c.severity ? `${c.severity} ` : '';
    if (c.resolvedOn || c.status === 'resolved') {
      const base = c.resolvedOn ?? c.openedOn;
      add({ id: `complaint:${c.id}:feedback`, kind: 'complaint', contactId: c.contactId, dueOn: addDays(base, cc.feedbackDays), appearOn: addDays(base, cc.feedbackDays), reason: `${sev}complaint resolved ${base}, awaiting the customer's feedback: ${what}`, action: ACTIONS.complaintFeedback! });
    } else if (c.acknowledgedOn || c.status === 'acknowledged') {
      const base = c.acknowledgedOn ?? c.openedOn;
      add({ id: `complaint:${c.id}:resolve`, kind: 'complaint', contactId: c.contactId, dueOn: addDays(base, cc.resolveDays), appearOn: addDays(base, cc.resolveDays), reason: `${sev}complaint acknowledged ${base}, not resolved: ${what}`, action: ACTIONS.complaintResolve! });
    } else {
      add({ id: `complaint:${c.id}:ack`, kind: 'complaint', contactId: c.contactId, dueOn: addDays(c.openedOn, cc.acknowledgeDays), appearOn: c.openedOn, reason: `${sev}complaint opened ${c.openedOn}, not acknowledged: ${what}`, action: ACTIONS.complaintAck! });
    }
  }

  for (const d of input.deals) {
    const limit = s.staleDays[d.stage];
    if (num(limit) === undefined) continue;
    // marking the item done restarts the idle clock, as a call about the deal would
    const since = laterOf(d.idleSince, doneOn(`deal:${d.id}`))!;
    const due = addDays(since, limit!);
    add({ id: `deal:${d.id}`, kind: 'stale-deal', contactId: null, dueOn: due, appearOn: due, reason: `deal "${quote(d.title, 40)}" idle at ${d.stage} since ${since} (limit ${limit} days)`, action: STALE_ACTIONS[d.stage] ?? ACTIONS.stale! });
  }

  // Silence: the cadence of the tier, and for a customer the long silence that makes it dormant.
  // Both count from the last contact of any kind; once the dormant item shows, the cadence item
  // of the same silence stops showing (hideFrom), so the account is listed once for it.
  const cad = cadenceDays(a, s.cadence);
  const base = contactOn ?? a.createdOn;
  const since = contactOn ? `last contact ${contactOn}${contactOn === a.lastOrderOn && contactOn !== a.lastContactOn ? ' (an order)' : ''}` : `no contact yet (added ${a.createdOn})`;
  const dormantOn = a.lastOrderOn ? addDays(base, s.due.dormantDays) : null;
  add({ id: `cadence:${a.id}`, kind: 'cadence', contactId: null, dueOn: addDays(base, cad.days), appearOn: addDays(base, cad.days), reason: `${cad.basis}: contact every ${cad.days} days; ${since}`, action: a.lastOrderOn || a.tier ? ACTIONS.cadence! : ACTIONS.cadenceProspect!, hideFrom: dormantOn });
  if (a.lastOrderOn && dormantOn) {
    const silence = base > a.lastOrderOn ? `, last contact ${base}` : '';
    add({ id: `dormant:${a.id}`, kind: 'dormant', contactId: null, dueOn: dormantOn, appearOn: dormantOn, reason: `no order since ${a.lastOrderOn}${silence} (dormant after ${s.due.dormantDays} days without contact)`, action: ACTIONS.dormant! });
  }

  return applyStates(out, input.states);
}

function checkInAction(phase: string | undefined): string {
  if (phase === 'new-toy') return 'check in while they are enthusiastic: make sure the set-up is right, pass useful tips';
  if (phase === 'learning') return 'check in during the learning dip: offer training or service before trouble grows';
  if (phase === 'effective' || phase === 'effectiveness') return 'review the results with them (15-minute business review); ask for a referral';
  return 'check in on the implementation: provide service, collect their feedback';
}

/** Drops items marked done; a snoozed item shows again from its snooze date. */
export function applyStates(items: DueCandidate[], states: Map<string, DueStateFacts>): DueCandidate[] {
  const out: DueCandidate[] = [];
  for (const c of items) {
    const st = states.get(c.id);
    // cadence, dormant and stale deals read their done date as a fresh start, above
    if (st?.status === 'done' && c.kind !== 'cadence' && c.kind !== 'dormant' && c.kind !== 'stale-deal') continue;
    if (st?.status === 'snoozed' && st.until && st.until > c.appearOn) out.push({ ...c, appearOn: st.until });
    else out.push(c);
  }
  return out;
}

/** The date stored in accounts.next_due_on: when the account's first item shows on the list. */
export function nextDueOn(items: readonly DueCandidate[]): string | null {
  let min: string | null = null;
  for (const c of items) if (min === null || c.appearOn < min) min = c.appearOn;
  return min;
}

// ---- birthdays and anniversaries ---------------------------------------------------------

export interface AnnualFacts {
  id: number;
  accountId: number;
  contactId: number | null;
  kind: string;
  date: string;
  label: string | null;
  contactName: string | null;
  /** where the date comes from: contact-7, date-5, founding-12, first-order-12 (annual_dates.source) */
  source: string | null;
}

/** The stable part of a birthday or anniversary id: where the date comes from, never a row number that changes. */
export function annualSource(f: Pick<AnnualFacts, 'source' | 'kind' | 'contactId' | 'accountId' | 'id'>): string {
  if (f.source) return f.source;
  if (f.kind === 'birthday' && f.contactId !== null) return `contact-${f.contactId}`;
  if (f.kind === 'founding' || f.kind === 'first-order') return `${f.kind}-${f.accountId}`;
  return `row-${f.id}`;
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The occurrence of a month-day in a year; 29 February falls on the 28th in common years. */
export function occurrence(md: string, year: number): string {
  if (md === '02-29' && !isLeap(year)) return `${year}-02-28`;
  return `${year}-${md}`;
}

/** Month-day ranges ([from, to], inclusive) covering the dates from..to; two when the range wraps the year. */
export function mdRanges(from: string, to: string): [string, string][] {
  if (daysBetween(from, to) >= 365) return [['01-01', '12-31']];
  const a = from.slice(5);
  let b = to.slice(5);
  if (b === '02-28' && !isLeap(Number(to.slice(0, 4)))) b = '02-29';
  return a <= b ? [[a, b]] : [[a, '12-31'], ['01-01', b]];
}

export function annualCandidate(f: AnnualFacts, today: string, horizon: string, s: DueSettings): DueCandidate | undefined {
  const md = f.date.slice(-5);
  const isBirthday = f.kind === 'birthday';
  const cfg = isBirthday ? s.due.birthdays : s.due.anniversaries;
  if (!isBirthday && !s.due.anniversaries.kinds.includes(f.kind)) return undefined;
  const y = Number(today.slice(0, 4));
  for (const year of [y - 1, y, y + 1]) {
    const on = occurrence(md, year);
    const appear = addDays(on, -cfg.leadDays);
    if (appear > horizon || addDays(on, cfg.graceDays) < today) continue;
    const origYear = /^\d{4}-/.test(f.date) ? Number(f.date.slice(0, 4)) : undefined;
    const n = origYear !== undefined ? year - origYear : undefined;
    if (n !== undefined && n <= 0) continue;
    const who = f.contactName ?? 'contact';
    let reason: string;
    if (isBirthday) reason = `${who}'s birthday on ${on}${n !== undefined ? ` (${n})` : ''}`;
    else if (f.kind === 'founding') reason = `company founding anniversary on ${on}${n !== undefined ? ` (${n} years)` : ''}`;
    else if (f.kind === 'first-order') reason = `anniversary of the first order on ${on}${n !== undefined ? ` (${n} year${n === 1 ? '' : 's'} as a customer)` : ''}`;
    else reason = `${f.label ?? f.kind} on ${on}${n !== undefined ? ` (${n} years)` : ''}`;
    return {
      id: `${isBirthday ? 'birthday' : 'anniversary'}:${annualSource(f)}:${year}`,
      kind: isBirthday ? 'birthday' : 'anniversary',
      accountId: f.accountId,
      contactId: f.contactId,
      dueOn: on,
      appearOn: appear,
      reason,
      action: isBirthday ? ACTIONS.birthday! : ACTIONS.anniversary!,
    };
  }
  return undefined;
}

// ---- urgency -----------------------------------------------------------------------------

export interface UrgencyTerm {
  term: string;
  value: number;
  why: string;
}

export interface UrgencyFacts {
  kind: DueKind;
  overdueDays: number;
  tier: string | null;
  isCustomer: boolean;
  strategic: boolean;
  valueScore: number | null;
  riskSignals: number;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** Taskwarrior-style urgency: a sum of terms, each a coefficient from config times a fact. */
export function urgency(f: UrgencyFacts, u: UrgencyConfig): { urgency: number; terms: UrgencyTerm[] } {
  const terms: UrgencyTerm[] = [];
  const push = (term: string, value: number, why: string) => {
    if (value !== 0) terms.push({ term, value: r2(value), why });
  };
  push('kind', u.kind[f.kind] ?? 0, `${f.kind} item`);
  const days = Math.max(u.overdue.minDays, Math.min(u.overdue.maxDays, f.overdueDays));
  push('overdue', days * u.overdue.perDay, f.overdueDays >= 0 ? `${f.overdueDays} days overdue × ${u.overdue.perDay}` : `due in ${-f.overdueDays} days × ${u.overdue.perDay}`);
  const tierKey = f.tier?.toUpperCase() ?? (f.isCustomer ? undefined : 'prospect');
  if (tierKey && u.tier[tierKey] !== undefined) push('tier', u.tier[tierKey]!, tierKey === 'prospect' ? 'prospect' : `tier ${tierKey}`);
  if (f.strategic) push('strategic', u.strategic, 'strategic account');
  if (f.valueScore !== null) push('value', f.valueScore * u.valuePerPoint, `value score ${Math.round(f.valueScore)} × ${u.valuePerPoint}`);
  const signals = Math.min(f.riskSignals, u.riskMaxSignals);
  push('risk', signals * u.riskPerSignal, `${f.riskSignals} churn signal${f.riskSignals === 1 ? '' : 's'} × ${u.riskPerSignal}`);
  return { urgency: r2(terms.reduce((s, t) => s + t.value, 0)), terms };
}

/**
 * The id an item of account `from` gets once that account is merged into `to` (crm account merge),
 * or null when its id does not name the account. Keep in step with the ids built above: the done
 * and snoozed state of a merged account's items follows them by this.
 */
export function mergedItemKey(key: string, from: number, to: number): string | null {
  const m = /^([a-z-]+):(\d+)(:.*)?$/.exec(key);
  if (!m || Number(m[2]) !== from) return null;
  return `${m[1]}:${to}${m[3] ?? ''}`;
}
