// Churn signals noted by hand: competitor praised, new strategy, change of owner or key person.
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
    const a = await t.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
    if (!a) throw new NotFoundError(`account ${accountId} not found`);
    const r = await t.db
      .insertInto('churn_signals')
      .values({ account_id: accountId, kind: k, noted_on: on, note: cleanOrNull(opts.note), cleared_on: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await accountTouched(t.db, accountId);
    return r.id;
  });
}

export async function listSignals(ctx: ServiceContext, f: { accountId?: number; all?: boolean }) {
  let q = ctx.db
    .selectFrom('churn_signals as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.account_id', 'a.name', 's.kind', 's.noted_on', 's.note', 's.cleared_on']);
  if (f.accountId !== undefined) q = q.where('s.account_id', '=', f.accountId);
  if (!f.all) q = q.where('s.cleared_on', 'is', null);
  const rows = await q.orderBy('s.noted_on', 'desc').orderBy('s.id', 'desc').execute();
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
    const s = await t.db.selectFrom('churn_signals').select(['id', 'account_id', 'cleared_on']).where('id', '=', id).executeTakeFirst();
    if (!s) throw new NotFoundError(`signal ${id} not found`, 'see the ids with crm signal list');
    if (s.cleared_on) throw new ConflictError(`signal ${id} was already cleared on ${s.cleared_on}`);
    await t.db.updateTable('churn_signals').set({ cleared_on: ctx.clock.today() }).where('id', '=', id).execute();
    await accountTouched(t.db, s.account_id);
  });
}
