// Churn signals noted by hand: competitor praised, new strategy, change of owner or key person.
import { accountExists } from '../db/repositories/interactions.js';
import * as care from '../db/repositories/care.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { parseIsoDate } from '../domain/dates.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull } from '../domain/normalize.js';
import { HAND_SIGNALS, normalizeSignalKind } from '../domain/risk.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

export async function addSignal(ctx: ServiceContext, accountId: number, kind: string, opts: { note?: string; on?: string }): Promise<number> {
  checkTextLengths(opts);
  const k = normalizeSignalKind(kind);
  if (!k) throw new ValidationError(`--kind must be one of ${Object.keys(HAND_SIGNALS).join(', ')} (got "${kind}")`);
  const on = opts.on ?? ctx.clock.today();
  if (!parseIsoDate(on)) throw new ValidationError(`--date must be a date as YYYY-MM-DD (got "${on}")`);
  return inTransaction(ctx, async (t) => {
    if (!(await accountExists(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    const id = await care.insertSignal(t.db, { account_id: accountId, kind: k, noted_on: on, note: cleanOrNull(opts.note), cleared_on: null });
    await accountTouched(t.db, accountId);
    return id;
  });
}

export async function listSignals(ctx: ServiceContext, f: { accountId?: number; all?: boolean }) {
  const rows = await care.listSignals(ctx.db, f);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    account: r.name,
    kind: r.kind,
    notedOn: r.noted_on,
    note: r.note,
    clearedOn: r.cleared_on,
  }));
}
export type SignalItem = Awaited<ReturnType<typeof listSignals>>[number];

export async function clearSignal(ctx: ServiceContext, id: number): Promise<void> {
  await inTransaction(ctx, async (t) => {
    const s = await care.getSignal(t.db, id);
    if (!s) throw new NotFoundError(`signal ${id} not found`, 'see the ids with crm signal list');
    if (s.cleared_on) throw new ConflictError(`signal ${id} was already cleared on ${s.cleared_on}`);
    await care.clearSignal(t.db, id, ctx.clock.today());
    await accountTouched(t.db, s.account_id);
  });
}
