import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { deleteDueState } from '../db/repositories/due.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
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
    await deleteDueState(t.db, `promise:${id}`);
    await accountTouched(t.db, p.account_id, t.config);
    return { id, accountId: p.account_id, status };
  });
}

async function promiseOr404(t: ServiceContext, id: number) {
  const p = await care.getPromise(t.db, id);
  if (!p) throw new NotFoundError(`no promise with id ${id}`, 'list them with: crm promise list --open');
  return p;
}

/** Changes what was promised, to whom, by whom or by when, in place (same id on the due list). */
export async function editPromise(ctx: ServiceContext, id: number, input: Partial<PromiseInput>): Promise<{ id: number; accountId: number; changed: string[] }> {
  return inTransaction(ctx, async (t) => {
    const p = await promiseOr404(t, id);
    const upd: Record<string, unknown> = {};
    if (input.what !== undefined) {
      const what = cleanOrNull(input.what);
      if (!what) throw new ValidationError('--what cannot be empty');
      upd.what = what;
    }
    if (input.by !== undefined) upd.made_by = cleanOrNull(input.by);
    if (input.to !== undefined) {
      const to = cleanOrNull(input.to);
      upd.to_whom = to;
      upd.contact_id = null;
      if (to) {
        try {
          const c = await resolveAccountContact(t.db, p.account_id, to);
          upd.contact_id = c.id;
          upd.to_whom = c.name;
        } catch (e) {
          if (!(e instanceof NotFoundError)) throw e;
        }
      }
    }
    if (input.dueOn !== undefined) {
      if (p.status !== 'open') throw new ValidationError(`promise ${id} is ${p.status}; only an open promise is rescheduled`);
      upd.due_on = input.dueOn;
      // a new date replaces any snooze of the old one
      await deleteDueState(t.db, `promise:${id}`);
    }
    const changed = Object.keys(upd);
    if (!changed.length) throw new UsageError('nothing to change', 'give --what, --due, --by or --to');
    await care.updatePromise(t.db, id, upd);
    await accountTouched(t.db, p.account_id, t.config);
    return { id, accountId: p.account_id, changed };
  });
}

/** Withdraws an open promise on purpose: it leaves the due list and counts neither kept nor broken. */
export async function cancelPromise(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number; status: 'cancelled' }> {
  return inTransaction(ctx, async (t) => {
    const p = await promiseOr404(t, id);
    if (p.status !== 'open') throw new ValidationError(`promise ${id} is already ${p.status}`);
    await care.updatePromise(t.db, id, { status: 'cancelled', done_at: t.clock.now() });
    await deleteDueState(t.db, `promise:${id}`);
    await accountTouched(t.db, p.account_id, t.config);
    return { id, accountId: p.account_id, status: 'cancelled' };
  });
}

/** Deletes a promise recorded by mistake. */
export async function deletePromise(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number; what: string }> {
  return inTransaction(ctx, async (t) => {
    const p = await promiseOr404(t, id);
    await care.deletePromise(t.db, id);
    await deleteDueState(t.db, `promise:${id}`);
    await accountTouched(t.db, p.account_id, t.config);
    return { id, accountId: p.account_id, what: p.what };
  });
}
