import { entryCurrency, moneyConfig, shownCurrency } from '../domain/money.js';
import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { daysBetween } from '../domain/dates.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull } from '../domain/normalize.js';
import { COMPLAINT_SEVERITIES, COMPLAINT_STEPS, type ComplaintStep } from '../domain/stages.js';
import { oneOf } from '../domain/vocab.js';
import { deleteStepsOfComplaint } from '../db/repositories/next-steps.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { resolveAccountContact } from './interactions.js';
import { openNextStep, type OpenedStep } from './next-steps.js';

export interface ComplaintStepRecord {
  step: ComplaintStep;
  on: string;
  at: string;
  note: string | null;
}

function parseSteps(s: string | null): ComplaintStepRecord[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** A next step set with a complaint ("call back Friday with the carrier's answer"): an open commitment like any other. */
export interface ComplaintStepInput {
  what?: string;
  dueOn?: string;
  replaces?: string;
}

async function complaintStep(t: ServiceContext, c: { id: number; account_id: number; contact_id: number | null }, step: ComplaintStepInput | undefined): Promise<OpenedStep | null> {
  if (!step || (!step.what && !step.dueOn)) {
    if (step?.replaces !== undefined) throw new UsageError('--replaces goes with --next', 'name the step the new --next replaces');
    return null;
  }
  return openNextStep(t, c.account_id, { what: step.what, dueOn: step.dueOn, replaces: step.replaces, complaintId: c.id, contactId: c.contact_id });
}

export async function openComplaint(ctx: ServiceContext, accountId: number, input: { summary: string; severity?: string; contact?: string; next?: ComplaintStepInput }): Promise<{ id: number; step: OpenedStep | null }> {
  checkTextLengths(input);
  const summary = cleanOrNull(input.summary);
  if (!summary) throw new ValidationError('a complaint needs --summary');
  const severity = input.severity?.trim().toLowerCase();
  if (severity !== undefined && !oneOf(COMPLAINT_SEVERITIES, severity)) throw new ValidationError(`--severity must be one of ${COMPLAINT_SEVERITIES.join(', ')} (got "${input.severity}")`);
  return inTransaction(ctx, async (t) => {
    if (!(await accounts.getAccount(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    const contact = input.contact ? await resolveAccountContact(t.db, accountId, input.contact) : null;
    const now = t.clock.now();
    // Recording the complaint is the first of the seven steps: the customer was listened to.
    const steps: ComplaintStepRecord[] = [{ step: 'listen', on: t.clock.today(), at: now, note: summary }];
    const id = await care.insertComplaint(t.db, { account_id: accountId, contact_id: contact?.id ?? null, summary, severity: severity ?? null, opened_on: t.clock.today(), acknowledged_on: null, resolved_on: null, resolution: null, feedback_on: null, status: 'open', steps: JSON.stringify(steps), created_at: now });
    const step = await complaintStep(t, { id, account_id: accountId, contact_id: contact?.id ?? null }, input.next);
    await accountTouched(t.db, accountId, t.config);
    return { id, step };
  });
}

export interface ResolveInput {
  ack?: boolean;
  resolution?: string;
  /** resolved, with or without a resolution text (crm done complaint:ID:resolve) */
  resolved?: boolean;
  feedback?: boolean;
  /** any of the seven steps, recorded with the note */
  steps?: string[];
  note?: string;
  /** what was paid or credited to make up for their lost time or money, in currency */
  compensation?: number;
  currency?: string;
  /** a next step set at the same time */
  next?: ComplaintStepInput;
}

export interface ComplaintView {
  id: number;
  accountId: number;
  account: string;
  summary: string;
  severity: string | null;
  status: string;
  openedOn: string;
  acknowledgedOn: string | null;
  resolvedOn: string | null;
  resolution: string | null;
  compensation: number | null;
  currency: string | null;
  feedbackOn: string | null;
  daysOpen: number;
  steps: ComplaintStepRecord[];
  nextStep: ComplaintStep | null;
}

/**
 * Records progress on a complaint: acknowledgement, resolution, feedback to the customer, or any of
 * the seven steps. Status follows: open → acknowledged → resolved → closed (feedback given).
 */
export async function resolveComplaint(ctx: ServiceContext, id: number, input: ResolveInput): Promise<ComplaintView & { step: OpenedStep | null }> {
  checkTextLengths(input);
  const extra = (input.steps ?? []).map((s) => s.trim().toLowerCase());
  for (const s of extra) if (!oneOf(COMPLAINT_STEPS, s)) throw new ValidationError(`--step must be one of ${COMPLAINT_STEPS.join(', ')} (got "${s}")`);
  if (!input.ack && !input.resolution && !input.resolved && !input.feedback && !extra.length && !input.next?.what && !input.next?.dueOn && input.compensation === undefined)
    throw new UsageError('nothing to record', 'give --ack, --resolution TEXT, --feedback, --step STEP, --next TEXT or --compensation N');
  if (input.compensation !== undefined && !(Number.isFinite(input.compensation) && input.compensation >= 0))
    throw new ValidationError(`--compensation must be a number of 0 or more (got ${input.compensation})`);
  if (input.currency !== undefined && input.compensation === undefined) throw new UsageError('--currency goes with --compensation');
  const currency = input.compensation === undefined ? undefined : entryCurrency(moneyConfig(ctx.config), input.currency);
  const step = await inTransaction(ctx, async (t) => {
    const c = await care.getComplaint(t.db, id);
    if (!c) throw new NotFoundError(`no complaint with id ${id}`, 'list them with: crm complaint list');
    if (c.status === 'closed') throw new ConflictError(`complaint ${id} is already closed`);
    const today = t.clock.today();
    const now = t.clock.now();
    const steps = parseSteps(c.steps);
    const note = cleanOrNull(input.note ?? null);
    const add = (step: ComplaintStep, n: string | null) => steps.push({ step, on: today, at: now, note: n });
    const patch: Record<string, unknown> = {};
    for (const s of extra as ComplaintStep[]) add(s, note);
    if (input.ack || input.resolution || input.resolved || input.feedback) {
      if (!c.acknowledged_on) {
        patch.acknowledged_on = today;
        if (!extra.includes('acknowledge')) add('acknowledge', input.ack ? note : null);
      }
      patch.status = 'acknowledged';
    }
    if (input.resolution || input.resolved) {
      patch.resolved_on = today;
      patch.resolution = cleanOrNull(input.resolution ?? null) ?? c.resolution;
      if (!extra.includes('act')) add('act', cleanOrNull(input.resolution ?? null));
      patch.status = 'resolved';
    }
    if (input.feedback) {
      if (!c.resolved_on && !input.resolution && !input.resolved) throw new ConflictError(`complaint ${id} has no resolution yet`, 'give --resolution TEXT with --feedback');
      patch.feedback_on = today;
      if (!extra.includes('follow-up')) add('follow-up', note);
      patch.status = 'closed';
    }
    // Status only moves forward: a late --ack on a resolved complaint does not reopen it.
    const order = ['open', 'acknowledged', 'resolved', 'closed'];
    if (patch.status !== undefined && order.indexOf(String(patch.status)) < order.indexOf(c.status)) patch.status = c.status;
    if (input.compensation !== undefined) {
      patch.compensation = input.compensation;
      patch.currency = currency;
    }
    patch.steps = JSON.stringify(steps);
    await care.updateComplaint(t.db, id, patch);
    const opened = await complaintStep(t, c, input.next);
    await accountTouched(t.db, c.account_id, t.config);
    return opened;
  });
  return { ...(await listComplaints(ctx, { id }))[0]!, step };
}

export async function listComplaints(ctx: ServiceContext, f: { open?: boolean; account?: number; id?: number } = {}): Promise<ComplaintView[]> {
  const rows = await care.listComplaints(ctx.db, f);
  const today = ctx.clock.today();
  const money = moneyConfig(ctx.config);
  return rows.map((c) => {
    const steps = parseSteps(c.steps);
    const done = new Set(steps.map((s) => s.step));
    return {
      id: c.id,
      accountId: c.account_id,
      account: c.account,
      summary: c.summary,
      severity: c.severity,
      status: c.status,
      openedOn: c.opened_on,
      acknowledgedOn: c.acknowledged_on,
      resolvedOn: c.resolved_on,
      resolution: c.resolution,
      compensation: c.compensation,
      currency: c.compensation === null ? null : shownCurrency(money, c.currency),
      feedbackOn: c.feedback_on,
      daysOpen: daysBetween(c.opened_on, c.feedback_on ?? today),
      steps,
      nextStep: c.status === 'closed' ? null : COMPLAINT_STEPS.find((s) => !done.has(s)) ?? null,
    };
  });
}

// ---- corrections (crm complaint edit|delete) and follow-ups

/** Corrects what a complaint says, its severity or who made it. Its progress moves with crm complaint resolve. */
export async function editComplaint(ctx: ServiceContext, id: number, input: { summary?: string; severity?: string; contact?: string | null }): Promise<{ id: number; accountId: number; changed: string[] }> {
  const upd: Record<string, unknown> = {};
  if (input.summary !== undefined) {
    const summary = cleanOrNull(input.summary);
    if (!summary) throw new ValidationError('--summary cannot be empty');
    upd.summary = summary;
  }
  if (input.severity !== undefined) {
    const severity = input.severity.trim().toLowerCase();
    if (!oneOf(COMPLAINT_SEVERITIES, severity)) throw new ValidationError(`--severity must be one of ${COMPLAINT_SEVERITIES.join(', ')} (got "${input.severity}")`);
    upd.severity = severity;
  }
  return inTransaction(ctx, async (t) => {
    const c = await care.getComplaint(t.db, id);
    if (!c) throw new NotFoundError(`no complaint with id ${id}`, 'list them with: crm complaint list');
    if (input.contact !== undefined) upd.contact_id = input.contact === null ? null : (await resolveAccountContact(t.db, c.account_id, input.contact)).id;
    const changed = Object.keys(upd);
    if (!changed.length) throw new UsageError('nothing to change', 'give --summary, --severity or --contact');
    await care.updateComplaint(t.db, id, upd);
    await accountTouched(t.db, c.account_id, t.config);
    return { id, accountId: c.account_id, changed };
  });
}

/** Deletes a complaint recorded by mistake, with the next steps set on it. */
export async function deleteComplaint(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number; summary: string; stepsDeleted: number }> {
  return inTransaction(ctx, async (t) => {
    const c = await care.getComplaint(t.db, id);
    if (!c) throw new NotFoundError(`no complaint with id ${id}`, 'list them with: crm complaint list');
    const stepsDeleted = await deleteStepsOfComplaint(t.db, id);
    await care.deleteComplaint(t.db, id);
    await accountTouched(t.db, c.account_id, t.config);
    return { id, accountId: c.account_id, summary: c.summary, stepsDeleted };
  });
}
