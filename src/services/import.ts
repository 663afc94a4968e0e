// `crm import`: leads and orders from CSV/vCard files, deduplicated against the file itself and the
// database, in one transaction, with per-row provenance so a batch can be undone. This file runs
// the import: plan the files, stream their rows to the writer (import/writer.ts) a batch at a
// time, then the follow-up (import/follow-up.ts). Batches and undo: import/batches.ts; saved
// mappings: import/maps.ts; merge rules: domain/merge.ts.
import type { Db } from '../db/engine.js';
import * as accountsRepo from '../db/repositories/accounts.js';
import * as marks from '../db/repositories/follow-up.js';
import * as look from '../db/repositories/import-lookups.js';
import * as repo from '../db/repositories/imports.js';
import { UsageError } from '../domain/errors.js';
import { KeyFilter } from '../domain/key-filter.js';
import type { Lead, OrderRow } from '../domain/lead.js';
import { cleanText } from '../domain/normalize.js';
import { normalizeSource } from '../domain/vocab.js';
import { describeEncoding, planFile, type FilePlan, type ReaderOptions } from '../io/lead-reader.js';
import { readFileItems } from '../io/parallel-reader.js';
import { openRejectsFile } from '../io/rejects-file.js';
import { spoolStdin } from '../io/stdin-file.js';
import { normalizeTags } from './accounts.js';
import { entryCurrency, moneyConfig } from '../domain/money.js';
import { campaignSource, linkCampaign } from './campaigns.js';
import type { ServiceContext } from './context.js';
import { followUpAfterCommit } from './import/follow-up.js';
import { loadOverrides, saveMap } from './import/maps.js';
import type { ImportOptions, ImportSummary } from './import/types.js';
import { ImportWriter } from './import/writer.js';
import { pauseHistoryForImport, recordImportEntry } from './history.js';

export type { ConflictItem, FileReport, FlagItem, ImportOptions, ImportSummary, RejectItem } from './import/types.js';
export { listBatches, undoBatch, type BatchView, type UndoSummary } from './import/batches.js';
export { loadOverrides, savedMaps } from './import/maps.js';
export { completeFollowUps, REFRESH_AFTER_IMPORT_MAX_ACCOUNTS } from './import/follow-up.js';

// Rough sizes of a row, to guess a file's row count from its size before reading it.
const BYTES_PER_CSV_ROW = 100;
const BYTES_PER_CARD = 300;
// Below this many expected rows per key already in the database, loading the keys into a filter
// costs more than the lookups it saves.
const ROWS_PER_KEY_FOR_FILTER = 1 / 40;
const BULK_BYTES = 1024 * 1024;

/**
 * Issue 15's part of an import, before any row is read: the currency recorded with amounts that
 * name none (checked), and the source a known --campaign gives its leads when --source is not given.
 */
async function moneyAndCampaignDefaults(ctx: ServiceContext, opts: ImportOptions): Promise<ImportOptions> {
  const out = { ...opts };
  if (opts.kind === 'orders') out.currency = entryCurrency(moneyConfig(ctx.config), opts.currency);
  else if (opts.currency) throw new UsageError('--currency is for order imports (--kind orders)');
  if (opts.campaign && !opts.source) out.source = (await campaignSource(ctx, opts.campaign)) ?? undefined;
  return out;
}

export async function runImport(ctx: ServiceContext, options: ImportOptions): Promise<ImportSummary> {
  if (!options.files.length) throw new UsageError('give at least one file to import');
  const opts = await moneyAndCampaignDefaults(ctx, options);
  const started = performance.now();
  const overrides = await loadOverrides(ctx, opts);
  const readerOpts: ReaderOptions = {
    kind: opts.kind,
    encoding: opts.encoding,
    overrides,
    country: opts.country ?? ctx.config.defaultCountry ?? undefined,
    dateOrder: opts.dateOrder,
  };
  // Plan every file first: a missing file or an unreadable header fails before anything is written.
  const plans: FilePlan[] = [];
  if (opts.files.filter((f) => f === '-').length > 1) throw new UsageError('"-" (standard input) can be given once');
  // "-": standard input, copied to a private temporary file first (removed at the end)
  const stdin = opts.files.includes('-') ? await spoolStdin() : undefined;
  try {
    for (const f of opts.files) plans.push(f === '-' ? await planFile(stdin!.path, readerOpts, 'stdin') : await planFile(f, readerOpts));
    return await importPlanned(ctx, opts, overrides, readerOpts, plans, started);
  } finally {
    stdin?.cleanup();
  }
}

async function importPlanned(ctx: ServiceContext, opts: ImportOptions, overrides: Record<string, string>, readerOpts: ReaderOptions, plans: FilePlan[], started: number): Promise<ImportSummary> {
  const totalBytes = plans.reduce((s, p) => s + p.size, 0);
  const summary: ImportSummary = {
    batchId: null,
    dryRun: !!opts.dryRun,
    kind: opts.kind,
    files: plans.map((p) => ({
      file: p.name,
      format: p.format,
      encoding: describeEncoding(p),
      delimiter: p.delimiter,
      headerLine: p.headerLine,
      mapping: p.mapping.map((m) => ({ column: m.header, field: m.by === 'ignored' ? 'ignore' : (m.field ?? null) })),
    })),
    rows: 0,
    created: 0,
    merged: 0,
    unchanged: 0,
    skipped: 0,
    conflictCount: 0,
    rejectedCount: 0,
    flaggedCount: 0,
    conflicts: [],
    rejected: [],
    flagged: [],
    timings: {},
  };
  const tm = summary.timings;
  let mark = started;
  const lap = (phase: string) => {
    const t = performance.now();
    tm[phase] = Math.round((tm[phase] ?? 0) + t - mark);
    mark = t;
  };
  lap('plan');
  const now = ctx.clock.now();
  const rejects = opts.rejectsFile ? openRejectsFile(opts.rejectsFile) : undefined;
  let marker: marks.FollowUpMarker | undefined;
  let rowTimings: Record<string, number> = {};
  const run = async (db: Db) => {
    const tctx = { ...ctx, db };
    // the batch is its own undo (crm import undo): one history entry for it, nothing per row
    await pauseHistoryForImport(tctx);
    if (opts.saveMap) await saveMap(tctx, opts.saveMap, overrides);
    if (opts.campaign && opts.kind === 'leads') await linkCampaign(tctx, opts.campaign, opts.source ?? null);
    const batchId = await repo.createBatch(db, {
      kind: opts.kind,
      files: JSON.stringify(plans.map((p) => p.name)),
      source: opts.source ? normalizeSource(opts.source) : null,
      campaign: cleanText(opts.campaign) || null,
      owner: opts.owner ?? null,
      tag: opts.tags?.length ? normalizeTags(opts.tags).join(',') : null,
      status: 'running',
      mapping: JSON.stringify(Object.fromEntries(summary.files.map((f) => [f.file, Object.fromEntries(f.mapping.map((m) => [m.column, m.field]))]))),
      started_at: now,
    });
    summary.batchId = batchId;
    const ownerName = opts.owner ?? ctx.config.defaultOwner ?? null;
    const ownerId = ownerName ? await accountsRepo.getOrCreateRep(db, ownerName, now) : null;
    const createdAfter = await look.maxAccountId(db);
    const estRows = plans.reduce((s, p) => s + Math.ceil(p.size / (p.format === 'vcard' ? BYTES_PER_CARD : BYTES_PER_CSV_ROW)), 0);
    let keys: KeyFilter | null = null;
    if (opts.kind === 'leads' && estRows >= 200) {
      const known = await look.dedupKeyCount(db);
      if (estRows >= known * ROWS_PER_KEY_FOR_FILTER) {
        // a row adds about four keys (company, person, email, number)
        keys = new KeyFilter(known + estRows * 4);
        const k = keys;
        await look.forEachDedupKey(ctx.engine, (tag, key) => k.add(tag, key));
      }
    }
    const searchBack = bulk ? await ctx.engine.search.bulkLoad(db) : undefined;
    const writer = new ImportWriter({
      db,
      bw: await ctx.engine.batchWriter(db),
      batchId,
      summary,
      now,
      strict: !!opts.strict,
      rejects,
      ownerId,
      reps: new Map(ownerName && ownerId !== null ? [[ownerName, ownerId]] : []),
      tags: normalizeTags(opts.tags),
      defaults: { source: opts.source ? normalizeSource(opts.source) : null, campaign: cleanText(opts.campaign) || null },
      createdAfter,
      keys,
      currency: opts.currency ?? null,
      aliases: await look.anyAlias(db),
    });
    lap('setup');
    let doneBytes = 0;
    for (const plan of plans) {
      for await (const items of readFileItems(plan, readerOpts, (n) => opts.onProgress?.(doneBytes + n, totalBytes))) {
        const leads: Lead[] = [];
        const orders: OrderRow[] = [];
        for (const it of items) {
          if (it.t === 'skip') summary.skipped += it.count;
          else if (it.t === 'lead') leads.push(it.lead);
          else orders.push(it.order);
        }
        if (leads.length) await writer.leads(leads);
        if (orders.length) await writer.orders(orders);
      }
      doneBytes += plan.size;
    }
    lap('rows');
    rowTimings = writer.rowTimings;
    await writer.finish();
    await searchBack?.();
    lap('searchIndex');
    if (opts.kind === 'orders') await repo.refreshLastOrder(db, batchId);
    await repo.finishBatch(db, batchId, {
      status: 'done',
      created: summary.created,
      merged: summary.merged,
      conflicts: summary.conflictCount,
      rejected: summary.rejectedCount,
      finished_at: ctx.clock.now(),
    });
    if (!opts.dryRun) {
      // committed with the rows: a process killed after the commit leaves the follow-up to the next command
      marker = { batchId, createdAfter };
      await marks.setFollowUp(db, marker);
    }
    await recordImportEntry(tctx, batchId);
    lap('batch');
  };
  // a big file: the engine sizes itself for it (SQLite: a bigger page cache) until the end
  const bulk = totalBytes > BULK_BYTES;
  const cacheBack = ctx.engine.bulkWrite(totalBytes);
  try {
    if (opts.dryRun) {
      // everything decided and written as for real, then rolled back
      await ctx.engine.dryRun(run);
      summary.batchId = null;
      return summary;
    }
    await ctx.engine.transaction(run);
    opts.onCommitted?.(committedText(opts, summary));
    lap('commit');
  } finally {
    cacheBack();
    await rejects?.close();
  }
  mark = performance.now();
  summary.valuesRefreshed = await followUpAfterCommit(ctx, marker!, committedText(opts, summary), 'the imported rows stay', tm, (m) => (summary.valuesNote = m));
  for (const [k, v] of Object.entries(rowTimings)) tm[`rows.${k}`] = Math.round(v);
  return summary;
}

/** What an import's commit kept, for an error in its follow-up: "imported 2,867 leads (batch 4)". */
function committedText(opts: ImportOptions, s: ImportSummary): string {
  const n = s.created + s.merged;
  const what = opts.kind === 'orders' ? (n === 1 ? 'order' : 'orders') : n === 1 ? 'lead' : 'leads';
  return `imported ${n.toLocaleString('en-US')} ${what} (batch ${s.batchId})`;
}
