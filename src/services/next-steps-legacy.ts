// Next steps from before they were kept as rows: earlier versions kept only the latest
// interaction's next_step/next_due (and check-in dates in the onboarding details); rows loaded
// behind crm's back carry them the same way. No imports of other services: the due refresh uses it.
import type { Db } from '../db/engine.js';
import * as due from '../db/repositories/due.js';
import * as repo from '../db/repositories/next-steps.js';
import { NEXT_STEP_PREFIX, nextStepKindOf, scheduledCheckIns } from '../domain/due.js';

/**
 * Next steps written before they were kept as rows (interactions.next_step/next_due, check-in
 * dates in onboarding details), or loaded behind crm's back, become rows. A step stays open unless
 * the customer was contacted after its date (the old list counted that as done) or the old due
 * list had it marked done; a snooze carries over to the new id. Runs on `crm due --refresh`, on
 * the upgrade after migration 0015 and for accounts the due list computes on the fly.
 */
export async function adoptLegacySteps(db: Db, now: string, ids?: readonly number[]): Promise<number> {
  const rows = await repo.interactionsWithoutSteps(db, ids);
  if (!rows.length) return 0;
  // the old due list's done and snoozed marks of these accounts, read once
  const states = new Map((await due.dueStates(db, [...new Set(rows.map((r) => r.account_id))])).map((s) => [s.item_key, s]));
  const plain: Parameters<typeof repo.insertNextSteps>[1] = [];
  let n = 0;
  for (const i of rows) {
    const kind = nextStepKindOf(i);
    const lastOn = i.last_at ? String(i.last_at).slice(0, 10) : null;
    const isLatest = i.last_at !== null && String(i.last_at) <= i.occurred_at;
    const wanted: { due: string | null; what: string; oldKey: string }[] = [];
    if (i.next_due || i.next_step) wanted.push({ due: i.next_due ? i.next_due.slice(0, 10) : null, what: i.next_step ?? 'follow up', oldKey: `${NEXT_STEP_PREFIX[kind]}:${i.account_id}:${i.id}` });
    if (i.stage === 'onboard')
      for (const c of scheduledCheckIns(i.details, i.last_contact_on))
        if (!wanted.some((w) => w.due === c.due)) wanted.push({ due: c.due, what: `implementation check-in${c.phase ? ` (${c.phase} phase)` : ''}`, oldKey: `check-in:${i.account_id}:${i.id}:${c.due}` });
    for (const w of wanted) {
      const state = states.get(w.oldKey);
      const passed = !isLatest && (w.due === null || (lastOn !== null && lastOn > w.due));
      const status = state?.status === 'done' || passed ? 'done' : 'open';
      const note = state?.status === 'done' ? 'marked done on the due list' : passed ? `the customer was contacted on ${lastOn}${w.due ? ', after its date' : ''} (carried over from before next steps were kept)` : null;
      const row = {
        account_id: i.account_id,
        contact_id: i.contact_id,
        deal_id: i.deal_id,
        interaction_id: i.id,
        complaint_id: null,
        kind,
        what: w.what,
        due_on: w.due,
        status,
        replaced_by: null,
        note,
        closed_at: status === 'done' ? (state?.at ?? now) : null,
        created_at: i.created_at,
        updated_at: now,
      } as const;
      n++;
      if (!state) {
        plain.push(row);
        continue;
      }
      // a marked step is written on its own: a snooze moves to its new id
      const id = await repo.insertNextStep(db, row);
      await due.deleteDueState(db, w.oldKey);
      if (state.status === 'snoozed' && status === 'open') await due.setDueState(db, { item_key: `${NEXT_STEP_PREFIX[kind]}:${id}`, status: 'snoozed', until: state.until, at: state.at, account_id: i.account_id });
    }
  }
  await repo.insertNextSteps(db, plain);
  return n;
}
