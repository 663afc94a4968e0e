// What an import leaves to compute after its commit: the due items of the accounts it created or
// merged into, and scores and tiers. The import stores a marker (repositories/follow-up.ts) in its
// own transaction and works through it in short transactions afterwards, noting its progress in
// the marker; if the process dies on the way, the next command (or `crm doctor --fix`) finishes
// the job from where it stopped, so no lead stays without its due item.
import { dbErrorKind } from '../../db/errors.js';
import { countRows } from '../../db/repositories/checks.js';
import * as marks from '../../db/repositories/follow-up.js';
import * as imports from '../../db/repositories/imports.js';
import type { FollowUpMarker } from '../../db/repositories/follow-up.js';
import { AfterCommitError } from '../../domain/errors.js';
import { MissingRateError } from '../../domain/money.js';
import { inTransaction, type ServiceContext } from '../context.js';

/**
 * On a large base the score refresh (its memory grows with the base, not the file) is left to the
 * next `crm score|tiers|risk`, which refresh by themselves when the data changed.
 */
export const REFRESH_AFTER_IMPORT_MAX_ACCOUNTS = 50_000;
const DUE_CHUNK = 2000;

/**
 * The follow-up of the import or undo that has just committed `committed` (e.g. "imported 2,867
 * leads (batch 4)"): a failure here is an AfterCommitError that says what was kept, which step
 * failed and how to finish it (the marker stays, so `crm doctor --fix` or the next command does).
 */
export async function followUpAfterCommit(
  ctx: ServiceContext,
  m: FollowUpMarker,
  committed: string,
  kept: string,
  timings: Record<string, number> = {},
  missing?: (message: string) => void,
): Promise<boolean> {
  const at = { step: 'the score and due-list refresh' };
  try {
    return await runFollowUp(ctx, m, timings, at, missing);
  } catch (e) {
    const finish = `run crm doctor --fix to finish it (${kept})`;
    throw new AfterCommitError(committed, at.step, e, dbErrorKind(e) === 'full' ? `free some space, then ${finish}` : finish);
  }
}

/** Works through one marker; returns whether scores were refreshed here. `at.step` names the step under way. */
export async function runFollowUp(
  ctx: ServiceContext,
  m: FollowUpMarker,
  timings: Record<string, number> = {},
  at = { step: '' },
  missing?: (message: string) => void,
): Promise<boolean> {
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - t);
    t = now;
  };
  const { refreshValues } = await import('../value.js');
  const { refreshDue } = await import('../due.js');
  let refreshed = false;
  // the due items weigh tiers: they come after the scores
  at.step = 'the score and due-list refresh';
  if (!m.valuesDone) {
    refreshed = (await countRows(ctx.db, 'accounts')) <= REFRESH_AFTER_IMPORT_MAX_ACCOUNTS;
    // The rows are committed: an amount in a currency without a rate must not make the import look
    // failed. The scores wait; crm score / tiers / risk say which rate to set.
    if (refreshed)
      await refreshValues(ctx).catch((e: unknown) => {
        if (!(e instanceof MissingRateError)) throw e;
        refreshed = false;
        missing?.(e.message);
      });
    m = { ...m, valuesDone: true };
    await inTransaction(ctx, (x) => marks.setFollowUp(x.db, m));
  }
  lap('values');
  at.step = 'the due-list refresh';
  if (!m.mergedDone) {
    // older accounts the batch merged into: usually few, found among its rows
    const ids = await imports.accountsOfRowsUpTo(ctx.db, m.batchId, m.createdAfter);
    for (let i = 0; i < ids.length; i += DUE_CHUNK) await inTransaction(ctx, (x) => refreshDue(x.db, ids.slice(i, i + DUE_CHUNK), ctx.config));
    m = { ...m, mergedDone: true };
    await inTransaction(ctx, (x) => marks.setFollowUp(x.db, m));
  }
  // the accounts it created, a page at a time, each page with its progress note: a million-row
  // import never holds all their ids, and a resumed one starts where the last stopped
  for (let after = m.doneThrough ?? m.createdAfter; ; ) {
    const page = await imports.createdAccountsPage(ctx.db, m.batchId, after, DUE_CHUNK);
    if (!page.length) break;
    after = page[page.length - 1]!;
    const next = { ...m, doneThrough: after };
    await inTransaction(ctx, async (x) => {
      await refreshDue(x.db, page, ctx.config);
      await marks.setFollowUp(x.db, next);
    });
    m = next;
  }
  await inTransaction(ctx, (x) => marks.clearFollowUp(x.db, m.batchId));
  lap('due');
  return refreshed;
}

/** Finishes what killed imports left; returns how many markers there were. */
export async function completeFollowUps(ctx: ServiceContext): Promise<number> {
  const pending = await marks.pendingFollowUps(ctx.db);
  for (const m of pending) await runFollowUp(ctx, m);
  return pending.length;
}

/** Imports whose follow-up was interrupted (what `crm doctor` reports). */
export async function pendingFollowUps(ctx: Pick<ServiceContext, 'db'>): Promise<FollowUpMarker[]> {
  return marks.pendingFollowUps(ctx.db);
}
