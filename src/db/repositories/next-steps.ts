// Next steps, retries and check-ins (table next_steps): open commitments with their source.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../engine.js';
import type { NextStep, NextStepTable } from '../schema.js';
import { anyRowsInIdRange, inChunks } from './due.js';

export async function insertNextStep(db: Db, row: Insertable<NextStepTable>): Promise<number> {
  return (await db.insertInto('next_steps').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getNextStep(db: Db, id: number): Promise<NextStep | undefined> {
  return db.selectFrom('next_steps').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateNextStep(db: Db, id: number, patch: Updateable<NextStepTable>): Promise<void> {
  await db.updateTable('next_steps').set(patch).where('id', '=', id).execute();
}

/** The open steps of an account, the soonest first (undated last). */
export async function openStepsOfAccount(db: Db, accountId: number) {
  const rows = await db
    .selectFrom('next_steps')
    .select(['id', 'kind', 'what', 'due_on', 'interaction_id'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'open')
    .orderBy('id')
    .execute();
  return rows.sort((a, b) => (a.due_on ?? '9999').localeCompare(b.due_on ?? '9999') || a.id - b.id);
}

export interface NextStepFilter {
  accountId?: number;
  /** open (default) or every status */
  all?: boolean;
  id?: number;
}

/** Steps with their account and the interaction or complaint that set them. */
export async function listNextSteps(db: Db, f: NextStepFilter) {
  let q = db
    .selectFrom('next_steps as n')
    .innerJoin('accounts as a', 'a.id', 'n.account_id')
    .leftJoin('interactions as i', 'i.id', 'n.interaction_id')
    .leftJoin('contacts as c', 'c.id', 'n.contact_id')
    .select([
      'n.id',
      'n.account_id',
      'a.name as account',
      'n.kind',
      'n.what',
      'n.due_on',
      'n.status',
      'n.note',
      'n.interaction_id',
      'n.complaint_id',
      'n.deal_id',
      'n.replaced_by',
      'n.closed_at',
      'n.created_at',
      'i.kind as source_kind',
      'i.occurred_at as source_at',
      'c.name as contact',
    ]);
  if (!f.all) q = q.where('n.status', '=', 'open');
  if (f.accountId !== undefined) q = q.where('n.account_id', '=', f.accountId);
  if (f.id !== undefined) q = q.where('n.id', '=', f.id);
  return q.orderBy('n.id').execute();
}

/** Every step these interactions set, open or not, in the order they were set. */
export async function stepsOfInteractions(db: Db, interactionIds: readonly number[]) {
  if (!interactionIds.length) return [];
  const rows = await inChunks(interactionIds, (c) =>
    db.selectFrom('next_steps').select(['id', 'kind', 'what', 'due_on', 'status', 'interaction_id']).where('interaction_id', 'in', c).execute(),
  );
  return rows.sort((a, b) => a.id - b.id);
}

export async function deleteStepsOfInteraction(db: Db, interactionId: number): Promise<number> {
  const r = await db.deleteFrom('next_steps').where('interaction_id', '=', interactionId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export async function deleteStepsOfComplaint(db: Db, complaintId: number): Promise<number> {
  const r = await db.deleteFrom('next_steps').where('complaint_id', '=', complaintId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** The open, dated steps of these accounts with what set them: what the due list is made of. */
export async function openDatedSteps(db: Db, ids: readonly number[]) {
  if (!(await anyRowsInIdRange(db, 'next_steps', ids))) return [];
  return inChunks(ids, (c) =>
    db
      .selectFrom('next_steps as n')
      .leftJoin('interactions as i', 'i.id', 'n.interaction_id')
      .leftJoin('complaints as k', 'k.id', 'n.complaint_id')
      .select([
        'n.id',
        'n.account_id',
        'n.kind',
        'n.what',
        'n.due_on',
        'n.contact_id',
        'n.created_at',
        'i.kind as source_kind',
        'i.occurred_at as source_at',
        'i.stage as source_stage',
        'i.outcome as source_outcome',
        'i.details as source_details',
        'k.summary as complaint',
      ])
      .where('n.account_id', 'in', c)
      .where('n.status', '=', 'open')
      .where('n.due_on', 'is not', null)
      .orderBy('n.id')
      .execute(),
  );
}

/**
 * Interactions whose next step (or scheduled check-ins) no next_steps row carries yet: written by
 * an earlier version of crm, or loaded behind crm's back. With the date of the account's latest
 * interaction, to tell a step that later contact passed by from one it silently dropped.
 */
export async function interactionsWithoutSteps(db: Db, ids?: readonly number[]) {
  const q = () =>
    db
      .selectFrom('interactions as i')
      .innerJoin('accounts as a', 'a.id', 'i.account_id')
      .select(['i.id', 'i.account_id', 'i.contact_id', 'i.deal_id', 'i.kind', 'i.stage', 'i.occurred_at', 'i.outcome', 'i.next_step', 'i.next_due', 'i.details', 'i.created_at', 'a.last_contact_on'])
      .select((eb) => eb.selectFrom('interactions as j').select((e) => e.fn.max('j.occurred_at').as('m')).whereRef('j.account_id', '=', 'i.account_id').as('last_at'))
      .where((eb) => eb.or([eb('i.next_due', 'is not', null), eb.and([eb('i.stage', '=', 'onboard'), eb('i.details', 'is not', null)])]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('next_steps as n').select('n.id').whereRef('n.interaction_id', '=', 'i.id'))))
      .orderBy('i.id');
  if (!ids) return q().execute();
  if (!(await anyRowsInIdRange(db, 'interactions', ids))) return [];
  return inChunks(ids, (c) => q().where('i.account_id', 'in', c).execute());
}

export async function stepStatuses(db: Db, ids: readonly number[]) {
  if (!ids.length) return [];
  return inChunks(ids, (c) => db.selectFrom('next_steps').select(['id', 'kind', 'status', 'due_on']).where('id', 'in', c).execute());
}

export async function insertNextSteps(db: Db, rows: Insertable<NextStepTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) await db.insertInto('next_steps').values(rows.slice(i, i + 50)).execute();
}
