// Campaigns (a trade show, a mailing, an ad run) with what they cost; leads link to one by name
// (accounts.campaign, import_batches.campaign).
import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../engine.js';
import type { CampaignTable } from '../schema.js';

export async function campaignByName(db: Db, name: string) {
  return db.selectFrom('campaigns').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertCampaign(db: Db, row: Insertable<CampaignTable>): Promise<number> {
  return (await db.insertInto('campaigns').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCampaign(db: Db, id: number, patch: Updateable<CampaignTable>): Promise<void> {
  await db.updateTable('campaigns').set(patch).where('id', '=', id).execute();
}

/** A renamed campaign keeps its leads: the accounts and import batches that name it follow. */
export async function renameCampaignLinks(db: Db, from: string, to: string): Promise<number> {
  const r = await db.updateTable('accounts').set({ campaign: to }).where('campaign', '=', from).executeTakeFirst();
  await db.updateTable('import_batches').set({ campaign: to }).where('campaign', '=', from).execute();
  return Number(r.numUpdatedRows);
}

/** Every campaign, and campaign names that leads carry without a campaign record. */
export async function campaignsWithLeads(db: Db) {
  const leads = await db
    .selectFrom('accounts')
    .select(['campaign', sql<number>`count(*)`.as('n'), sql<string | null>`min(source)`.as('source')])
    .where('campaign', 'is not', null)
    .groupBy('campaign')
    .execute();
  const campaigns = await db.selectFrom('campaigns').selectAll().orderBy('name').execute();
  return { campaigns, leads: leads.map((l) => ({ name: l.campaign as string, n: Number(l.n), source: l.source })) };
}
