// After the migrations that changed how due items are kept (0015 next steps as rows, 0016 ids
// derived from their source), the stored due list is rebuilt once: next steps written by earlier
// versions become rows, done and snoozed marks move to the new ids (a promise marked done on the
// old list is kept, as the user meant), and every account's items are recomputed. Migrations
// cannot do this themselves: it needs the domain's rules. The flag stays until it has finished,
// so an interrupted rebuild runs again on the next command.
import { deleteMeta, getMeta, setMeta } from '../db/meta.js';
import * as care from '../db/repositories/care.js';
import * as due from '../db/repositories/due.js';
import { inTransaction, type ServiceContext } from './context.js';
import { refreshAllDue } from './due/refresh.js';

export const REBUILD_META = 'due.rebuild';

/** Rebuilds the due list when a migration asked for it; returns what it did, or undefined. */
export async function rebuildDueIfAsked(ctx: ServiceContext): Promise<string | undefined> {
  const asked = await getMeta(ctx.db, REBUILD_META);
  if (!asked) return undefined;
  const moved = await inTransaction(ctx, async (t) => {
    // crm's own upgrade of stored data, not a change of the user's: not in the history, not undoable
    await t.engine.history.pause(t.db);
    return carryOverStates(t);
  });
  const n = await refreshAllDue(ctx);
  await inTransaction(ctx, async (t) => {
    await deleteMeta(t.db, REBUILD_META);
    await setMeta(t.db, 'due.rebuilt', ctx.clock.now());
  });
  if (!n) return undefined;
  return `upgraded the due list of ${n} account${n === 1 ? '' : 's'}: next steps are kept until done, item ids name their source${moved ? ` (${moved} done or snoozed mark${moved === 1 ? '' : 's'} carried over)` : ''}`;
}

/**
 * Done and snoozed marks under ids of the old format (account id first, row numbers that
 * changed). Next-step marks are carried over with the steps (adoptLegacySteps).
 */
async function carryOverStates(t: ServiceContext): Promise<number> {
  let moved = 0;
  const now = t.clock.now();
  for (const st of await due.allDueStates(t.db)) {
    const p = st.item_key.split(':');
    const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
    const a = num(p[1]);
    if (a === undefined || p.length < 3) continue;
    let key: string | undefined;
    const [kind, , b, c] = p;
    if (kind === 'promise' && p.length === 3 && num(b) !== undefined) {
      const pr = await care.getPromise(t.db, num(b)!);
      if (pr && st.status === 'done') {
        // marked done on the old list, which left the promise open: it was kept
        if (pr.status === 'open') await care.finishPromise(t.db, pr.id, 'kept', st.at);
      } else if (pr) key = `promise:${b}`;
    } else if (kind === 'complaint' && p.length === 4 && num(b) !== undefined) {
      const cp = await care.getComplaint(t.db, num(b)!);
      if (cp && st.status === 'done') {
        const on = st.at.slice(0, 10);
        if (c === 'ack' && !cp.acknowledged_on) await care.updateComplaint(t.db, cp.id, { acknowledged_on: on, status: cp.status === 'open' ? 'acknowledged' : cp.status });
        if (c === 'resolve' && !cp.resolved_on) await care.updateComplaint(t.db, cp.id, { resolved_on: on, status: cp.status === 'closed' ? 'closed' : 'resolved' });
        if (c === 'feedback' && !cp.feedback_on) await care.updateComplaint(t.db, cp.id, { feedback_on: on, status: 'closed' });
      } else if (cp) key = `complaint:${b}:${c}`;
    } else if (kind === 'deal' && p.length === 4 && num(b) !== undefined) key = `deal:${b}`;
    else if (kind === 'check-in' && p.length === 4 && num(b) !== undefined) key = `check-in:onboard-${b}`;
    else if (kind === 'birthday' && p.length === 4 && num(b) !== undefined) {
      const owner = await due.accountOfSource(t.db, 'contacts', num(b)!);
      if (owner === a) key = `birthday:contact-${b}:${c}`;
      else key = await annualKey(t, 'birthday', num(b)!, c!);
    } else if (kind === 'anniversary' && p.length === 4) {
      const row = /-(\d+)$/.exec(b ?? '');
      if (row) key = await annualKey(t, 'anniversary', Number(row[1]), c!);
    } else if ((kind === 'next' || kind === 'retry') && p.length === 3) {
      // a step whose interaction is gone: nothing left to carry
    } else continue;
    await due.deleteDueState(t.db, st.item_key);
    if (key) await due.setDueState(t.db, { item_key: key, status: st.status, until: st.until, at: st.at ?? now, account_id: st.account_id });
    moved++;
  }
  return moved;
}

/** The new id of a birthday or anniversary named by an annual row number of the old format. */
async function annualKey(t: ServiceContext, kind: string, rowId: number, year: string): Promise<string | undefined> {
  const r = await due.annualRow(t.db, rowId);
  if (!r) return undefined;
  if (r.source) return `${kind}:${r.source}:${year}`;
  if (r.kind === 'birthday' && r.contact_id !== null) return `${kind}:contact-${r.contact_id}:${year}`;
  if (r.kind === 'founding' || r.kind === 'first-order') return `${kind}:${r.kind}-${r.account_id}:${year}`;
  const d = await due.importantDateLike(t.db, r);
  return d !== undefined ? `${kind}:date-${d}:${year}` : undefined;
}
