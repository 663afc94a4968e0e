// Deals and their stage history.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../engine.js';
import type { Deal, DealStageHistoryTable, DealTable } from '../schema.js';

export async function getDeal(db: Db, id: number): Promise<Deal | undefined> {
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openDealsOfAccount(db: Db, accountId: number): Promise<Deal[]> {
  return db.selectFrom('deals').selectAll().where('account_id', '=', accountId).where('status', '=', 'open').orderBy('id').execute();
}

export async function insertDeal(db: Db, row: Insertable<DealTable>): Promise<number> {
  return (await db.insertInto('deals').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateDeal(db: Db, id: number, patch: Updateable<DealTable>): Promise<void> {
  await db.updateTable('deals').set(patch).where('id', '=', id).execute();
}

export async function insertStageMove(db: Db, row: Insertable<DealStageHistoryTable>): Promise<void> {
  await db.insertInto('deal_stage_history').values(row).execute();
}

/** The account a stage command works on: its name and owner. */
export async function stageAccount(db: Db, id: number) {
  return db.selectFrom('accounts').select(['id', 'name', 'owner_id']).where('id', '=', id).executeTakeFirst();
}

export interface DealListFilter {
  stage?: string;
  owner?: string;
  status: 'open' | 'won' | 'lost' | 'all';
  account?: number;
}

/** The pipeline rows of `crm deals`: deals of active accounts with their owner's name. */
export async function listDeals(db: Db, f: DealListFilter) {
  let q = db
    .selectFrom('deals as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .leftJoin('reps as r', 'r.id', 'd.owner_id')
    .select(['d.id', 'd.account_id', 'a.name as account', 'd.title', 'd.stage', 'd.status', 'r.name as owner', 'd.amount', 'd.currency', 'd.probability', 'd.expected_close', 'd.stage_entered_at', 'd.updated_at']);
  q = q.where('a.archived_at', 'is', null);
  if (f.status !== 'all') q = q.where('d.status', '=', f.status);
  if (f.stage) q = q.where('d.stage', '=', f.stage);
  if (f.owner) q = q.where('r.name', '=', f.owner);
  if (f.account !== undefined) q = q.where('d.account_id', '=', f.account);
  return q.execute();
}

export async function openDealsBrief(db: Db, accountId: number): Promise<{ id: number; title: string; stage: string; amount: number | null }[]> {
  return db.selectFrom('deals').select(['id', 'title', 'stage', 'amount']).where('account_id', '=', accountId).where('status', '=', 'open').orderBy('id').execute();
}

/** The stage a closed deal was at before the close: where reopening puts it back. */
export async function stageBeforeClose(db: Db, dealId: number): Promise<string | null> {
  const r = await db
    .selectFrom('deal_stage_history')
    .select('from_stage')
    .where('deal_id', '=', dealId)
    .where('to_stage', '=', 'close')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.from_stage ?? null;
}

/** Deletes a deal and its stage history; interactions and next steps stay, no longer linked to it. */
export async function deleteDeal(db: Db, id: number): Promise<void> {
  await db.updateTable('interactions').set({ deal_id: null }).where('deal_id', '=', id).execute();
  await db.updateTable('next_steps').set({ deal_id: null }).where('deal_id', '=', id).execute();
  await db.deleteFrom('deal_stage_history').where('deal_id', '=', id).execute();
  await db.deleteFrom('deals').where('id', '=', id).execute();
}

/** The orders recorded when the deal was won (close --won --order). */
export async function ordersOfDeal(db: Db, dealId: number): Promise<number[]> {
  return (await db.selectFrom('orders').select('id').where('reference', '=', `deal:${dealId}`).execute()).map((r) => r.id);
}
