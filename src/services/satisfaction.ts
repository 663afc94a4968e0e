import * as accounts from '../db/repositories/accounts.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { cleanOrNull } from '../domain/normalize.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { resolveAccountContact } from './interactions.js';

/** The five dimensions of domain.md, each scored 1-5. */
export const SURVEY_DIMENSIONS = ['product', 'service', 'price', 'communication', 'overall'] as const;
export type SurveyDimension = (typeof SURVEY_DIMENSIONS)[number];

export interface SurveyInput {
  scores: Record<SurveyDimension, number>;
  comment?: string;
  contact?: string;
  takenOn?: string;
}

export async function recordSurvey(ctx: ServiceContext, accountId: number, input: SurveyInput): Promise<number> {
  for (const d of SURVEY_DIMENSIONS) {
    const v = input.scores[d];
    if (!Number.isInteger(v) || v < 1 || v > 5) throw new ValidationError(`--${d} must be a whole number from 1 to 5 (got ${v})`);
  }
  return inTransaction(ctx, async (t) => {
    if (!(await accounts.getAccount(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    const contact = input.contact ? await resolveAccountContact(t.db, accountId, input.contact) : null;
    const s = input.scores;
    const r = await t.db
      .insertInto('surveys')
      .values({ account_id: accountId, contact_id: contact?.id ?? null, taken_on: input.takenOn ?? t.clock.today(), product_quality: s.product, service_quality: s.service, price: s.price, communication: s.communication, overall: s.overall, comment: cleanOrNull(input.comment ?? null), created_at: t.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await accountTouched(t.db, accountId);
    return r.id;
  });
}

/** Hands the account to another rep: records who had it, changes the owner of it and its open deals. */
export async function handoff(ctx: ServiceContext, accountId: number, input: { to: string; note?: string }): Promise<{ id: number; from: string | null; to: string }> {
  const to = cleanOrNull(input.to);
  if (!to) throw new ValidationError('a handoff needs --to REP');
  return inTransaction(ctx, async (t) => {
    const a = await accounts.getAccount(t.db, accountId);
    if (!a) throw new NotFoundError(`account ${accountId} not found`);
    const now = t.clock.now();
    const from = await accounts.repName(t.db, a.owner_id);
    if (from === to) throw new ValidationError(`account ${accountId} is already owned by ${to}`);
    const repId = await accounts.getOrCreateRep(t.db, to, now);
    const r = await t.db.insertInto('handoffs').values({ account_id: accountId, from_rep: from, to_rep: to, at: now, note: cleanOrNull(input.note ?? null) }).returning('id').executeTakeFirstOrThrow();
    await accounts.updateAccount(t.db, accountId, { owner_id: repId, updated_at: now });
    await t.db.updateTable('deals').set({ owner_id: repId }).where('account_id', '=', accountId).where('status', '=', 'open').execute();
    await accounts.reindexAccounts(t.db, [accountId]);
    await accountTouched(t.db, accountId);
    return { id: r.id, from, to };
  });
}
