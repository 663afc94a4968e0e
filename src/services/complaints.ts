import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { daysBetween } from '../domain/dates.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull } from '../domain/normalize.js';
import { COMPLAINT_SEVERITIES, COMPLAINT_STEPS, type ComplaintStep } from '../domain/stages.js';
import { oneOf } from '../domain/vocab.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { resolveAccountContact } from './interactions.js';

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

export async function openComplaint(ctx: ServiceContext, accountId: number, input: { summary: string; severity?: string; contact?: string }): Promise<number> {
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
    await accountTouched(t.db, accountId);
    return id;
  });
}

export interface ResolveInput {
  ack?: boolean;
  resolution?: string;
  feedback?: boolean;
  /** any of the seven steps, recorded with the note */
  steps?: string[];
  note?: string;
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
  feedbackOn: string | null;
  daysOpen: number;
  steps: ComplaintStepRecord[];
  nextStep: ComplaintStep | null;
}

/**
 * Records progress on a complaint: acknowledgement, resolution, feedback to the customer, or any of
 * the seven steps. Status follows: open → acknowledged → resolved → closed (feedback given).
 */
export async function resolveComplaint(ctx: ServiceContext, id: number, input: ResolveInput): Promise<ComplaintView> {
  checkTextLengths(input);
  const extra = (input.steps ?? []).map((s) => s.trim().toLowerCase());
  for (const s of extra) if (!oneOf(COMPLAINT_STEPS, s)) throw new ValidationError(`--step must be one of ${COMPLAINT_STEPS.join(', ')} (got "${s}")`);
  if (!input.ack && !input.resolution && !input.feedback && !extra.length)
    throw new UsageError('nothing to record', 'give --ack, --resolution TEXT, --feedback or --step STEP');
  await inTransaction(ctx, async (t) => {
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
    if (input.ack || input.resolution || input.feedback) {
      if (!c.acknowledged_on) {
        patch.acknowledged_on = today;
        if (!extra.includes('acknowledge')) add('acknowledge', input.ack ? note : null);
      }
      patch.status = 'acknowledged';
    }
    if (input.resolution) {
      patch.resolved_on = today;
      patch.resolution = cleanOrNull(input.resolution);
      if (!extra.includes('act')) add('act', cleanOrNull(input.resolution));
      patch.status = 'resolved';
    }
    if (input.feedback) {
      if (!c.resolved_on && !input.resolution) throw new ConflictError(`complaint ${id} has no resolution yet`, 'give --resolution TEXT with --feedback');
      patch.feedback_on = today;
      if (!extra.includes('follow-up')) add('follow-up', note);
      patch.status = 'closed';
    }
    // Status only moves forward: a late --ack on a resolved complaint does not reopen it.
    const order = ['open', 'acknowledged', 'resolved', 'closed'];
    if (patch.status !== undefined && order.indexOf(String(patch.status)) < order.indexOf(c.status)) patch.status = c.status;
    patch.steps = JSON.stringify(steps);
    await care.updateComplaint(t.db, id, patch);
    await accountTouched(t.db, c.account_id);
  });
  return (await listComplaints(ctx, { id }))[0]!;
}

export async function listComplaints(ctx: ServiceContext, f: { open?: boolean; account?: number; id?: number } = {}): Promise<ComplaintView[]> {
  const rows = await care.listComplaints(ctx.db, f);
  const today = ctx.clock.today();
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
      feedbackOn: c.feedback_on,
      daysOpen: daysBetween(c.opened_on, c.feedback_on ?? today),
      steps,
      nextStep: c.status === 'closed' ? null : COMPLAINT_STEPS.find((s) => !done.has(s)) ?? null,
    };
  });
}
