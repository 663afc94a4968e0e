import type { Db } from '../engine.js';

/**
 * Deletes a saved plan and its visits; interactions logged for them stay, unlinked. Undefined
 * when there is no such plan.
 */
export async function deleteVisitPlan(db: Db, planId: number): Promise<{ accountIds: number[]; visits: number; logged: number } | undefined> {
  const plan = await db.selectFrom('visit_plans').select('id').where('id', '=', planId).executeTakeFirst();
  if (!plan) return undefined;
  const visits = await db.selectFrom('visits').select(['id', 'account_id']).where('plan_id', '=', planId).execute();
  const ids = visits.map((v) => v.id);
  let logged = 0;
  if (ids.length) {
    const r = await db.updateTable('interactions').set({ visit_id: null }).where('visit_id', 'in', ids).executeTakeFirst();
    logged = Number(r.numUpdatedRows);
    await db.deleteFrom('visits').where('plan_id', '=', planId).execute();
  }
  await db.deleteFrom('visit_plans').where('id', '=', planId).execute();
  return { accountIds: [...new Set(visits.map((v) => v.account_id))], visits: ids.length, logged };
}
