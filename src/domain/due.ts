// The daily due list as pure logic: which items an account has, when each comes due, how urgent
// it is and why. The services load rows; nothing here reads the clock or the database.
import { section, type Config } from './config.js';
import { addDays, daysBetween } from './dates.js';
import { DEFAULT_CULTURES, DEFAULT_HOLIDAYS, type CultureConfig, type HolidayDef } from './holidays.js';
import { ladderConfig } from './ladder.js';

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
  /** default days a deal may sit idle per stage (config section `stages` overrides) */
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
  staleDays: { prospect: 30, approach: 14, qualify: 21, propose: 14, negotiate: 10, close: 7 },
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
  /** the account's most recent interaction */
  latest: InteractionFacts | null;
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

function rejected(i: InteractionFacts): boolean {
  const d = parseDetails(i.details);
  if (d.rejection || d.rejected || d.rejectionKind || d.rejectKind) return true;
  return /reject|refus|declin|拒绝/i.test(`${i.outcome ?? ''}`);
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

/** Every item an account has, due or not yet due, with done items removed and snoozes applied. */
export function accountCandidates(input: AccountDueInput, s: DueSettings): DueCandidate[] {
  const a = input.account;
  const out: DueCandidate[] = [];
  const add = (c: Omit<DueCandidate, 'accountId'>) => out.push({ ...c, accountId: a.id });
  const doneOn = (key: string) => {
    const st = input.states.get(key);
    return st?.status === 'done' ? st.at.slice(0, 10) : null;
  };

  // Promised next step of the latest interaction (a later interaction replaces it).
  const l = input.latest;
  if (l?.nextDue && isDate(l.nextDue)) {
    const nextDue = l.nextDue.slice(0, 10);
    const what = quote(l.nextStep) || 'follow up';
    const on = `the ${l.kind} on ${l.occurredOn}`;
    if (l.stage === 'approach' && rejected(l)) {
      const d = parseDetails(l.details);
      const r = typeof d.rejection === 'object' && d.rejection !== null ? (d.rejection as Record<string, unknown>) : {};
      const kind = [[r.kind, r.form].filter((x) => typeof x === 'string').join(', ') || undefined, d.rejectionKind, d.rejection, d.rejectKind].find((x) => typeof x === 'string' && x) as string | undefined;
      add({ id: `retry:${a.id}:${l.id}`, kind: 'retry', contactId: l.contactId, dueOn: nextDue, appearOn: nextDue, reason: `retry after rejection${kind ? ` (${kind})` : ''} at ${on}: ${what}`, action: ACTIONS.retry! });
    } else if (l.stage === 'onboard') {
      const d = parseDetails(l.details);
      const phase = typeof d.phase === 'string' ? d.phase : undefined;
      add({ id: `check-in:${a.id}:${l.id}`, kind: 'check-in', contactId: l.contactId, dueOn: nextDue, appearOn: nextDue, reason: `implementation check-in${phase ? ` (${phase} phase)` : ''} set at ${on}${/check-in/i.test(what) ? '' : `: ${what}`}`, action: checkInAction(phase) });
    } else {
      add({ id: `next:${a.id}:${l.id}`, kind: 'next-step', contactId: l.contactId, dueOn: nextDue, appearOn: nextDue, reason: `promised next step from ${on}: ${what}`, action: ACTIONS.nextStep! });
    }
  }

  // Implementation check-ins: scheduled in the onboarding details, else per phase after the last one.
  const o = input.onboard;
  if (o && !(l && l.id === o.id && l.nextDue)) {
    const d = parseDetails(o.details);
    const phase = typeof d.phase === 'string' ? d.phase : typeof d.implementationPhase === 'string' ? d.implementationPhase : undefined;
    let due: string | undefined;
    let which = phase;
    const list = Array.isArray(d.checkIns) ? d.checkIns : Array.isArray(d.checkins) ? d.checkins : undefined;
    if (list) {
      // plain dates (the onboard command's --check-in) are pending until a contact after them
      const dates = list.filter((c): c is string => isDate(c)).map((c) => c.slice(0, 10)).filter((c) => c > (a.lastContactOn ?? '')).sort();
      const next = list
        .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
        .filter((c) => !c.done && !c.doneOn && (isDate(c.due) || isDate(c.on) || isDate(c.date)))
        .map((c) => ({ due: String(c.due ?? c.on ?? c.date).slice(0, 10), phase: typeof c.phase === 'string' ? c.phase : phase }))
        .sort((x, y) => x.due.localeCompare(y.due))[0];
      if (next && (!dates[0] || next.due <= dates[0])) {
        due = next.due;
        which = next.phase;
      } else if (dates[0]) due = dates[0];
    } else if (isDate(d.nextCheckIn) || isDate(d.checkInOn)) {
      due = String(d.nextCheckIn ?? d.checkInOn).slice(0, 10);
    } else if (phase && num(s.due.checkIns[phase]) !== undefined && !(a.lastContactOn && a.lastContactOn > o.occurredOn)) {
      due = addDays(o.occurredOn, s.due.checkIns[phase]!);
    }
    if (due) {
      const silent = which === 'learning' ? '; silence in the learning phase is a churn risk' : '';
      add({ id: `check-in:${a.id}:${o.id}:${due}`, kind: 'check-in', contactId: o.contactId, dueOn: due, appearOn: due, reason: `implementation check-in${which ? ` (${which} phase)` : ''} after onboarding on ${o.occurredOn}${silent}`, action: checkInAction(which) });
    }
  }

  for (const p of input.promises) {
    if (!p.dueOn) continue;
    add({ id: `promise:${a.id}:${p.id}`, kind: 'promise', contactId: p.contactId, dueOn: p.dueOn, appearOn: addDays(p.dueOn, -s.due.promiseLeadDays), reason: `promised${p.madeBy ? ` by ${p.madeBy}` : ''}: ${quote(p.what)} (due ${p.dueOn})`, action: ACTIONS.promise! });
  }

  const cc = s.due.complaints;
  for (const c of input.complaints) {
    if (c.status === 'closed' || c.feedbackOn) continue;
    const what = quote(c.summary, 50);
    const sev = c.severity ? `${c.severity} ` : '';
    if (c.resolvedOn || c.status === 'resolved') {
      const base = c.resolvedOn ?? c.openedOn;
      add({ id: `complaint:${a.id}:${c.id}:feedback`, kind: 'complaint', contactId: c.contactId, dueOn: addDays(base, cc.feedbackDays), appearOn: addDays(base, cc.feedbackDays), reason: `${sev}complaint resolved ${base}, awaiting the customer's feedback: ${what}`, action: ACTIONS.complaintFeedback! });
    } else if (c.acknowledgedOn || c.status === 'acknowledged') {
      const base = c.acknowledgedOn ?? c.openedOn;
      add({ id: `complaint:${a.id}:${c.id}:resolve`, kind: 'complaint', contactId: c.contactId, dueOn: addDays(base, cc.resolveDays), appearOn: addDays(base, cc.resolveDays), reason: `${sev}complaint acknowledged ${base}, not resolved: ${what}`, action: ACTIONS.complaintResolve! });
    } else {
      add({ id: `complaint:${a.id}:${c.id}:ack`, kind: 'complaint', contactId: c.contactId, dueOn: addDays(c.openedOn, cc.acknowledgeDays), appearOn: c.openedOn, reason: `${sev}complaint opened ${c.openedOn}, not acknowledged: ${what}`, action: ACTIONS.complaintAck! });
    }
  }

  for (const d of input.deals) {
    const limit = s.staleDays[d.stage];
    if (num(limit) === undefined) continue;
    const due = addDays(d.idleSince, limit!);
    add({ id: `deal:${a.id}:${d.id}:${d.stage}`, kind: 'stale-deal', contactId: null, dueOn: due, appearOn: due, reason: `deal "${quote(d.title, 40)}" idle at ${d.stage} since ${d.idleSince} (limit ${limit} days)`, action: STALE_ACTIONS[d.stage] ?? ACTIONS.stale! });
  }

  // Cadence: a contact (or marking the item done) restarts the clock.
  const cad = cadenceDays(a, s.cadence);
  const base = laterOf(laterOf(a.lastContactOn, doneOn(`cadence:${a.id}`)), null) ?? a.createdOn;
  const since = a.lastContactOn ? `last contact ${a.lastContactOn}` : `no contact yet (added ${a.createdOn})`;
  add({ id: `cadence:${a.id}`, kind: 'cadence', contactId: null, dueOn: addDays(base, cad.days), appearOn: addDays(base, cad.days), reason: `${cad.basis}: contact every ${cad.days} days; ${since}`, action: a.lastOrderOn || a.tier ? ACTIONS.cadence! : ACTIONS.cadenceProspect! });

  if (a.lastOrderOn) {
    const dbase = laterOf(a.lastOrderOn, doneOn(`dormant:${a.id}`))!;
    const due = addDays(dbase, s.due.dormantDays);
    add({ id: `dormant:${a.id}`, kind: 'dormant', contactId: null, dueOn: due, appearOn: due, reason: `no order since ${a.lastOrderOn} (dormant after ${s.due.dormantDays} days)`, action: ACTIONS.dormant! });
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
    // cadence and dormant read their done date as a fresh start, above
    if (st?.status === 'done' && c.kind !== 'cadence' && c.kind !== 'dormant') continue;
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
      id: isBirthday ? `birthday:${f.accountId}:${f.contactId ?? f.id}:${year}` : `anniversary:${f.accountId}:${f.kind}-${f.id}:${year}`,
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
