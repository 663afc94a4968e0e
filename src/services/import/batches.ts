// Import batches: the list, and undo of one batch (what it created goes, what it merged is
// reverted where nobody edited it since).
import * as accountsRepo from '../../db/repositories/accounts.js';
import * as contactsRepo from '../../db/repositories/contacts.js';
import * as marks from '../../db/repositories/follow-up.js';
import type { FollowUpMarker } from '../../db/repositories/follow-up.js';
import * as repo from '../../db/repositories/imports.js';
import { NotFoundError, ConflictError } from '../../domain/errors.js';
import { revertPatch } from '../../domain/merge.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { pauseHistoryForImport, recordImportUndoEntry } from '../history.js';
import { followUpAfterCommit } from './follow-up.js';
import type { Changes } from './writer.js';

export interface BatchView {
  id: number;
  kind: string;
  status: string;
  files: string[];
  source: string | null;
  campaign: string | null;
  created: number;
  merged: number;
  conflicts: number;
  rejected: number;
  startedAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}

export async function listBatches(ctx: ServiceContext): Promise<BatchView[]> {
  const rows = await repo.listBatches(ctx.db);
  return rows.map((b) => ({
    id: b.id,
    kind: b.kind,
    status: b.status,
    files: JSON.parse(b.files) as string[],
    source: b.source,
    campaign: b.campaign,
    created: b.created,
    merged: b.merged,
    conflicts: b.conflicts,
    rejected: b.rejected,
    startedAt: b.started_at,
    finishedAt: b.finished_at,
    undoneAt: b.undone_at,
  }));
}

export interface UndoSummary {
  batchId: number;
  deletedAccounts: number;
  deletedContacts: number;
  deletedPoints: number;
  deletedOrders: number;
  revertedMerges: number;
  /** merged fields edited since the import: left as they are */
  keptEdits: number;
  /** the history entry that records the undo */
  entry: number | null;
}

export async function undoBatch(ctx: ServiceContext, batchId: number): Promise<UndoSummary> {
  let marker: FollowUpMarker | undefined;
  const summary = await inTransaction(ctx, async (t) => {
    const db = t.db;
    const b = await repo.getBatch(db, batchId);
    if (!b) throw new NotFoundError(`no import batch ${batchId}`, 'list them with: crm import list');
    if (b.status === 'undone') throw new ConflictError(`import batch ${batchId} was already undone on ${b.undone_at}`);
    // like the import, its undo is one history entry, not one per row
    await pauseHistoryForImport(t);
    const later = await repo.laterBatchesTouching(db, batchId);
    if (later.length)
      throw new ConflictError(
        `import batch ${later.join(', ')} added to records this batch created; undo ${later.length > 1 ? 'those' : 'that batch'} first (crm import undo ${later[later.length - 1]})`,
      );
    // anything recorded by hand on those accounts would go with them (foreign keys cascade)
    if ((await repo.laterRecordsOnCreated(db, batchId)) > 0)
      throw new ConflictError(
        `accounts created by batch ${batchId} have since gained contacts, orders or interactions; undoing would delete them`,
        'archive the unwanted accounts instead (crm account archive)',
      );
    let reverted = 0;
    let keptEdits = 0;
    const touched = new Set<number>();
    let after = 0;
    for (;;) {
      const rows = await repo.rowsPage(db, batchId, after, 500);
      if (!rows.length) break;
      after = rows[rows.length - 1]!.id;
      for (const r of rows) {
        if (!r.changes) continue;
        const ch = JSON.parse(r.changes) as Changes;
        if (r.account_id !== null) touched.add(r.account_id);
        if (ch.contact && r.contact_id !== null) {
          const cur = (await contactsRepo.getContact(db, r.contact_id)) as Record<string, unknown> | undefined;
          if (cur && cur.batch_id !== batchId) {
            const { patch, kept } = revertPatch(cur, ch.contact);
            keptEdits += kept;
            if (Object.keys(patch).length) await contactsRepo.updateContact(db, r.contact_id, patch);
          }
        }
        if (r.account_id !== null && (ch.account || ch.tags)) {
          const cur = (await accountsRepo.getAccount(db, r.account_id)) as Record<string, unknown> | undefined;
          if (cur && cur.batch_id !== batchId) {
            const { patch, kept } = revertPatch(cur, ch.account ?? {}, true);
            keptEdits += kept;
            if (Object.keys(patch).length) await accountsRepo.updateAccount(db, r.account_id, patch);
            if (ch.tags?.length) await accountsRepo.removeTags(db, r.account_id, ch.tags);
          }
        }
        reverted++;
      }
    }
    const orderAccounts = await repo.accountsWithRowsOf(db, 'orders', batchId);
    const pointAccounts = await repo.accountsWithRowsOf(db, 'contact_points', batchId);
    // names the batch kept as other names of older records: their search text loses them
    const aliasAccounts = await repo.accountsWithRowsOf(db, 'aliases', batchId);
    const del = await repo.deleteBatchRecords(db, ctx.engine.search, batchId);
    const survivors = [...touched, ...pointAccounts, ...aliasAccounts];
    const alive = survivors.length ? (await accountsRepo.getAccounts(db, [...new Set(survivors)])).map((a) => a.id) : [];
    await accountsRepo.reindexAccounts(db, ctx.engine.search, alive);
    if (orderAccounts.length) await repo.refreshLastOrder(db, batchId);
    await repo.finishBatch(db, batchId, { status: 'undone', undone_at: ctx.clock.now() });
    // The scores and due items of the accounts that stay were computed with what the batch
    // brought: they are refreshed after the commit, through a marker as after an import. Those
    // accounts existed before the batch, so they all have smaller ids than any it created.
    const kept = [...alive, ...(orderAccounts.length ? (await accountsRepo.getAccounts(db, orderAccounts)).map((a) => a.id) : [])];
    marker = { batchId, createdAfter: kept.reduce((m, id) => Math.max(m, id), 0) };
    await marks.setFollowUp(db, marker);
    const entry = await recordImportUndoEntry(t, batchId);
    return {
      entry,
      batchId,
      deletedAccounts: del.accounts,
      deletedContacts: del.contacts,
      deletedPoints: del.points,
      deletedOrders: del.orders,
      revertedMerges: reverted,
      keptEdits,
    };
  });
  await followUpAfterCommit(ctx, marker!, `undid import batch ${batchId}`, 'the undo stays');
  return summary;
}
