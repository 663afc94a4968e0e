import type { Db } from '../db/engine.js';
import * as accounts from '../db/repositories/accounts.js';
import * as repo from '../db/repositories/interactions.js';
import { deleteStepsOfInteraction, getNextStep, stepsOfInteractions } from '../db/repositories/next-steps.js';
import { nextStepKindOf, type NextStepKind } from '../domain/due.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull, normalizeEmail, personKey } from '../domain/normalize.js';
import { INTERACTION_KINDS, oneOf, SALES_STAGES } from '../domain/vocab.js';
import { RESEARCH_KIND } from '../domain/stages.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { closeStep, openNextStep, parseStepRef, stepRef, type OpenedStep, type StepBrief } from './next-steps.js';

export interface InteractionInput {
  kind: string;
  stage?: string | null;
  /** a contact of the account: id, name or email */
  contact?: string;
  summary?: string;
  outcome?: string;
  nextStep?: string;
  nextDue?: string;
  materials?: string[];
  minutes?: number;
  /** the rep; default: config defaultOwner, else the account owner */
  by?: string;
  details?: Record<string, unknown> | null;
  /** the deal it belongs to; undefined = the account's only open deal, if there is exactly one */
  dealId?: number | null;
  /** the open next step (next:12) the new one replaces; without it earlier steps stay open */
  replaces?: string;
  /** open next steps this interaction did (next:12, retry:4): they close as done */
  done?: string[];
  /** more steps set at once (the onboard command's further check-in dates) */
  extraSteps?: { kind?: NextStepKind; what: string; dueOn: string }[];
}

export interface LoggedInteraction {
  id: number;
  accountId: number;
  dealId: number | null;
  /** e.g. a material already sent to this account before */
  warnings: string[];
  /** the next steps it set */
  steps: OpenedStep[];
  /** the account's other open steps, which stay open */
  stillOpen: StepBrief[];
  /** the steps it closed as done (--done) */
  closedSteps: StepBrief[];
}

/** A contact of this account by id, exact email, or name (exact, then unique prefix). */
export async function resolveAccountContact(db: Db, accountId: number, ref: string): Promise<{ id: number; name: string }> {
  const t = ref.trim();
  const rows = await repo.contactNamesOfAccount(db, accountId);
  if (/^\d+$/.test(t)) {
    const c = rows.find((r) => r.id === Number(t));
    if (c) return c;
  }
  if (t.includes('@')) {
    const email = normalizeEmail(t);
    if (email) {
      const contactId = await repo.contactIdByEmail(db, accountId, email);
      const c = contactId !== undefined ? rows.find((r) => r.id === contactId) : undefined;
      if (c) return c;
    }
  }
  const key = personKey(t);
  const exact = rows.filter((r) => r.name_key === key);
  if (exact.length === 1) return exact[0]!;
  const loose = rows.filter((r) => r.name_key.includes(key) || r.name.toLowerCase().includes(t.toLowerCase()));
  if (exact.length === 0 && loose.length === 1) return loose[0]!;
  if (exact.length > 1 || loose.length > 1)
    throw new ConflictError(`--contact "${ref}" matches several contacts of account ${accountId}: ${(exact.length > 1 ? exact : loose).map((r) => `${r.name} (#${r.id})`).join(', ')}`, 'give the contact id or email');
  throw new NotFoundError(`--contact "${ref}": no such contact at account ${accountId}`, `add one with: crm contact add ${accountId} --name "${ref}"`);
}

/** The rep recorded on an interaction: the one given, else the configured default, else the account owner. */
export async function repFor(t: ServiceContext, accountId: number, by: string | undefined, now: string): Promise<number | null> {
  const name = by ?? t.config.defaultOwner ?? undefined;
  if (name) return accounts.getOrCreateRep(t.db, name, now);
  return repo.accountOwnerId(t.db, accountId);
}

export function checkKind(kind: string, allowResearch = false): string {
  const k = kind.trim().toLowerCase();
  if (oneOf(INTERACTION_KINDS, k) || (allowResearch && k === RESEARCH_KIND)) return k;
  throw new ValidationError(`--kind must be one of ${INTERACTION_KINDS.join(', ')} (got "${kind}")`);
}

export function cleanMaterials(m: readonly string[] | undefined): string[] {
  return [...new Set((m ?? []).flatMap((x) => x.split(',')).map((x) => x.normalize('NFKC').trim()).filter(Boolean))];
}

/**
 * Writes one interaction inside the caller's transaction: the row, its materials (warning when a
 * material was already sent to this account), the deal's last activity, and the account's
 * activity columns.
 */
export async function writeInteraction(t: ServiceContext, accountId: number, input: InteractionInput, dealId: number | null, at?: string): Promise<LoggedInteraction> {
  const now = at ?? t.clock.now();
  const contact = input.contact ? await resolveAccountContact(t.db, accountId, input.contact) : null;
  const materials = cleanMaterials(input.materials);
  const warnings: string[] = [];
  if (materials.length) {
    const before = await repo.materialsSent(t.db, accountId, materials);
    for (const mat of materials) {
      const hit = before.find((b) => b.material === mat);
      if (hit) warnings.push(`"${mat}" was already sent to this account on ${hit.occurred_at.slice(0, 10)}; logged anyway`);
    }
  }
  const details = input.details && Object.keys(input.details).length ? { ...input.details } : null;
  const id = await repo.insertInteraction(t.db, {
      account_id: accountId,
      contact_id: contact?.id ?? null,
      deal_id: dealId,
      kind: input.kind,
      stage: input.stage ?? null,
      occurred_at: now,
      summary: cleanOrNull(input.summary ?? null),
      outcome: cleanOrNull(input.outcome ?? null),
      next_step: cleanOrNull(input.nextStep ?? null) ?? (input.nextDue ? 'follow up' : null),
      next_due: input.nextDue ?? null,
      details: details ? JSON.stringify(details) : null,
      rep_id: await repFor(t, accountId, input.by, now),
      minutes: input.minutes ?? null,
      created_at: now,
    });
  await repo.insertMaterials(t.db, id, accountId, materials);
  if (dealId !== null) await repo.touchDeal(t.db, dealId, now);
  const on = `the ${input.kind} on ${now.slice(0, 10)} (interaction ${id})`;
  const closedSteps: StepBrief[] = [];
  for (const ref of input.done ?? []) {
    const step = await closeStepOf(t, accountId, ref, `done at ${on}`);
    closedSteps.push(step);
  }
  const steps: OpenedStep[] = [];
  const base = { contactId: contact?.id ?? null, dealId, interactionId: id };
  // a retry after a rejected approach, a check-in at onboarding, else a plain next step
  const kind = nextStepKindOf({ stage: input.stage ?? null, outcome: input.outcome ?? null, details: details ? JSON.stringify(details) : null });
  if (cleanOrNull(input.nextStep ?? null) || input.nextDue) {
    steps.push(await openNextStep(t, accountId, { ...base, kind, what: input.nextStep, dueOn: input.nextDue, replaces: input.replaces }));
  } else if (input.replaces !== undefined) throw new UsageError('--replaces goes with --next', 'name the step the new --next replaces');
  for (const x of input.extraSteps ?? []) steps.push(await openNextStep(t, accountId, { ...base, kind: x.kind ?? kind, what: x.what, dueOn: x.dueOn }));
  const mine = new Set(steps.map((x) => x.id));
  const stillOpen = steps.length ? steps[steps.length - 1]!.stillOpen.filter((x) => !mine.has(x.id)) : [];
  await accountTouched(t.db, accountId);
  return { id, accountId, dealId, warnings, steps, stillOpen, closedSteps };
}

/** Closes an open step of this account as done (the --done of a log or a stage command). */
async function closeStepOf(t: ServiceContext, accountId: number, ref: string, note: string): Promise<StepBrief> {
  const s = await getNextStep(t.db, parseStepRef(ref));
  if (!s || s.account_id !== accountId) throw new NotFoundError(`--done ${ref}: no next step of account ${accountId} with that id`, `see them with: crm next list ${accountId}`);
  return closeStep(t, s.id, 'done', note);
}

/** The account's open deal when there is exactly one: a call logged on the account counts for it. */
export async function soleOpenDeal(db: Db, accountId: number): Promise<number | null> {
  const open = await repo.openDealIds(db, accountId);
  return open.length === 1 ? open[0]! : null;
}

/** `crm log`: any interaction with an account, outside the stage commands. */
export async function logInteraction(ctx: ServiceContext, accountId: number, input: InteractionInput): Promise<LoggedInteraction> {
  checkTextLengths(input);
  const kind = checkKind(input.kind);
  return inTransaction(ctx, async (t) => {
    if (!(await repo.accountExists(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    let dealId: number | null;
    if (input.dealId !== undefined && input.dealId !== null) {
      const d = await repo.dealAccount(t.db, input.dealId);
      if (!d || d.account_id !== accountId) throw new NotFoundError(`deal ${input.dealId} not found at account ${accountId}`, 'list them with: crm deals');
      dealId = d.id;
    } else dealId = input.dealId === null ? null : await soleOpenDeal(t.db, accountId);
    return writeInteraction(t, accountId, { ...input, kind }, dealId);
  });
}

// ---- corrections (crm log edit|delete|list)

export interface InteractionPatch {
  kind?: string;
  stage?: string | null;
  contact?: string | null;
  summary?: string | null;
  outcome?: string | null;
  /** YYYY-MM-DD: the day it happened (the time of day is kept) */
  date?: string;
  minutes?: number | null;
  /** the deal it belongs to (null: none) */
  dealId?: number | null;
}

/** Corrects a logged interaction in place. Its next steps are changed with crm next. */
export async function editInteraction(ctx: ServiceContext, id: number, patch: InteractionPatch): Promise<{ id: number; accountId: number; changed: string[] }> {
  const upd: Record<string, unknown> = {};
  if (patch.kind !== undefined) upd.kind = checkKind(patch.kind, true);
  if (patch.stage !== undefined) {
    if (patch.stage !== null && !(SALES_STAGES as readonly string[]).includes(patch.stage)) throw new ValidationError(`--stage must be one of ${SALES_STAGES.join(', ')} (got "${patch.stage}")`);
    upd.stage = patch.stage;
  }
  if (patch.summary !== undefined) upd.summary = cleanOrNull(patch.summary);
  if (patch.outcome !== undefined) upd.outcome = cleanOrNull(patch.outcome);
  if (patch.minutes !== undefined) upd.minutes = patch.minutes;
  return inTransaction(ctx, async (t) => {
    const i = await repo.getInteraction(t.db, id);
    if (!i) throw new NotFoundError(`no interaction ${id}`, 'see the ids with: crm log list ACCOUNT');
    if (patch.contact !== undefined) upd.contact_id = patch.contact === null ? null : (await resolveAccountContact(t.db, i.account_id, patch.contact)).id;
    if (patch.date !== undefined) upd.occurred_at = `${patch.date}${i.occurred_at.slice(10)}`;
    if (patch.dealId !== undefined) {
      if (patch.dealId !== null) {
        const d = await repo.dealAccount(t.db, patch.dealId);
        if (!d || d.account_id !== i.account_id) throw new NotFoundError(`deal ${patch.dealId} not found at account ${i.account_id}`, 'list them with: crm deals');
      }
      upd.deal_id = patch.dealId;
    }
    const changed = Object.keys(upd);
    if (!changed.length) throw new UsageError('nothing to change', 'give at least one field, e.g. --summary');
    await repo.updateInteraction(t.db, id, upd);
    await accountTouched(t.db, i.account_id, t.config);
    return { id, accountId: i.account_id, changed };
  });
}

/** Deletes a logged interaction (a mistake), with the next steps it set and its materials. */
export async function deleteInteraction(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number; stepsDeleted: StepBrief[] }> {
  return inTransaction(ctx, async (t) => {
    const i = await repo.getInteraction(t.db, id);
    if (!i) throw new NotFoundError(`no interaction ${id}`, 'see the ids with: crm log list ACCOUNT');
    const steps = await stepsOfInteractions(t.db, [id]);
    await deleteStepsOfInteraction(t.db, id);
    await repo.deleteInteraction(t.db, id);
    await accountTouched(t.db, i.account_id, t.config);
    return { id, accountId: i.account_id, stepsDeleted: steps.map((s) => ({ id: stepRef(s.kind, s.id), kind: s.kind, what: s.what, dueOn: s.due_on })) };
  });
}

/** Interactions newest first, with their ids (what crm log edit|delete take). */
export async function listInteractions(ctx: ServiceContext, f: { accountId?: number; limit?: number }) {
  const rows = await repo.listInteractions(ctx.db, { accountId: f.accountId, limit: f.limit ?? 50 });
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, account: r.account, on: r.occurred_at.slice(0, 10), kind: r.kind, stage: r.stage, contact: r.contact, summary: r.summary, outcome: r.outcome, dealId: r.deal_id, minutes: r.minutes }));
}
export type InteractionRow = Awaited<ReturnType<typeof listInteractions>>[number];
