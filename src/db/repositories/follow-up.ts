// Markers of derived state still to compute: an import stores one in its own transaction, so a
// process killed after the commit leaves a note the next command finds (and `crm doctor` reports).
import type { Db } from '../engine.js';

const PREFIX = 'derived.pending.';

export interface FollowUpMarker {
  batchId: number;
  /** accounts with a larger id were created by the batch */
  createdAfter: number;
  /** due items of created accounts up to this id are done */
  doneThrough?: number;
  /** the older accounts the batch merged into are done */
  mergedDone?: boolean;
  /** scores and tiers are done (or left to the next score/tiers/risk on a large base) */
  valuesDone?: boolean;
}

export async function setFollowUp(db: Db, m: FollowUpMarker): Promise<void> {
  const value = JSON.stringify(m);
  await db.insertInto('meta').values({ key: PREFIX + m.batchId, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function clearFollowUp(db: Db, batchId: number): Promise<void> {
  await db.deleteFrom('meta').where('key', '=', PREFIX + batchId).execute();
}

export async function pendingFollowUps(db: Db): Promise<FollowUpMarker[]> {
  const rows = await db.selectFrom('meta').select('value').where('key', '>=', PREFIX).where('key', '<', PREFIX + '\uffff').orderBy('key').execute();
  return rows.map((r) => JSON.parse(r.value) as FollowUpMarker);
}
