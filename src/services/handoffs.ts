import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull } from '../domain/normalize.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

/** Hands the account to another rep: records who had it, changes the owner of it and its open deals. */
export async function handoff(ctx: ServiceContext, accountId: number, input: { to: string; note?: string }): Promise<{ id: number; from: string | null; to: string }> {
  checkTextLengths(input);
  const to = cleanOrNull(input.to);
  if (!to) throw new ValidationError('a handoff needs --to REP');
  return inTransaction(ctx, async (t) => {
    const a = await accounts.getAccount(t.db, accountId);
    if (!a) throw new NotFoundError(`account ${accountId} not found`);
    const now = t.clock.now();
    const from = await accounts.repName(t.db, a.owner_id);
    if (from === to) throw new ConflictError(`account ${accountId} is already owned by ${to}`);
    const repId = await accounts.getOrCreateRep(t.db, to, now);
    const id = await care.insertHandoff(t.db, { account_id: accountId, from_rep: from, to_rep: to, at: now, note: cleanOrNull(input.note ?? null) });
    await accounts.updateAccount(t.db, accountId, { owner_id: repId, updated_at: now });
    await care.setOpenDealsOwner(t.db, accountId, repId);
    await accounts.reindexAccounts(t.db, t.engine.search, [accountId]);
    await accountTouched(t.db, accountId);
    return { id, from, to };
  });
}

/**
 * Hands every active account of one rep to another (a rep leaves, or takes over a territory), each
 * recorded as a handoff as `crm handoff ACCOUNT` would, all in one transaction.
 */
export async function handoffBook(ctx: ServiceContext, input: { from: string; to: string; note?: string }): Promise<{ from: string; to: string; accounts: number[] }> {
  const from = cleanOrNull(input.from);
  const to = cleanOrNull(input.to);
  if (!from) throw new ValidationError('a handoff of a whole book needs --from REP');
  if (!to) throw new ValidationError('a handoff needs --to REP');
  if (from === to) throw new ValidationError(`${from} hands nothing to ${to}: give another rep`);
  return inTransaction(ctx, async (t) => {
    const ids = await accounts.accountIdsOwnedBy(t.db, from);
    if (!ids.length) throw new NotFoundError(`${from} owns no active account`);
    for (const id of ids) await handoff(t, id, { to, note: input.note });
    return { from, to, accounts: ids };
  });
}
