import * as repo from '../db/repositories/deals.js';
import { getOrCreateRep } from '../db/repositories/accounts.js';
import { NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { cleanOrNull } from '../domain/normalize.js';
import { accountTouched } from './activity.js';
import { DEAL_STAGES, dealProbability, idleDays, isDealStage, isStale, stageIndex, stagesConfig } from '../domain/stages.js';
import { shownCurrency, toBase } from '../domain/money.js';
import { inTransaction, type ServiceContext } from './context.js';
import { moneyFor } from './money.js';

export interface DealFilter {
  stage?: string;
  stale?: boolean;
  owner?: string;
  /** open (default), won, lost, all */
  status?: string;
  account?: number;
}

export interface DealRow {
  id: number;
  accountId: number;
  account: string;
  title: string;
  stage: string;
  status: string;
  owner: string | null;
  /** as entered, in `currency` */
  amount: number | null;
  currency: string;
  /** the amount in the base currency at today's rate */
  amountInBase: number | null;
  baseCurrency: string;
  probability: number;
  /** amountInBase × probability */
  weighted: number;
  expectedClose: string | null;
  stageEnteredAt: string;
  daysInStage: number;
  idleDays: number;
  staleAfterDays: number | null;
  stale: boolean;
  lastActivityAt: string;
}

/** The pipeline: deals by stage with amount, probability-weighted value, age in stage and stale marks. */
export async function listDeals(ctx: ServiceContext, f: DealFilter = {}): Promise<DealRow[]> {
  const cfg = stagesConfig(ctx.config);
  const today = ctx.clock.today();
  if (f.stage !== undefined && !isDealStage(f.stage)) throw new ValidationError(`--stage must be one of ${DEAL_STAGES.join(', ')} (got "${f.stage}")`);
  const status = f.status ?? 'open';
  if (!['open', 'won', 'lost', 'all'].includes(status)) throw new ValidationError(`--status must be open, won, lost or all (got "${status}")`);
  // Pipeline values add up in the base currency, at today's rates.
  const money = await moneyFor(ctx, ['deals']);
  const rows = await repo.listDeals(ctx.db, { stage: f.stage, owner: f.owner, account: f.account, status: status as repo.DealListFilter['status'] });
  const out: DealRow[] = rows.map((d) => {
    const last = d.updated_at > d.stage_entered_at ? d.updated_at : d.stage_entered_at;
    const idle = idleDays(last, today);
    const probability = dealProbability(cfg, d);
    const inBase = d.amount === null ? null : toBase(money, d.amount, d.currency, today);
    return {
      id: d.id,
      accountId: d.account_id,
      account: d.account,
      title: d.title,
      stage: d.stage,
      status: d.status,
      owner: d.owner,
      amount: d.amount,
      currency: shownCurrency(money, d.currency),
      amountInBase: inBase,
      baseCurrency: money.base,
      probability,
      weighted: Math.round((inBase ?? 0) * probability * 100) / 100,
      expectedClose: d.expected_close,
      stageEnteredAt: d.stage_entered_at,
      daysInStage: idleDays(d.stage_entered_at, today),
      idleDays: idle,
      staleAfterDays: d.status === 'open' && isDealStage(d.stage) ? cfg.staleDays[d.stage] : null,
      stale: isStale(cfg, d.stage, d.status, idle),
      lastActivityAt: last,
    };
  });
  return out
    .filter((d) => !f.stale || d.stale)
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage) || b.daysInStage - a.daysInStage || a.id - b.id);
}

export interface StageTotal {
  stage: string;
  deals: number;
  amount: number;
  weighted: number;
  stale: number;
}

export function pipelineTotals(rows: readonly DealRow[]): StageTotal[] {
  return DEAL_STAGES.map((stage) => {
    const in_ = rows.filter((r) => r.stage === stage);
    return {
      stage,
      deals: in_.length,
      amount: in_.reduce((s, r) => s + (r.amountInBase ?? 0), 0),
      weighted: Math.round(in_.reduce((s, r) => s + r.weighted, 0) * 100) / 100,
      stale: in_.filter((r) => r.stale).length,
    };
  }).filter((t) => t.deals > 0);
}

/** The open deals of one account, for choosing which one a stage command moves. */
export async function openDealsOf(ctx: ServiceContext, accountId: number): Promise<{ id: number; title: string; stage: string; amount: number | null }[]> {
  return repo.openDealsBrief(ctx.db, accountId);
}

// ---- corrections (crm deals edit|delete|reopen)

export interface DealPatch {
  title?: string;
  amount?: number | null;
  probability?: number | null;
  expectedClose?: string | null;
  owner?: string;
}

async function dealOr404(t: ServiceContext, id: number) {
  const d = await repo.getDeal(t.db, id);
  if (!d) throw new NotFoundError(`no deal ${id}`, 'list them with: crm deals --status all');
  return d;
}

/** Corrects a deal's title, amount, probability, expected close or owner. Its stage moves with the stage commands. */
export async function editDeal(ctx: ServiceContext, id: number, patch: DealPatch): Promise<{ id: number; accountId: number; changed: string[] }> {
  if (patch.probability !== undefined && patch.probability !== null && !(patch.probability >= 0 && patch.probability <= 1)) throw new ValidationError('--probability must be between 0 and 1');
  return inTransaction(ctx, async (t) => {
    const d = await dealOr404(t, id);
    const upd: Record<string, unknown> = {};
    if (patch.title !== undefined) {
      const title = cleanOrNull(patch.title);
      if (!title) throw new ValidationError('--title cannot be empty');
      upd.title = title;
    }
    if (patch.amount !== undefined) upd.amount = patch.amount;
    if (patch.probability !== undefined) upd.probability = patch.probability;
    if (patch.expectedClose !== undefined) upd.expected_close = patch.expectedClose;
    if (patch.owner !== undefined) upd.owner_id = await getOrCreateRep(t.db, patch.owner, t.clock.now());
    const changed = Object.keys(upd);
    if (!changed.length) throw new UsageError('nothing to change', 'give --title, --amount, --probability, --expected-close or --owner');
    // an edit is not activity: the idle clock of the deal is left alone
    await repo.updateDeal(t.db, id, upd);
    await accountTouched(t.db, d.account_id, t.config);
    return { id, accountId: d.account_id, changed };
  });
}

/** Deletes a deal recorded by mistake, with its stage history; its interactions stay in the timeline. */
export async function deleteDeal(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number; title: string; orders: number[] }> {
  return inTransaction(ctx, async (t) => {
    const d = await dealOr404(t, id);
    const orders = await repo.ordersOfDeal(t.db, id);
    await repo.deleteDeal(t.db, id);
    await accountTouched(t.db, d.account_id, t.config);
    return { id, accountId: d.account_id, title: d.title, orders };
  });
}

/**
 * Reopens a won or lost deal: open again at the stage it was at before closing (or the stage
 * given), with the reopening in its stage history. An order recorded at the win stays (crm order
 * delete removes it).
 */
export async function reopenDeal(ctx: ServiceContext, id: number, o: { stage?: string; note?: string } = {}): Promise<{ id: number; accountId: number; from: string; stage: string; orders: number[] }> {
  if (o.stage !== undefined && !isDealStage(o.stage)) throw new ValidationError(`--stage must be one of ${DEAL_STAGES.join(', ')} (got "${o.stage}")`);
  return inTransaction(ctx, async (t) => {
    const d = await dealOr404(t, id);
    if (d.status === 'open') throw new ValidationError(`deal ${id} is open already (at ${d.stage})`, `move it with the stage commands, e.g. crm negotiate ${d.account_id} --deal ${id}`);
    const stage = o.stage ?? (await repo.stageBeforeClose(t.db, id)) ?? 'negotiate';
    const now = t.clock.now();
    await repo.updateDeal(t.db, id, { status: 'open', stage, stage_entered_at: now, closed_at: null, probability: null, lost_reason: null, competitor: null, updated_at: now });
    await repo.insertStageMove(t.db, { deal_id: id, from_stage: d.stage, to_stage: stage, at: now, skipped: null, forced: 0, note: `reopened (was ${d.status}${d.lost_reason ? `: ${d.lost_reason}` : ''}${d.competitor ? `, competitor ${d.competitor}` : ''})${o.note ? `: ${o.note}` : ''}` });
    await accountTouched(t.db, d.account_id, t.config);
    return { id, accountId: d.account_id, from: d.status, stage, orders: d.status === 'won' ? await repo.ordersOfDeal(t.db, id) : [] };
  });
}
