// Next steps, retries and check-ins as open commitments. Every command that sets one (crm log,
// the eight stage commands, crm plan done, crm complaint, structured visit reports...) goes
// through openNextStep: a new step never closes an earlier one; it says which steps stay open,
// and replaces one only when the caller names it. A step closes when it is done or cancelled on
// purpose (crm next done|cancel, crm done next:ID, --done on a log); it moves when rescheduled.
import type { Db } from '../db/engine.js';
import * as due from '../db/repositories/due.js';
import * as repo from '../db/repositories/next-steps.js';
import { promiseStatuses } from '../db/repositories/visits.js';
import { NEXT_STEP_KINDS, NEXT_STEP_PREFIX, type NextStepKind } from '../domain/due.js';
import { NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { cleanOrNull } from '../domain/normalize.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

export type { NextStepKind };

/** The id a step has on the due list and in every next-step command: next:12, retry:12, check-in:12. */
export function stepRef(kind: string, id: number): string {
  return `${NEXT_STEP_PREFIX[kind as NextStepKind] ?? 'next'}:${id}`;
}

/** Reads a step id as typed: 12, next:12, retry:12 or check-in:12. */
export function parseStepRef(text: string | number): number {
  if (typeof text === 'number') return text;
  const m = /^(?:(next|retry|check-in):)?(\d+)$/.exec(text.trim());
  if (!m) throw new UsageError(`"${text}" is not a next-step id (like next:12, retry:12, check-in:12 or 12)`, 'see them with: crm next list');
  return Number(m[2]);
}

export interface StepBrief {
  id: string;
  kind: NextStepKind;
  what: string;
  dueOn: string | null;
}

export interface StepInput {
  what?: string | null;
  dueOn?: string | null;
  /** default next-step */
  kind?: NextStepKind;
  contactId?: number | null;
  dealId?: number | null;
  interactionId?: number | null;
  complaintId?: number | null;
  /** an open step of the same account this one replaces (id as typed: next:12 or 12) */
  replaces?: string | number;
}

export interface OpenedStep extends StepBrief {
  /** the step it replaced, when the caller named one */
  replaced: string | null;
  /** the account's other open steps, which stay open */
  stillOpen: StepBrief[];
}

const brief = (r: { id: number; kind: string; what: string; due_on: string | null }): StepBrief => ({ id: stepRef(r.kind, r.id), kind: r.kind as NextStepKind, what: r.what, dueOn: r.due_on });

/**
 * Records a next step inside the caller's transaction (the caller refreshes the account's due
 * items, as it does for everything else it wrote). This is the one door for setting a step.
 */
export async function openNextStep(t: ServiceContext, accountId: number, input: StepInput): Promise<OpenedStep> {
  const kind = input.kind ?? 'next-step';
  if (!(NEXT_STEP_KINDS as readonly string[]).includes(kind)) throw new ValidationError(`a next step is one of ${NEXT_STEP_KINDS.join(', ')} (got "${kind}")`);
  const what = cleanOrNull(input.what ?? null) ?? 'follow up';
  const now = t.clock.now();
  let replaced: { id: number; kind: string } | undefined;
  if (input.replaces !== undefined) {
    const old = await repo.getNextStep(t.db, parseStepRef(input.replaces));
    if (!old || old.account_id !== accountId) throw new NotFoundError(`--replaces ${input.replaces}: no next step of account ${accountId} with that id`, `see them with: crm next list ${accountId}`);
    if (old.status !== 'open') throw new ValidationError(`--replaces ${input.replaces}: that step is already ${old.status}`);
    replaced = old;
  }
  const id = await repo.insertNextStep(t.db, {
    account_id: accountId,
    contact_id: input.contactId ?? null,
    deal_id: input.dealId ?? null,
    interaction_id: input.interactionId ?? null,
    complaint_id: input.complaintId ?? null,
    kind,
    what,
    due_on: input.dueOn ?? null,
    status: 'open',
    replaced_by: null,
    note: null,
    closed_at: null,
    created_at: now,
    updated_at: now,
  });
  if (replaced) await repo.updateNextStep(t.db, replaced.id, { status: 'replaced', replaced_by: id, note: `replaced by ${stepRef(kind, id)}`, closed_at: now, updated_at: now });
  const stillOpen = (await repo.openStepsOfAccount(t.db, accountId)).filter((r) => r.id !== id).map(brief);
  return { id: stepRef(kind, id), kind, what, dueOn: input.dueOn ?? null, replaced: replaced ? stepRef(replaced.kind, replaced.id) : null, stillOpen };
}

export interface NextStepRow {
  id: string;
  stepId: number;
  accountId: number;
  account: string;
  kind: NextStepKind;
  what: string;
  contact: string | null;
  dueOn: string | null;
  overdue: boolean;
  status: string;
  /** what set it: the interaction (visit 2026-11-20, interaction 45) or the complaint */
  setBy: string;
  note: string | null;
  createdAt: string;
  closedAt: string | null;
}

export async function listNextSteps(ctx: ServiceContext, f: { accountId?: number; all?: boolean } = {}): Promise<NextStepRow[]> {
  const today = ctx.clock.today();
  const rows = await repo.listNextSteps(ctx.db, f);
  return rows
    .map((r) => ({
      id: stepRef(r.kind, r.id),
      stepId: r.id,
      accountId: r.account_id,
      account: r.account,
      kind: r.kind as NextStepKind,
      what: r.what,
      contact: r.contact,
      dueOn: r.due_on,
      overdue: r.status === 'open' && r.due_on !== null && r.due_on < today,
      status: r.status,
      setBy: r.interaction_id !== null ? `${r.source_kind ?? 'interaction'} ${String(r.source_at ?? '').slice(0, 10)} (interaction ${r.interaction_id})` : r.complaint_id !== null ? `complaint ${r.complaint_id}` : 'crm next add',
      note: r.note,
      createdAt: r.created_at,
      closedAt: r.closed_at,
    }))
    .sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.stepId - b.stepId);
}

async function openStep(db: Db, ref: string | number) {
  const id = parseStepRef(ref);
  const s = await repo.getNextStep(db, id);
  if (!s) throw new NotFoundError(`no next step ${ref}`, 'see them with: crm next list');
  return s;
}

export interface ClosedStep extends StepBrief {
  accountId: number;
  status: 'done' | 'cancelled';
}

/**
 * Closes a step inside the caller's transaction: done (it happened) or cancelled (dropped on
 * purpose). A snooze on its due item goes with it.
 */
export async function closeStep(t: ServiceContext, ref: string | number, status: 'done' | 'cancelled', note?: string | null): Promise<ClosedStep> {
  const s = await openStep(t.db, ref);
  if (s.status !== 'open') throw new ValidationError(`next step ${stepRef(s.kind, s.id)} is already ${s.status}${s.note ? ` (${s.note})` : ''}`);
  const now = t.clock.now();
  await repo.updateNextStep(t.db, s.id, { status, note: cleanOrNull(note ?? null), closed_at: now, updated_at: now });
  await due.deleteDueState(t.db, stepRef(s.kind, s.id));
  return { ...brief(s), accountId: s.account_id, status };
}

/** `crm next done|cancel`, `crm done next:ID`: closes the step and refreshes the account's due items. */
export async function finishNextStep(ctx: ServiceContext, ref: string | number, status: 'done' | 'cancelled', note?: string): Promise<ClosedStep> {
  return inTransaction(ctx, async (t) => {
    const r = await closeStep(t, ref, status, note);
    await accountTouched(t.db, r.accountId, t.config);
    return r;
  });
}

/** Changes what a step says or when it is due, in place: same id, so lists and mails still match. */
export async function editNextStep(ctx: ServiceContext, ref: string | number, patch: { what?: string; dueOn?: string | null }): Promise<StepBrief & { accountId: number }> {
  if (patch.what === undefined && patch.dueOn === undefined) throw new UsageError('nothing to change', 'give --what TEXT or --due DATE');
  return inTransaction(ctx, async (t) => {
    const s = await openStep(t.db, ref);
    if (s.status !== 'open') throw new ValidationError(`next step ${stepRef(s.kind, s.id)} is ${s.status}; only open steps change`);
    const upd: { what?: string; due_on?: string | null; updated_at: string } = { updated_at: t.clock.now() };
    if (patch.what !== undefined) {
      const what = cleanOrNull(patch.what);
      if (!what) throw new ValidationError('--what cannot be empty');
      upd.what = what;
    }
    if (patch.dueOn !== undefined) {
      upd.due_on = patch.dueOn;
      // a new date replaces any snooze of the old one
      await due.deleteDueState(t.db, stepRef(s.kind, s.id));
    }
    await repo.updateNextStep(t.db, s.id, upd);
    await accountTouched(t.db, s.account_id, t.config);
    return { ...brief({ ...s, what: upd.what ?? s.what, due_on: upd.due_on !== undefined ? upd.due_on : s.due_on }), accountId: s.account_id };
  });
}

/** `crm next add`: a step on its own, not set by an interaction. */
export async function addNextStep(ctx: ServiceContext, accountId: number, input: StepInput): Promise<OpenedStep> {
  return inTransaction(ctx, async (t) => {
    if (!(await due.accountsByIds(t.db, [accountId])).length) throw new NotFoundError(`account ${accountId} not found`);
    const r = await openNextStep(t, accountId, input);
    await accountTouched(t.db, accountId, t.config);
    return r;
  });
}

// ---- for other features that set next steps (issue 19's visit report): one call, one id back

export interface NextStepInput {
  what: string;
  due?: string;
  /** the contact it was agreed with */
  contactId?: number | null;
  /** kept for callers that pass it; the contact id is what is stored */
  contactName?: string | null;
  /** the interaction it was agreed at */
  interactionId?: number | null;
  /** the rep: recorded on the interaction that set the step */
  by?: string | null;
  replaces?: string;
}

/** Records one next step inside the caller's transaction (openNextStep's rule); returns its id, e.g. "next:12". */
export async function recordNextStep(t: ServiceContext, accountId: number, step: NextStepInput): Promise<string> {
  if (!cleanOrNull(step.what)) throw new ValidationError('a next step needs a text', 'say what will happen, e.g. --next "send samples"');
  const r = await openNextStep(t, accountId, { what: step.what, dueOn: step.due ?? null, contactId: step.contactId ?? null, interactionId: step.interactionId ?? null, replaces: step.replaces });
  return r.id;
}

/** broken: a promise the visit report of an earlier version kept its step as, not kept in time. */
export type NextStepStatus = 'open' | 'overdue' | 'done' | 'cancelled' | 'replaced' | 'broken' | 'unknown';

const standing = (status: string, due: string | null, today: string): NextStepStatus =>
  status === 'open' ? (due && due < today ? 'overdue' : 'open') : status === 'kept' ? 'done' : (status as NextStepStatus);

/**
 * Where each recorded next step stands now, by the id recordNextStep returned. Visit reports
 * written before next steps had their own table kept them as promises (promise:ID): those refs
 * are read from the promises.
 */
export async function nextStepStatuses(ctx: ServiceContext, refs: readonly string[]): Promise<Map<string, NextStepStatus>> {
  const today = ctx.clock.today();
  const out = new Map<string, NextStepStatus>(refs.map((r) => [r, 'unknown']));
  const ids = (re: RegExp) => refs.map((r) => re.exec(r)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]));
  for (const s of await repo.stepStatuses(ctx.db, ids(/^(?:next|retry|check-in):(\d+)$/))) out.set(stepRef(s.kind, s.id), standing(s.status, s.due_on, today));
  for (const p of await promiseStatuses(ctx.db, ids(/^promise:(\d+)$/))) out.set(`promise:${p.id}`, standing(p.status, p.due_on, today));
  return out;
}

export interface AgreedStep {
  ref: string;
  what: string;
  due: string | null;
  status: NextStepStatus;
}

/** The steps each of these interactions set, with where they stand now (plan report: a visit's next steps). */
export async function stepsAgreedAt(ctx: ServiceContext, interactionIds: readonly number[]): Promise<Map<number, AgreedStep[]>> {
  const today = ctx.clock.today();
  const out = new Map<number, AgreedStep[]>();
  for (const s of await repo.stepsOfInteractions(ctx.db, interactionIds)) {
    const list = out.get(s.interaction_id!) ?? [];
    list.push({ ref: stepRef(s.kind, s.id), what: s.what, due: s.due_on, status: standing(s.status, s.due_on, today) });
    out.set(s.interaction_id!, list);
  }
  return out;
}
