// Recording a next step as an open commitment: the one place the visit report (and anything else
// of issue 19) creates next steps. Issue 13 (branch trust2a) makes next steps open commitments of
// their own, with stable due ids; until that lands here, a next step is kept as an open promise
// linked to the interaction it was agreed at: it shows on `crm due` (kind promise), stays open
// until `crm promise done`, and counts as kept or broken. When trust2a's "record a next step"
// service is on main, this function calls it instead and nothing else changes.
import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { promiseStatuses } from '../db/repositories/visits.js';
import { ValidationError } from '../domain/errors.js';
import { cleanOrNull } from '../domain/normalize.js';
import type { ServiceContext } from './context.js';

export interface NextStepInput {
  what: string;
  due?: string;
  /** the contact it was agreed with */
  contactId?: number | null;
  contactName?: string | null;
  /** the interaction it was agreed at */
  interactionId?: number | null;
  /** the rep who owns it (default: config defaultOwner, else the account owner) */
  by?: string | null;
}

/** Records one next step inside the caller's transaction; returns where it is kept, e.g. "promise:12". */
export async function recordNextStep(t: ServiceContext, accountId: number, step: NextStepInput): Promise<string> {
  const what = cleanOrNull(step.what);
  if (!what) throw new ValidationError('a next step needs a text', 'say what will happen, e.g. --next "send samples"');
  const a = await accounts.getAccount(t.db, accountId);
  const by = cleanOrNull(step.by ?? null) ?? t.config.defaultOwner ?? (await accounts.repName(t.db, a?.owner_id ?? null));
  const id = await care.insertPromise(t.db, {
    account_id: accountId,
    contact_id: step.contactId ?? null,
    interaction_id: step.interactionId ?? null,
    what,
    made_by: by,
    to_whom: step.contactName ?? null,
    due_on: step.due ?? null,
    status: 'open',
    done_at: null,
    created_at: t.clock.now(),
  });
  return `promise:${id}`;
}

export type NextStepStatus = 'open' | 'overdue' | 'done' | 'broken' | 'unknown';

/** Where each recorded next step stands now, by the ref recordNextStep returned. */
export async function nextStepStatuses(ctx: ServiceContext, refs: readonly string[]): Promise<Map<string, NextStepStatus>> {
  const ids = refs.map((r) => /^promise:(\d+)$/.exec(r)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]));
  const rows = ids.length ? await promiseStatuses(ctx.db, ids) : [];
  const today = ctx.clock.today();
  const out = new Map<string, NextStepStatus>(refs.map((r) => [r, 'unknown']));
  for (const p of rows)
    out.set(`promise:${p.id}`, p.status === 'kept' ? 'done' : p.status === 'broken' ? 'broken' : p.due_on && p.due_on < today ? 'overdue' : 'open');
  return out;
}
