// The short report after a visit (domain.md, visit planning; issue 19): the goal and whether it was
// met, what was learned about their needs and organisation, problems raised with the solutions
// agreed, the next steps (each an open commitment), the customer's mood and the people met. Stored
// in the visit's interaction (details.report), so the timeline, the exports and `crm plan report`
// read it from one place.
import * as repo from '../db/repositories/interactions.js';
import { insertInteractionContacts } from '../db/repositories/relationships.js';
import { NotFoundError, UsageError } from '../domain/errors.js';
import { cleanOrNull } from '../domain/normalize.js';
import { parseDetails, type VisitReport } from '../domain/stage-record.js';
import { GOAL_MET, MOODS, type GoalMet } from '../domain/visits.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { logInteraction, resolveAccountContact, type InteractionInput } from './interactions.js';
import { recordNextStep } from './next-steps.js';

export interface VisitReportInput {
  goal?: string;
  goalMet?: string;
  needs?: string[];
  organisation?: string[];
  /** problems raised, and the solutions agreed, matched in order */
  problems?: string[];
  solutions?: string[];
  nextSteps?: { what: string; due?: string }[];
  /** one of MOODS, optionally with their words: "hesitant:worried about the lead time" */
  mood?: string;
  /** the people met: contact names, emails or ids of the account */
  met?: string[];
}

const texts = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => cleanOrNull(x)).filter((x): x is string => !!x);

/** True when any part of a report was given. */
export function hasReport(r: VisitReportInput | undefined): r is VisitReportInput {
  if (!r) return false;
  return Object.values(r).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== ''));
}

/** Checks the vocabulary and pairing of a report before anything is written. */
export function checkReport(r: VisitReportInput): void {
  if (r.goalMet !== undefined && !(GOAL_MET as readonly string[]).includes(r.goalMet)) throw new UsageError(`--goal-met must be ${GOAL_MET.join(', ')} (got "${r.goalMet}")`);
  if (r.mood !== undefined) {
    const kind = r.mood.split(':')[0]!.trim().toLowerCase();
    if (!(MOODS as readonly string[]).includes(kind)) throw new UsageError(`--mood must be one of ${MOODS.join(', ')}, optionally with their words as "positive:…" (got "${r.mood}")`);
  }
  if ((r.solutions?.length ?? 0) > (r.problems?.length ?? 0)) throw new UsageError('each --solution answers the --problem in the same position: give the problem first');
  for (const s of r.nextSteps ?? []) if (!cleanOrNull(s.what)) throw new UsageError('a next step needs a text');
}

/**
 * Adds the report to an interaction inside the caller's transaction: people met (the first becomes
 * the interaction's contact when it has none, the others are recorded as present), each next step
 * recorded as an open commitment, and the report merged into the interaction's details.
 */
export async function addVisitReport(t: ServiceContext, interactionId: number, input: VisitReportInput, defaults: { goal?: string | null } = {}): Promise<VisitReport> {
  checkReport(input);
  const i = await repo.interactionForReport(t.db, interactionId);
  if (!i) throw new NotFoundError(`interaction ${interactionId} not found`);
  const accountId = i.account_id;
  const met: { id: number; name: string }[] = [];
  for (const ref of texts(input.met)) {
    const c = await resolveAccountContact(t.db, accountId, ref);
    if (!met.some((m) => m.id === c.id)) met.push(c);
  }
  let contactId = i.contact_id;
  let contactName = i.contact;
  if (contactId === null && met.length) {
    contactId = met[0]!.id;
    contactName = met[0]!.name;
  }
  const already = new Set([...(await repo.presentIds(t.db, interactionId)), ...(contactId !== null ? [contactId] : [])]);
  await insertInteractionContacts(t.db, interactionId, accountId, met.filter((m) => !already.has(m.id)).map((m) => m.id));

  const problems = texts(input.problems);
  const solutions = input.solutions ?? [];
  const report: VisitReport = {};
  const goal = cleanOrNull(input.goal ?? null) ?? cleanOrNull(defaults.goal ?? null);
  if (goal) report.goal = goal;
  if (input.goalMet) report.goalMet = input.goalMet as GoalMet;
  if (texts(input.needs).length) report.needs = texts(input.needs);
  if (texts(input.organisation).length) report.organisation = texts(input.organisation);
  if (problems.length) report.problems = problems.map((problem, k) => ({ problem, ...(cleanOrNull(solutions[k] ?? null) ? { solution: cleanOrNull(solutions[k]!)! } : {}) }));
  if (input.mood) {
    const [kind, ...words] = input.mood.split(':');
    report.mood = kind!.trim().toLowerCase();
    const note = cleanOrNull(words.join(':'));
    if (note) report.moodNote = note;
  }
  if (met.length) report.met = met.map((m) => m.name);
  const steps = (input.nextSteps ?? []).filter((s) => cleanOrNull(s.what));
  if (steps.length) {
    report.nextSteps = [];
    for (const s of steps) {
      const ref = await recordNextStep(t, accountId, { what: s.what, due: s.due, contactId, contactName, interactionId, by: i.rep });
      report.nextSteps.push({ what: cleanOrNull(s.what)!, ...(s.due ? { due: s.due } : {}), ref });
    }
  }
  const details = { ...(parseDetails(i.details) ?? {}), report };
  await repo.setInteractionReport(t.db, interactionId, { details: JSON.stringify(details), ...(contactId !== i.contact_id ? { contact_id: contactId } : {}) });
  return report;
}

/** `crm log --kind visit` with a report: the interaction and its report in one transaction. */
export async function logVisitWithReport(ctx: ServiceContext, accountId: number, input: InteractionInput, report: VisitReportInput) {
  if (!['visit', 'meeting'].includes(input.kind.trim().toLowerCase()))
    throw new UsageError(`a visit report goes with --kind visit or meeting (got "${input.kind}")`, 'log the visit with crm log ACCOUNT --kind visit ...');
  checkReport(report);
  return inTransaction(ctx, async (t) => {
    const logged = await logInteraction(t, accountId, input);
    const r = await addVisitReport(t, logged.id, report);
    await accountTouched(t.db, accountId, t.config);
    return { ...logged, report: r };
  });
}
