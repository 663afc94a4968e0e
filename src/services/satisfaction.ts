import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
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
  checkTextLengths(input);
  for (const d of SURVEY_DIMENSIONS) {
    const v = input.scores[d];
    if (!Number.isInteger(v) || v < 1 || v > 5) throw new ValidationError(`--${d} must be a whole number from 1 to 5 (got ${v})`);
  }
  return inTransaction(ctx, async (t) => {
    if (!(await accounts.getAccount(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    const contact = input.contact ? await resolveAccountContact(t.db, accountId, input.contact) : null;
    const s = input.scores;
    const id = await care.insertSurvey(t.db, { account_id: accountId, contact_id: contact?.id ?? null, taken_on: input.takenOn ?? t.clock.today(), product_quality: s.product, service_quality: s.service, price: s.price, communication: s.communication, overall: s.overall, comment: cleanOrNull(input.comment ?? null), created_at: t.clock.now() });
    await accountTouched(t.db, accountId);
    return id;
  });
}
