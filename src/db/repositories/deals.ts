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
    .select(['d.id', 'd.account_id', 'a.name as account', 'd.title', 'd.stage', 'd.status', 'r.name as owner', 'd.amount', 'd.probability', 'd.expected_close', 'd.stage_entered_at', 'd.updated_at']);
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
