import * as deals from '../db/repositories/deals.js';
import * as care from '../db/repositories/care.js';
import { dealAccount } from '../db/repositories/interactions.js';
import type { Deal } from '../db/schema.js';
import { addDays } from '../domain/dates.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull } from '../domain/normalize.js';
import { entryCurrency, moneyConfig } from '../domain/money.js';
import { channelKind, isDealStage, planMove, RESEARCH_KIND, stagesConfig, type DealStage, type StageMove } from '../domain/stages.js';
import type { SalesStage } from '../domain/vocab.js';
import { inTransaction, type ServiceContext } from './context.js';
import { checkKind, repFor, writeInteraction, type InteractionInput, type LoggedInteraction } from './interactions.js';

export interface StageInput extends Omit<InteractionInput, 'kind' | 'stage' | 'dealId'> {
  kind?: string;
  /** the deal to move, when the account has several open ones */
  dealId?: number;
  /** start another deal even if one is open */
  newDeal?: boolean;
  title?: string;
  /** allow a move backwards */
  force?: boolean;
  amount?: number;
  /** a qualified budget: becomes the deal amount when it has none */
  budget?: number;
  /** the currency of amount or budget (default: the base, when the config names one) */
  currency?: string;
  probability?: number;
  expectedClose?: string;
  /** close only */
  result?: 'won' | 'lost';
  reason?: string;
  competitor?: string;
  /** close --won --order: record the first order */
  createOrder?: boolean;
  profit?: number;
}

export interface StageResult {
  interactionId: number;
  accountId: number;
  stage: SalesStage;
  deal: { id: number; title: string; stage: string; status: string; amount: number | null; created: boolean; move: StageMove } | null;
  orderId: number | null;
  nextStep: string | null;
  nextDue: string | null;
  warnings: string[];
  /** the next steps it set, the ones that stay open, the ones it closed (see services/next-steps.ts) */
  steps: LoggedInteraction['steps'];
  stillOpen: LoggedInteraction['stillOpen'];
  closedSteps: LoggedInteraction['closedSteps'];
}

const DEFAULT_KIND: Record<SalesStage, string> = {
  prospect: RESEARCH_KIND,
  approach: 'call',
  qualify: 'meeting',
  propose: 'meeting',
  negotiate: 'meeting',
  close: 'meeting',
  onboard: 'visit',
  care: 'call',
};

async function openDeals(t: ServiceContext, accountId: number): Promise<Deal[]> {
  return deals.openDealsOfAccount(t.db, accountId);
}

async function pickDeal(t: ServiceContext, accountId: number, input: StageInput): Promise<Deal | undefined> {
  if (input.dealId !== undefined) {
    const d = await deals.getDeal(t.db, input.dealId);
    if (!d || d.account_id !== accountId) throw new NotFoundError(`deal ${input.dealId} not found at account ${accountId}`, 'list them with: crm deals');
    if (d.status !== 'open') throw new ConflictError(`deal ${d.id} is already ${d.status}`, `reopen it with: crm deals reopen ${d.id}, or start another one with --new-deal`);
    return d;
  }
  if (input.newDeal) return undefined;
  const open = await openDeals(t, accountId);
  if (open.length > 1)
    throw new UsageError(
      `account ${accountId} has ${open.length} open deals: ${open.map((d) => `#${d.id} "${d.title}" (${d.stage})`).join(', ')}`,
      'say which with --deal ID, or start another with --new-deal',
    );
  return open[0];
}

/**
 * One stage command: moves (or creates) the account's open deal for stages prospect..close and
 * logs the interaction with the stage's details, all in one transaction.
 */
export async function recordStage(ctx: ServiceContext, accountId: number, stage: SalesStage, input: StageInput): Promise<StageResult> {
  checkTextLengths(input);
  const cfg = stagesConfig(ctx.config);
  const today = ctx.clock.today();
  const kind = checkKind(input.kind ?? (stage === 'approach' && typeof input.details?.channel === 'string' ? channelKind(input.details.channel) : DEFAULT_KIND[stage]), stage === 'prospect');
  if (stage === 'close' && !input.result) throw new UsageError('say how it closed: --won or --lost');
  if (input.createOrder && input.result !== 'won') throw new UsageError('--order goes with --won');
  const details: Record<string, unknown> = { ...(input.details ?? {}) };
  let nextStep = input.nextStep;
  let nextDue = input.nextDue;

  // A rejection is not the end of a lead: it gets a retry date (domain.md, first contact).
  if (stage === 'approach' && input.outcome === 'rejected') {
    const retryOn = (details.retryOn as string | undefined) ?? nextDue ?? addDays(today, cfg.retryAfterDays);
    details.retryOn = retryOn;
    if (!nextDue) {
      nextDue = retryOn;
      nextStep ??= 'approach again after a rejection';
    }
  }
  // Every check-in date is a check-in of its own: the first is the interaction's next step.
  const extraSteps: { what: string; dueOn: string }[] = [];
  if (stage === 'onboard' && Array.isArray(details.checkIns)) {
    const what = `implementation check-in${details.phase ? ` (${details.phase} phase)` : ''}`;
    for (const d of (details.checkIns as string[]).filter((d) => d >= today).sort()) {
      if (!nextDue) {
        nextDue = d;
        nextStep ??= what;
      } else if (d !== nextDue) extraSteps.push({ what, dueOn: d });
    }
  }
  if (stage === 'close') {
    details.result = input.result;
    if (input.amount !== undefined) details.amount = input.amount;
    if (input.reason) details.reason = input.reason;
    if (input.competitor) details.competitor = input.competitor;
  }

  return inTransaction(ctx, async (t) => {
    const account = await deals.stageAccount(t.db, accountId);
    if (!account) throw new NotFoundError(`account ${accountId} not found`);
    const now = t.clock.now();
    let dealOut: StageResult['deal'] = null;
    let orderId: number | null = null;

    if (isDealStage(stage)) {
      const target: DealStage = stage;
      let deal = await pickDeal(t, accountId, input);
      const move = planMove(deal?.stage ?? null, target);
      if (move.kind === 'back' && !input.force)
        throw new ConflictError(`deal ${deal!.id} is at ${move.from}; moving it back to ${target} needs --force: crm ${target} ${accountId} --deal ${deal!.id} --force`, 'a move backwards is allowed with --force and recorded as forced in the stage history');
      const created = !deal;
      if (!deal) {
        const title = cleanOrNull(input.title ?? null) ?? account.name;
        const owner_id = input.by || ctx.config.defaultOwner ? await repFor(t, accountId, input.by, now) : account.owner_id;
        const newId = await deals.insertDeal(t.db, { account_id: accountId, title, stage: target, status: 'open', amount: null, probability: null, expected_close: null, stage_entered_at: now, lost_reason: null, competitor: null, owner_id, created_at: now, updated_at: now, closed_at: null });
        deal = (await deals.getDeal(t.db, newId))!;
      }
      const patch: Record<string, unknown> = { updated_at: now };
      if (move.kind !== 'none') {
        patch.stage = target;
        patch.stage_entered_at = now;
        patch.probability = input.probability ?? null;
        await deals.insertStageMove(t.db, {
          deal_id: deal.id,
          from_stage: move.from,
          to_stage: target,
          at: now,
          skipped: move.skipped.length ? move.skipped.join(',') : null,
          forced: move.kind === 'back' ? 1 : 0,
          note: stage === 'close' ? input.result! : null,
        });
      } else if (input.probability !== undefined) patch.probability = input.probability;
      if (input.title && !created) patch.title = cleanOrNull(input.title) ?? deal.title;
      if (input.amount !== undefined) patch.amount = input.amount;
      else if (input.budget !== undefined && deal.amount === null) patch.amount = input.budget;
      // The amount carries its currency; --currency alone says what an amount already set is in.
      if (patch.amount !== undefined) patch.currency = entryCurrency(moneyConfig(ctx.config), input.currency);
      else if (input.currency !== undefined) patch.currency = entryCurrency(moneyConfig(ctx.config), input.currency);
      if (input.expectedClose) patch.expected_close = input.expectedClose;
      if (stage === 'close') {
        patch.status = input.result;
        patch.closed_at = now;
        patch.probability = null;
        if (input.result === 'lost') {
          patch.lost_reason = cleanOrNull(input.reason ?? null);
          patch.competitor = cleanOrNull(input.competitor ?? null);
        }
      }
      await deals.updateDeal(t.db, deal.id, patch as never);
      const after = (await deals.getDeal(t.db, deal.id))!;

      if (input.createOrder) {
        const amount = after.amount;
        if (amount === null) throw new ValidationError('--order needs an amount: give --amount', 'the deal has no amount yet');
        orderId = await care.insertOrder(t.db, { account_id: accountId, ordered_on: today, amount, profit: input.profit ?? null, product: after.title, quantity: null, currency: after.currency, reference: `deal:${after.id}`, batch_id: null, source_file: null, source_line: null, created_at: now });
      }
      dealOut = { id: after.id, title: after.title, stage: after.stage, status: after.status, amount: after.amount, created, move };
    } else if (input.dealId !== undefined) {
      const d = await dealAccount(t.db, input.dealId);
      if (!d || d.account_id !== accountId) throw new NotFoundError(`deal ${input.dealId} not found at account ${accountId}`);
    }

    const logged = await writeInteraction(
      t,
      accountId,
      { ...input, kind, stage, nextStep, nextDue, details, extraSteps },
      dealOut?.id ?? (isDealStage(stage) ? null : input.dealId ?? null),
      now,
    );
    return { interactionId: logged.id, accountId, stage, deal: dealOut, orderId, nextStep: nextStep ?? (nextDue ? 'follow up' : null), nextDue: nextDue ?? null, warnings: logged.warnings, steps: logged.steps, stillOpen: logged.stillOpen, closedSteps: logged.closedSteps };
  });
}
