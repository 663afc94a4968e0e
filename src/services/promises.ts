import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull } from '../domain/normalize.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { resolveAccountContact } from './interactions.js';

export interface PromiseInput {
  what: string;
  dueOn?: string;
  /** the rep who made it; default: config defaultOwner, else the account owner */
  by?: string;
  /** to whom: a contact of the account (linked when it matches) or any name */
  to?: string;
}

/** A commitment made to the customer: what, by whom, to whom, due when. */
export async function addPromise(ctx: ServiceContext, accountId: number, input: PromiseInput): Promise<number> {
  checkTextLengths(input);
  const what = cleanOrNull(input.what);
  if (!what) throw new ValidationError('a promise needs --what');
  return inTransaction(ctx, async (t) => {
    const a = await accounts.getAccount(t.db, accountId);
    if (!a) throw new NotFoundError(`account ${accountId} not found`);
    let contactId: number | null = null;
    let toWhom = cleanOrNull(input.to ?? null);
    if (toWhom) {
      try {
        const c = await resolveAccountContact(t.db, accountId, toWhom);
        contactId = c.id;
        toWhom = c.name;
      } catch (e) {
        // Promises are often made to someone not yet in the file: keep the name as typed.
        if (!(e instanceof NotFoundError)) throw e;
      }
    }
    const by = cleanOrNull(input.by ?? null) ?? ctx.config.defaultOwner ?? (await accounts.repName(t.db, a.owner_id));
    const id = await care.insertPromise(t.db, { account_id: accountId, contact_id: contactId, interaction_id: null, what, made_by: by, to_whom: toWhom, due_on: input.dueOn ?? null, status: 'open', done_at: null, created_at: t.clock.now() });
    await accountTouched(t.db, accountId);
    return id;
  });
}

export interface PromiseRow {
  id: number;
  accountId: number;
  account: string;
  what: string;
  to: string | null;
  by: string | null;
  dueOn: string | null;
  status: string;
  overdue: boolean;
  madeAt: string;
  doneAt: string | null;
}

export async function listPromises(ctx: ServiceContext, f: { open?: boolean; account?: number; by?: string } = {}): Promise<PromiseRow[]> {
  const today = ctx.clock.today();
  const rows = await care.listPromises(ctx.db, f);
  return rows
    .map((p) => ({
      id: p.id,
      accountId: p.account_id,
      account: p.account,
      what: p.what,
      to: p.to_whom,
      by: p.made_by,
      dueOn: p.due_on,
      status: p.status,
      overdue: p.status === 'open' && p.due_on !== null && p.due_on < today,
      madeAt: p.created_at,
      doneAt: p.done_at,
    }))
    .sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.id - b.id);
}

/** Marks a promise kept (or broken): either way it leaves the open list and shows in the timeline. */
export async function finishPromise(ctx: ServiceContext, id: number, broken: boolean): Promise<{ id: number; accountId: number; status: 'kept' | 'broken' }> {
  return inTransaction(ctx, async (t) => {
    const p = await care.getPromise(t.db, id);
    if (!p) throw new NotFoundError(`no promise with id ${id}`, 'list them with: crm promise list --open');
    if (p.status !== 'open') throw new ConflictError(`promise ${id} is already marked ${p.status}`);
    const status = broken ? 'broken' : 'kept';
    await care.finishPromise(t.db, id, status, t.clock.now());
    await accountTouched(t.db, p.account_id);
    return { id, accountId: p.account_id, status };
  });
}
