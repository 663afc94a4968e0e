// Interactions (calls, visits, emails...) and the materials sent with them.
import type { Db } from '../engine.js';
import type { Insertable, Updateable } from 'kysely';
import type { InteractionTable } from '../schema.js';

export async function accountExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst());
}

export async function accountOwnerId(db: Db, accountId: number): Promise<number | null> {
  const a = await db.selectFrom('accounts').select('owner_id').where('id', '=', accountId).executeTakeFirst();
  return a?.owner_id ?? null;
}

/** The contacts of an account with their name keys, for resolving a --contact argument. */
export async function contactNamesOfAccount(db: Db, accountId: number) {
  return db.selectFrom('contacts').select(['id', 'name', 'name_key']).where('account_id', '=', accountId).execute();
}

/** The contact of this account that has this (normalised) email. */
export async function contactIdByEmail(db: Db, accountId: number, email: string): Promise<number | null | undefined> {
  const p = await db
    .selectFrom('contact_points')
    .select('contact_id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'email')
    .where('value', '=', email)
    .where('contact_id', 'is not', null)
    .executeTakeFirst();
  return p?.contact_id;
}

/** When each of these materials was sent to the account before, oldest first. */
export async function materialsSent(db: Db, accountId: number, materials: readonly string[]) {
  return db
    .selectFrom('interaction_materials as m')
    .innerJoin('interactions as i', 'i.id', 'm.interaction_id')
    .select(['m.material', 'i.occurred_at'])
    .where('m.account_id', '=', accountId)
    .where('m.material', 'in', materials)
    .orderBy('i.occurred_at')
    .execute();
}

export async function insertInteraction(db: Db, row: Insertable<InteractionTable>): Promise<number> {
  return (await db.insertInto('interactions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertMaterials(db: Db, interactionId: number, accountId: number, materials: readonly string[]): Promise<void> {
  if (!materials.length) return;
  await db
    .insertInto('interaction_materials')
    .values(materials.map((material) => ({ interaction_id: interactionId, account_id: accountId, material })))
    .execute();
}

/** Marks a deal as touched now (its idle time restarts). */
export async function touchDeal(db: Db, dealId: number, now: string): Promise<void> {
  await db.updateTable('deals').set({ updated_at: now }).where('id', '=', dealId).execute();
}

export async function dealAccount(db: Db, dealId: number): Promise<{ id: number; account_id: number } | undefined> {
  return db.selectFrom('deals').select(['id', 'account_id']).where('id', '=', dealId).executeTakeFirst();
}

/** Up to two open deals of the account: enough to tell whether it has exactly one. */
export async function openDealIds(db: Db, accountId: number): Promise<number[]> {
  const open = await db.selectFrom('deals').select('id').where('account_id', '=', accountId).where('status', '=', 'open').limit(2).execute();
  return open.map((d) => d.id);
}

export async function getInteractionAccount(db: Db, id: number): Promise<{ id: number; account_id: number } | undefined> {
  return db.selectFrom('interactions').select(['id', 'account_id']).where('id', '=', id).executeTakeFirst();
}

/** The latest interaction and the latest order date of an account. */
export async function lastActivity(db: Db, accountId: number): Promise<{ contactAt: string | null; orderOn: string | null }> {
  const c = await db.selectFrom('interactions').select((eb) => eb.fn.max('occurred_at').as('at')).where('account_id', '=', accountId).executeTakeFirst();
  const o = await db.selectFrom('orders').select((eb) => eb.fn.max('ordered_on').as('on')).where('account_id', '=', accountId).executeTakeFirst();
  return { contactAt: c?.at ? String(c.at) : null, orderOn: o?.on ? String(o.on) : null };
}

export async function setLastActivity(db: Db, accountId: number, lastContactOn: string | null, lastOrderOn: string | null): Promise<void> {
  await db.updateTable('accounts').set({ last_contact_on: lastContactOn, last_order_on: lastOrderOn }).where('id', '=', accountId).execute();
}

// ---- corrections (crm log edit|delete)

export async function getInteraction(db: Db, id: number) {
  return db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateInteraction(db: Db, id: number, patch: Updateable<InteractionTable>): Promise<void> {
  await db.updateTable('interactions').set(patch).where('id', '=', id).execute();
}

/** Deletes an interaction; a planned visit it recorded goes back to planned. */
export async function deleteInteraction(db: Db, id: number): Promise<void> {
  await db.updateTable('visits').set({ status: 'planned', interaction_id: null }).where('interaction_id', '=', id).execute();
  await db.updateTable('promises').set({ interaction_id: null }).where('interaction_id', '=', id).execute();
  await db.deleteFrom('interaction_materials').where('interaction_id', '=', id).execute();
  await db.deleteFrom('interaction_contacts').where('interaction_id', '=', id).execute();
  await db.deleteFrom('interactions').where('id', '=', id).execute();
}

/** An account's interactions, newest first (crm log list). */
export async function listInteractions(db: Db, f: { accountId?: number; limit: number }) {
  let q = db
    .selectFrom('interactions as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', 'i.account_id', 'a.name as account', 'i.occurred_at', 'i.kind', 'i.stage', 'i.summary', 'i.outcome', 'c.name as contact', 'i.deal_id', 'i.minutes']);
  if (f.accountId !== undefined) q = q.where('i.account_id', '=', f.accountId);
  return q.orderBy('i.occurred_at', 'desc').orderBy('i.id', 'desc').limit(f.limit).execute();
}

/** What a report added after the fact reads of its interaction. */
export async function interactionForReport(db: Db, id: number) {
  return db
    .selectFrom('interactions as i')
    .leftJoin('reps as r', 'r.id', 'i.rep_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', 'i.account_id', 'i.contact_id', 'i.details', 'i.kind', 'r.name as rep', 'c.name as contact'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export async function setInteractionReport(db: Db, id: number, patch: { details: string | null; contact_id?: number | null }): Promise<void> {
  await db.updateTable('interactions').set(patch).where('id', '=', id).execute();
}

/** The other people already recorded as present at an interaction. */
export async function presentIds(db: Db, interactionId: number): Promise<number[]> {
  const rows = await db.selectFrom('interaction_contacts').select('contact_id').where('interaction_id', '=', interactionId).execute();
  return rows.map((r) => r.contact_id);
}
