import * as accounts from '../db/repositories/accounts.js';
import * as care from '../db/repositories/care.js';
import { NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
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

// ---- corrections (crm survey edit|delete|list)

export interface SurveyPatch {
  scores?: Partial<Record<SurveyDimension, number>>;
  comment?: string | null;
  contact?: string | null;
  takenOn?: string;
}

const COLUMN: Record<SurveyDimension, 'product_quality' | 'service_quality' | 'price' | 'communication' | 'overall'> = {
  product: 'product_quality',
  service: 'service_quality',
  price: 'price',
  communication: 'communication',
  overall: 'overall',
};

export async function editSurvey(ctx: ServiceContext, id: number, patch: SurveyPatch): Promise<{ id: number; accountId: number; changed: string[] }> {
  const upd: Record<string, unknown> = {};
  for (const d of SURVEY_DIMENSIONS) {
    const v = patch.scores?.[d];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1 || v > 5) throw new ValidationError(`--${d} must be a whole number from 1 to 5 (got ${v})`);
    upd[COLUMN[d]] = v;
  }
  if (patch.comment !== undefined) upd.comment = cleanOrNull(patch.comment);
  if (patch.takenOn !== undefined) upd.taken_on = patch.takenOn;
  return inTransaction(ctx, async (t) => {
    const sv = await care.getSurvey(t.db, id);
    if (!sv) throw new NotFoundError(`no survey ${id}`, 'list them with: crm survey list');
    if (patch.contact !== undefined) upd.contact_id = patch.contact === null ? null : (await resolveAccountContact(t.db, sv.account_id, patch.contact)).id;
    const changed = Object.keys(upd);
    if (!changed.length) throw new UsageError('nothing to change', 'give a score (--product 4), --comment, --contact or --date');
    await care.updateSurvey(t.db, id, upd);
    await accountTouched(t.db, sv.account_id, t.config);
    return { id, accountId: sv.account_id, changed };
  });
}

export async function deleteSurvey(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number }> {
  return inTransaction(ctx, async (t) => {
    const sv = await care.getSurvey(t.db, id);
    if (!sv) throw new NotFoundError(`no survey ${id}`, 'list them with: crm survey list');
    await care.deleteSurvey(t.db, id);
    await accountTouched(t.db, sv.account_id, t.config);
    return { id, accountId: sv.account_id };
  });
}

export async function listSurveys(ctx: ServiceContext, f: { accountId?: number } = {}) {
  const rows = await care.listSurveys(ctx.db, f);
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, account: r.account, contact: r.contact, takenOn: r.taken_on, product: r.product_quality, service: r.service_quality, price: r.price, communication: r.communication, overall: r.overall, comment: r.comment }));
}
export type SurveyRow = Awaited<ReturnType<typeof listSurveys>>[number];
