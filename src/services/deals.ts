import * as repo from '../db/repositories/deals.js';
import { ValidationError } from '../domain/errors.js';
import { DEAL_STAGES, dealProbability, idleDays, isDealStage, isStale, stageIndex, stagesConfig } from '../domain/stages.js';
import type { ServiceContext } from './context.js';

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
  amount: number | null;
  probability: number;
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
  const rows = await repo.listDeals(ctx.db, { stage: f.stage, owner: f.owner, account: f.account, status: status as repo.DealListFilter['status'] });
  const out: DealRow[] = rows.map((d) => {
    const last = d.updated_at > d.stage_entered_at ? d.updated_at : d.stage_entered_at;
    const idle = idleDays(last, today);
    const probability = dealProbability(cfg, d);
    return {
      id: d.id,
      accountId: d.account_id,
      account: d.account,
      title: d.title,
      stage: d.stage,
      status: d.status,
      owner: d.owner,
      amount: d.amount,
      probability,
      weighted: Math.round((d.amount ?? 0) * probability * 100) / 100,
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
      amount: in_.reduce((s, r) => s + (r.amount ?? 0), 0),
      weighted: Math.round(in_.reduce((s, r) => s + r.weighted, 0) * 100) / 100,
      stale: in_.filter((r) => r.stale).length,
    };
  }).filter((t) => t.deals > 0);
}

/** The open deals of one account, for choosing which one a stage command moves. */
export async function openDealsOf(ctx: ServiceContext, accountId: number): Promise<{ id: number; title: string; stage: string; amount: number | null }[]> {
  return repo.openDealsBrief(ctx.db, accountId);
}
