// What happened in a period (`crm activity`): every dated record of the period, one typed query per
// kind of event, filtered by the account owner when asked. Portable: dates and timestamps are ISO
// text compared as text (a timestamp is in the period when from <= at < the day after `to`).
import type { Db } from '../engine.js';

export interface ActivityPeriod {
  from: string;
  to: string;
  /** the day after `to` */
  toEnd: string;
  /** only accounts owned by this rep */
  owner?: string;
}

/** The owner condition, on the accounts alias `a` of each query. */
function owned<Q extends { where: (...args: any[]) => Q }>(db: Db, q: Q, owner: string | undefined): Q {
  if (owner === undefined) return q;
  return q.where('a.owner_id', 'in', db.selectFrom('reps').select('reps.id').where('reps.name', '=', owner));
}

export async function interactionsIn(db: Db, p: ActivityPeriod) {
  const q = db
    .selectFrom('interactions as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .leftJoin('reps as r', 'r.id', 'i.rep_id')
    .select(['i.id', 'i.occurred_at as at', 'i.account_id', 'a.name as account', 'i.kind', 'i.stage', 'c.name as contact', 'i.summary', 'i.outcome', 'i.minutes', 'r.name as rep'])
    .where('i.occurred_at', '>=', p.from)
    .where('i.occurred_at', '<', p.toEnd);
  return owned(db, q, p.owner).orderBy('i.occurred_at').orderBy('i.id').execute();
}

export async function stageMovesIn(db: Db, p: ActivityPeriod) {
  const q = db
    .selectFrom('deal_stage_history as h')
    .innerJoin('deals as d', 'd.id', 'h.deal_id')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .select(['h.id', 'h.at', 'd.account_id', 'a.name as account', 'd.id as deal_id', 'd.title', 'h.from_stage', 'h.to_stage', 'h.skipped', 'h.forced', 'h.note'])
    .where('h.at', '>=', p.from)
    .where('h.at', '<', p.toEnd);
  return owned(db, q, p.owner).orderBy('h.at').orderBy('h.id').execute();
}

/** Deals won or lost in the period (closed then). */
export async function dealsClosedIn(db: Db, p: ActivityPeriod) {
  const q = db
    .selectFrom('deals as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .select(['d.id', 'd.closed_at as at', 'd.account_id', 'a.name as account', 'd.title', 'd.status', 'd.amount', 'd.currency', 'd.lost_reason', 'd.competitor'])
    .where('d.status', 'in', ['won', 'lost'])
    .where('d.closed_at', '>=', p.from)
    .where('d.closed_at', '<', p.toEnd);
  return owned(db, q, p.owner).orderBy('d.closed_at').orderBy('d.id').execute();
}

/**
 * Promises kept or broken in the period, those that came due in it and are still open past their
 * date (`today`: overdue, a broken promise unless kept late), and those made in it.
 */
export async function promisesIn(db: Db, p: ActivityPeriod, today: string) {
  const cols = ['x.id', 'x.account_id', 'a.name as account', 'x.what', 'x.status', 'x.made_by', 'x.to_whom', 'x.due_on', 'x.done_at'] as const;
  const done = db
    .selectFrom('promises as x')
    .innerJoin('accounts as a', 'a.id', 'x.account_id')
    .select(cols)
    .where('x.status', 'in', ['kept', 'broken'])
    .where('x.done_at', '>=', p.from)
    .where('x.done_at', '<', p.toEnd);
  const overdue = db
    .selectFrom('promises as x')
    .innerJoin('accounts as a', 'a.id', 'x.account_id')
    .select(cols)
    .where('x.status', '=', 'open')
    .where('x.due_on', '>=', p.from)
    .where('x.due_on', '<=', p.to)
    .where('x.due_on', '<', today);
  const made = db
    .selectFrom('promises as x')
    .innerJoin('accounts as a', 'a.id', 'x.account_id')
    .select([...cols, 'x.created_at'])
    .where('x.created_at', '>=', p.from)
    .where('x.created_at', '<', p.toEnd);
  return {
    closed: [...(await owned(db, done, p.owner).execute()), ...(await owned(db, overdue, p.owner).execute())],
    made: await owned(db, made, p.owner).execute(),
  };
}

/** Complaints opened, resolved or closed (feedback given) in the period. */
export async function complaintsIn(db: Db, p: ActivityPeriod) {
  const q = db
    .selectFrom('complaints as x')
    .innerJoin('accounts as a', 'a.id', 'x.account_id')
    .select(['x.id', 'x.account_id', 'a.name as account', 'x.summary', 'x.severity', 'x.status', 'x.opened_on', 'x.resolved_on', 'x.feedback_on', 'x.resolution'])
    .where((eb) =>
      eb.or([
        eb.and([eb('x.opened_on', '>=', p.from), eb('x.opened_on', '<=', p.to)]),
        eb.and([eb('x.resolved_on', '>=', p.from), eb('x.resolved_on', '<=', p.to)]),
        eb.and([eb('x.feedback_on', '>=', p.from), eb('x.feedback_on', '<=', p.to)]),
      ]),
    );
  return owned(db, q, p.owner).orderBy('x.opened_on').orderBy('x.id').execute();
}

/** Accounts created in the period: the new leads, with their source and campaign. */
export async function newLeadsIn(db: Db, p: ActivityPeriod) {
  const q = db
    .selectFrom('accounts as a')
    .select(['a.id', 'a.created_at as at', 'a.name', 'a.source', 'a.campaign'])
    .where('a.created_at', '>=', p.from)
    .where('a.created_at', '<', p.toEnd);
  return owned(db, q, p.owner).orderBy('a.created_at').orderBy('a.id').execute();
}
