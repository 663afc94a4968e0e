// `crm import`: leads and orders from CSV/vCard files, deduplicated against the file itself and the
// database, in one transaction, with per-row provenance so a batch can be undone.
import * as accountsRepo from '../db/repositories/accounts.js';
import * as repo from '../db/repositories/imports.js';
import type { ImportStatements } from '../db/repositories/imports.js';
import type { Account, Contact } from '../db/schema.js';
import { getMeta, metaKeys, setMeta } from '../db/meta.js';
import { searchBody } from '../db/search-text.js';
import { parseContactUid, uidMatches } from '../domain/contact-uid.js';
import { KeyFilter } from '../domain/key-filter.js';
import { ConflictError, CrmError, InputError, NotFoundError, UsageError } from '../domain/errors.js';
import { parseMapOverrides, type ImportKind } from '../domain/import-mapping.js';
import type { Lead, LeadPoint, OrderRow } from '../domain/lead.js';
import { cleanText, companyKey, personKey, webDomain } from '../domain/normalize.js';
import { normalizeSource } from '../domain/vocab.js';
import { describeEncoding, planFile, type FilePlan, type ReaderOptions } from '../io/lead-reader.js';
import { readFileItems } from '../io/parallel-reader.js';
import { openRejectsFile, type RejectsWriter } from '../io/rejects-file.js';
import { entryCurrency, MissingRateError, moneyConfig } from '../domain/money.js';
import { normalizeTags } from './accounts.js';
import { campaignSource, linkCampaign } from './campaigns.js';
import { inTransaction, type ServiceContext } from './context.js';
import { pauseHistoryForImport, recordImportEntry, recordImportUndoEntry } from './history.js';

export interface ImportOptions {
  files: string[];
  kind: ImportKind;
  source?: string | undefined;
  campaign?: string | undefined;
  owner?: string | undefined;
  tags?: string[] | undefined;
  country?: string | undefined;
  encoding?: string | undefined;
  map?: string[] | undefined;
  /** use a mapping saved earlier with saveMap */
  mapName?: string | undefined;
  /** save this run's --map under a name */
  saveMap?: string | undefined;
  dateOrder?: 'dmy' | 'mdy' | undefined;
  dryRun?: boolean;
  strict?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** write every rejected row (file, line, reason, data) to this CSV */
  rejectsFile?: string | undefined;
  /** orders: the currency of amounts whose row names none (default: the base, when the config names one) */
  currency?: string | null | undefined;
}

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

export interface RejectItem {
  file: string;
  line: number;
  reason: string;
  data: string;
}

export interface ConflictItem {
  file: string;
  line: number;
  accountId: number | null;
  contactId: number | null;
  field: string;
  existing: string;
  incoming: string;
}

export interface FlagItem {
  file: string;
  line: number;
  problem: string;
}

export interface FileReport {
  file: string;
  format: 'csv' | 'vcard';
  encoding: string;
  delimiter: string | null;
  headerLine: number | null;
  mapping: { column: string; field: string | null }[];
}

export interface ImportSummary {
  batchId: number | null;
  dryRun: boolean;
  kind: ImportKind;
  files: FileReport[];
  rows: number;
  created: number;
  merged: number;
  unchanged: number;
  skipped: number;
  conflictCount: number;
  rejectedCount: number;
  flaggedCount: number;
  /** the first conflicts, rejects and flags (all are in import_rows / the rejects file) */
  conflicts: ConflictItem[];
  rejected: RejectItem[];
  flagged: FlagItem[];
  /** false when the score refresh was left to the next score/tiers/risk (large databases) */
  valuesRefreshed?: boolean;
  /** why the scores were not refreshed, when it is not the size of the database (a missing exchange rate) */
  valuesNote?: string;
  /** milliseconds per phase, for --debug */
  timings: Record<string, number>;
}

const LIST_CAP = 500;
const MAP_META = 'import.map.';

class DryRunDone extends Error {}

// Rough sizes of a row, to guess a file's row count from its size before reading it.
const BYTES_PER_CSV_ROW = 100;
const BYTES_PER_CARD = 300;
// Below this many expected rows per key already in the database, loading the keys into a filter
// costs more than the probes it saves (a key loads in well under a microsecond; a probe that
// misses costs a few, several times per row).
const ROWS_PER_KEY_FOR_FILTER = 1 / 40;
// The accounts an import creates are put in the search index at its end, this many at a time, from
// their stored rows: an account that gains people later in the same file is indexed once, and
// never deleted from the index and re-added (an FTS delete costs several inserts).
const INDEX_CHUNK = 2000;
const CREATED_COMPANIES_MAX = 50_000;
const DUE_CHUNK = 2000;

/**
 * Called after every committed import: scores, tiers and the ladder are recomputed for the whole
 * base (an import changes the quintiles), and the stored due items of the accounts the batch
 * created or merged into are brought up to date, each in its own short transaction.
 * On a large database the score refresh (memory grows with the base, not the file) is left to the
 * next `crm score|tiers|risk`, which refresh by themselves when the data changed; returns whether
 * it ran here.
 */
export const REFRESH_AFTER_IMPORT_MAX_ACCOUNTS = 50_000;

export async function afterImport(
  ctx: ServiceContext,
  batchId: number,
  createdAfter: number,
  timings: Record<string, number> = {},
  missing?: (message: string) => void,
): Promise<boolean> {
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - t);
    t = now;
  };
  const { refreshValues } = await import('./value.js');
  const { refreshDue } = await import('./due.js');
  const n = await ctx.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let refreshed = Number(n.n) <= REFRESH_AFTER_IMPORT_MAX_ACCOUNTS;
  // The rows are committed: an amount in a currency without a rate must not make the import look
  // failed. The scores wait; crm score / tiers / risk say which rate to set.
  if (refreshed)
    await refreshValues(ctx).catch((e: unknown) => {
      if (!(e instanceof MissingRateError)) throw e;
      refreshed = false;
      missing?.(e.message);
    });
  lap('values');
  const due = (ids: number[]) => inTransaction(ctx, (t) => refreshDue(t.db, ids, ctx.config));
  // older accounts the batch merged into: usually few, found among its rows
  const merged = await ctx.db
    .selectFrom('import_rows')
    .select('account_id')
    .distinct()
    .where('batch_id', '=', batchId)
    .where('account_id', '<=', createdAfter)
    .execute();
  const ids = merged.map((r) => r.account_id as number);
  for (let i = 0; i < ids.length; i += DUE_CHUNK) await due(ids.slice(i, i + DUE_CHUNK));
  // the accounts it created, a page at a time: a million-row import never holds all their ids
  for (let after = createdAfter; ; ) {
    const page = await ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('batch_id', '=', batchId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(DUE_CHUNK)
      .execute();
    if (!page.length) break;
    await due(page.map((r) => r.id));
    after = page[page.length - 1]!.id;
  }
  lap('due');
  return refreshed;
}

function same(a: unknown, b: unknown): boolean {
  return cleanText(String(a ?? '')).toLowerCase() === cleanText(String(b ?? '')).toLowerCase();
}

interface Changes {
  account?: Record<string, [unknown, unknown]>;
  contact?: Record<string, [unknown, unknown]>;
  tags?: string[];
}

export async function loadOverrides(ctx: ServiceContext, opts: Pick<ImportOptions, 'kind' | 'map' | 'mapName'>): Promise<Record<string, string>> {
  let saved: Record<string, string> = {};
  if (opts.mapName) {
    const v = await getMeta(ctx.db, MAP_META + opts.mapName);
    if (!v) throw new NotFoundError(`no saved mapping "${opts.mapName}"`, 'list them with: crm import maps');
    saved = JSON.parse(v) as Record<string, string>;
  }
  try {
    return { ...saved, ...parseMapOverrides(opts.kind, opts.map ?? []) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function savedMaps(ctx: ServiceContext): Promise<{ name: string; mapping: Record<string, string> }[]> {
  const rows = await metaKeys(ctx.db, MAP_META);
  return rows.map((r) => ({ name: r.key.slice(MAP_META.length), mapping: JSON.parse(r.value) as Record<string, string> }));
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
  for (const f of opts.files) plans.push(await planFile(f, readerOpts));
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
  let createdAfter = 0;
  const run = async () => {
    // the batch is its own undo (crm import undo): one history entry for it, nothing per row
    await pauseHistoryForImport(ctx);
    if (opts.saveMap) await setMeta(ctx.db, MAP_META + opts.saveMap, JSON.stringify(overrides));
    const batchId = await repo.createBatch(ctx.db, {
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
    if (opts.campaign && opts.kind === 'leads') await linkCampaign(ctx, opts.campaign, opts.source ?? null);
    const bulk = totalBytes > 1024 * 1024;
    const searchBack = bulk ? await ctx.engine.search.bulkLoad(ctx.db) : undefined;
    const estRows = plans.reduce((s, p) => s + Math.ceil(p.size / (p.format === 'vcard' ? BYTES_PER_CARD : BYTES_PER_CSV_ROW)), 0);
    const writer = await Writer.create(ctx, batchId, opts, summary, now, rejects, estRows);
    createdAfter = writer.createdAfter;
    lap('setup');
    let doneBytes = 0;
    for (const plan of plans) {
      for await (const items of readFileItems(plan, readerOpts, (n) => opts.onProgress?.(doneBytes + n, totalBytes))) {
        for (const it of items) {
          if (it.t === 'skip') summary.skipped++;
          else if (it.t === 'lead') writer.lead(it.lead);
          else writer.order(it.order);
        }
      }
      doneBytes += plan.size;
    }
    lap('rows');
    writer.finish();
    lap('searchIndex');
    await searchBack?.();
    if (opts.kind === 'orders') await repo.refreshLastOrder(ctx.db, batchId);
    await repo.finishBatch(ctx.db, batchId, {
      status: 'done',
      created: summary.created,
      merged: summary.merged,
      conflicts: summary.conflictCount,
      rejected: summary.rejectedCount,
      finished_at: ctx.clock.now(),
    });
    await recordImportEntry(ctx, batchId);
    if (opts.dryRun) throw new DryRunDone();
    lap('batch');
  };
  // a bigger page cache for a big file: about a fifth less time on 100k rows, inside the memory cap
  const cacheBack = ctx.engine.bulkWrite(totalBytes);
  try {
    await ctx.engine.transaction(run);
    lap('commit');
    mark = performance.now();
    summary.valuesRefreshed = await afterImport(ctx, summary.batchId!, createdAfter, tm, (m) => (summary.valuesNote = m));
  } catch (e) {
    if (!(e instanceof DryRunDone)) throw e;
    summary.batchId = null;
    return summary;
  } finally {
    cacheBack();
    await rejects?.close();
  }
  return summary;
}

/** The per-row decisions of one import: match, merge or create, record provenance. */
class Writer {
  /** accounts that existed before this import and changed: their search text is rebuilt */
  private dirty = new Set<number>();
  private reps = new Map<string, number>();
  /** company accounts this import created, by name key (bounded: the rest are probed) */
  private createdCompanies = new Map<string, number>();
  /** accounts with a higher id were created by this import (it holds the write lock) */
  createdAfter = 0;
  /** null when every probe goes to the database (small file, big database) */
  private keys: KeyFilter | null = null;
  /** whether the database holds aliases (other names): probed only then, an import of new leads pays nothing */
  private aliases = false;
  /** whether this import kept a name as an alias on an account it created (indexed at the end) */
  private aliasesOnCreated = false;
  private constructor(
    private st: ImportStatements,
    private batchId: number,
    private opts: ImportOptions,
    private sum: ImportSummary,
    private now: string,
    private ownerId: number | null,
    private tags: string[],
    private rejects: RejectsWriter | undefined,
  ) {}

  static async create(
    ctx: ServiceContext,
    batchId: number,
    opts: ImportOptions,
    sum: ImportSummary,
    now: string,
    rejects: RejectsWriter | undefined,
    estRows: number,
  ): Promise<Writer> {
    const ownerName = opts.owner ?? ctx.config.defaultOwner ?? null;
    const ownerId = ownerName ? await accountsRepo.getOrCreateRep(ctx.db, ownerName, now) : null;
    const w = new Writer(repo.importStatements(ctx.engine), batchId, opts, sum, now, ownerId, normalizeTags(opts.tags), rejects);
    if (ownerName && ownerId !== null) w.reps.set(ownerName, ownerId);
    w.createdAfter = Number(w.st.maxAccountId.get<{ id: number | null }>({})?.id ?? 0);
    w.aliases = w.st.anyAlias.get({}) !== undefined;
    if (opts.kind === 'leads' && estRows >= 200) {
      const known = await repo.dedupKeyCount(ctx.db);
      if (estRows >= known * ROWS_PER_KEY_FOR_FILTER) {
        // a row adds about four keys (company, person, email, number)
        const keys = new KeyFilter(known + estRows * 4);
        await repo.forEachDedupKey(ctx.engine, (tag, key) => keys.add(tag, key));
        w.keys = keys;
      }
    }
    return w;
  }

  /** false when the key is certainly not in the database, so the probe can be skipped */
  private may(tag: string, key: string): boolean {
    return this.keys === null || this.keys.has(tag, key);
  }

  private remember(tag: string, key: string | null): void {
    if (this.keys !== null && key) this.keys.add(tag, key);
  }

  private reject(file: string, line: number, reason: string, data: string | undefined): void {
    const r: RejectItem = { file, line, reason, data: data ?? '' };
    this.rejects?.write(r);
    if (this.opts.strict) throw new InputError(`${reason} (--strict: nothing was imported)`, { file, line });
    this.sum.rejectedCount++;
    if (this.sum.rejected.length < LIST_CAP) this.sum.rejected.push(r);
    this.st.insertRow.run({ batch_id: this.batchId, file, line, action: 'rejected', account_id: null, contact_id: null, order_id: null, changes: null, conflicts: null, reason });
  }

  private flag(l: { file: string; line: number; flags: string[] }): void {
    if (!l.flags.length) return;
    this.sum.flaggedCount++;
    for (const problem of l.flags) if (this.sum.flagged.length < LIST_CAP) this.sum.flagged.push({ file: l.file, line: l.line, problem });
  }

  private repId(name: string | null): number | null {
    if (!name) return this.ownerId;
    const id = this.reps.get(name);
    if (id !== undefined) return id;
    // reps are few: looked up once per name, created on first sight
    const found = this.st.repByName.get<{ id: number }>({ name })?.id ?? this.st.insertRep.run({ name, email: null, created_at: this.now });
    this.reps.set(name, found);
    return found;
  }

  lead(l: Lead): void {
    this.sum.rows++;
    if (l.reject) {
      this.reject(l.file, l.line, l.reject, l.raw);
      return;
    }
    this.flag(l);
    const match = this.findContact(l);
    const changes: Changes = {};
    const conflicts: ConflictItem[] = [];
    let action: 'created' | 'merged' | 'unchanged';
    let accountId: number;
    let contactId: number | null = null;
    if (match) {
      accountId = match.account_id;
      contactId = match.contact_id;
      const changed = this.mergeContact(l, match.contact_id, changes, conflicts) | this.mergeAccount(l, accountId, changes, conflicts);
      action = changed ? 'merged' : 'unchanged';
      if (changed) this.touch(accountId);
    } else {
      const existing = this.findAccount(l);
      if (existing !== undefined) {
        // a known company (findAccount needs one): a new person there, or the company row again
        accountId = existing;
        const changed = this.mergeAccount(l, accountId, changes, conflicts);
        if (l.name) {
          contactId = this.createContact(l, accountId);
          action = 'created';
        } else action = changed ? 'merged' : 'unchanged';
        if (action !== 'unchanged') this.touch(accountId);
      } else {
        accountId = this.createAccount(l);
        contactId = l.name ? this.createContact(l, accountId) : null;
        action = 'created';
      }
    }
    if (action === 'created') this.sum.created++;
    else if (action === 'merged') this.sum.merged++;
    else this.sum.unchanged++;
    if (conflicts.length) {
      this.sum.conflictCount++;
      for (const c of conflicts) if (this.sum.conflicts.length < LIST_CAP) this.sum.conflicts.push(c);
    }
    const hasChanges = changes.account || changes.contact || changes.tags;
    this.st.insertRow.run({
      batch_id: this.batchId,
      file: l.file,
      line: l.line,
      action,
      account_id: accountId,
      contact_id: contactId,
      order_id: null,
      changes: hasChanges ? JSON.stringify(changes) : null,
      conflicts: conflicts.length ? JSON.stringify(conflicts.map(({ field, existing, incoming }) => ({ field, existing, incoming }))) : null,
      reason: l.flags.length ? l.flags.join('; ') : null,
    });
  }

  /**
   * vCard UID match (issue 18): a card that crm exported (UID crm-contact-<id>-…) is merged into
   * the contact it came from, before any email, phone or name matching. Kept apart on purpose:
   * the rest of the matching does not know about UIDs.
   */
  private contactByUid(l: Lead): repo.Match | undefined {
    const u = parseContactUid(l.uid);
    if (!u) return undefined;
    const c = this.st.contactById.get<repo.Match & { created_at: string }>({ id: u.id });
    return c && uidMatches(u, c.created_at) ? { contact_id: c.contact_id, account_id: c.account_id } : undefined;
  }

  private findContact(l: Lead): repo.Match | undefined {
    const byUid = this.contactByUid(l);
    if (byUid) return byUid;
    const st = this.st;
    for (const p of l.points) {
      if (p.kind === 'email' && this.may('e', p.key)) {
        const m = st.contactByPoint.get<repo.Match>({ key: p.key, kind: 'email' });
        if (m) return m;
      }
    }
    for (const p of l.points) {
      if (!this.may('n', p.key)) continue;
      if (p.kind === 'mobile') {
        // a mobile belongs to one person, whatever kind it was filed under before
        const m = st.contactByNumber.get<repo.Match>({ key: p.key });
        if (m) return m;
      } else if ((p.kind === 'phone' || p.kind === 'fax') && l.nameKey && this.may('c', l.nameKey)) {
        // a landline is often the company switchboard: shared by colleagues, so the name must agree
        const m = st.contactByNumberAndName.get<repo.Match>({ key: p.key, name: l.nameKey });
        if (m) return m;
      }
    }
    if (l.nameKey && l.companyKey) {
      const acc = this.companyAccount(l);
      if (acc === undefined || !this.may('c', l.nameKey)) return undefined;
      return (
        this.st.contactByNameInAccount.get<repo.Match>({ name: l.nameKey, account: acc }) ??
        (this.aliases ? this.st.contactByAliasInAccount.get<repo.Match>({ name: l.nameKey, account: acc }) : undefined)
      );
    }
    if (l.nameKey && !l.company && this.may('c', l.nameKey))
      return this.st.contactByNameIndividual.get<repo.Match>({ name: l.nameKey }) ?? (this.aliases ? this.st.contactByAliasIndividual.get<repo.Match>({ name: l.nameKey }) : undefined);
    return undefined;
  }

  /** The company account named like the row's company, looked up once per row. */
  private companyAccount(l: Lead): number | undefined {
    if (this.lookedUp === l) return this.lookedUpId;
    this.lookedUp = l;
    // a company this import created answers without a probe: the probe would find the same
    // account, since it was created only because no older one matched
    const created = l.companyKey ? this.createdCompanies.get(l.companyKey) : undefined;
    if (created !== undefined) return (this.lookedUpId = created);
    this.lookedUpId =
      l.companyKey && this.may('a', l.companyKey)
        ? (this.st.accountByCompanyKey.get<{ id: number }>({ key: l.companyKey }) ?? (this.aliases ? this.st.accountByAliasKey.get<{ id: number }>({ key: l.companyKey }) : undefined))?.id
        : undefined;
    return this.lookedUpId;
  }
  private lookedUp: Lead | null = null;
  private lookedUpId: number | undefined;

  private findAccount(l: Lead): number | undefined {
    const byName = this.companyAccount(l);
    if (byName !== undefined) return byName;
    if (l.domain && l.company && this.may('d', l.domain)) {
      const a = this.st.accountByDomain.get<{ id: number }>({ domain: l.domain });
      if (a) return a.id;
    }
    return undefined;
  }

  private accountValues(l: Lead): Record<string, unknown> {
    return {
      website: l.website,
      address: l.address,
      city: l.city,
      region: l.region,
      postcode: l.postcode,
      country: l.country,
      industry: l.industry,
      employees: l.employees,
      main_business: l.mainBusiness,
      business_scope: l.businessScope,
      source: l.source ?? (this.opts.source ? normalizeSource(this.opts.source) : null),
      campaign: l.campaign ?? (cleanText(this.opts.campaign) || null),
      notes: l.accountNotes ?? (l.name ? null : l.notes),
    };
  }

  private createAccount(l: Lead): number {
    const company = !!l.company;
    const name = (company ? l.company : l.name)!;
    const extra = l.company && !l.name && Object.keys(l.extra).length ? JSON.stringify(l.extra) : null;
    const id = this.st.insertAccount.run({
      kind: company ? 'company' : 'individual',
      name,
      name_key: company ? l.companyKey! : personKey(name),
      domain: l.domain,
      ...this.accountValues(l),
      owner_id: this.repId(l.owner),
      extra,
      batch_id: this.batchId,
      source_file: l.file,
      source_line: l.line,
      created_at: this.now,
      updated_at: this.now,
    } as repo.AccountRow);
    this.remember('a', company ? l.companyKey! : personKey(name));
    if (company && this.createdCompanies.size < CREATED_COMPANIES_MAX) this.createdCompanies.set(l.companyKey!, id);
    this.remember('d', l.domain);
    for (const t of new Set([...this.tags, ...l.tags])) this.st.insertTag.run({ account_id: id, tag: t });
    this.addPoints(id, null, l.companyPoints, []);
    return id;
  }

  private createContact(l: Lead, accountId: number): number {
    const id = this.st.insertContact.run({
      account_id: accountId,
      name: l.name,
      name_key: l.nameKey,
      given_name: l.givenName,
      family_name: l.familyName,
      title: l.title,
      department: l.department,
      personality: l.personality,
      hobbies: l.hobbies,
      birthday: l.birthday,
      buying_role: l.buyingRole,
      notes: l.notes,
      extra: Object.keys(l.extra).length ? JSON.stringify(l.extra) : null,
      batch_id: this.batchId,
      source_file: l.file,
      source_line: l.line,
      created_at: this.now,
      updated_at: this.now,
    } as repo.ContactRow);
    this.remember('c', l.nameKey);
    this.addPoints(accountId, id, l.points, []);
    return id;
  }

  /** Adds the points not already there; returns how many were added. */
  private addPoints(accountId: number, contactId: number | null, points: readonly LeadPoint[], existing: { kind: string; match_key: string | null }[]): number {
    let n = 0;
    const has = (p: LeadPoint) =>
      existing.some((e) => e.match_key === p.key && (e.kind === p.kind || (p.kind !== 'email' && e.kind !== 'email' && e.kind !== 'im' && p.kind !== 'im')));
    let primary = existing.length === 0;
    for (const p of points) {
      if (has(p)) continue;
      this.st.insertPoint.run({
        account_id: accountId,
        contact_id: contactId,
        kind: p.kind,
        label: p.label,
        value: p.value,
        raw: p.raw,
        match_key: p.key,
        is_primary: primary ? 1 : 0,
        batch_id: this.batchId,
        created_at: this.now,
      } as repo.PointRow);
      primary = false;
      existing.push({ kind: p.kind, match_key: p.key });
      const tag = repo.pointTag(p.kind);
      if (tag) this.remember(tag, p.key);
      n++;
    }
    return n;
  }

  private mergeContact(l: Lead, contactId: number, changes: Changes, conflicts: ConflictItem[]): number {
    const c = this.st.contact.get<Contact>({ id: contactId });
    if (!c) return 0;
    const set: Record<string, [unknown, unknown]> = {};
    const conflict = (field: string, existing: unknown, incoming: unknown) =>
      conflicts.push({ file: l.file, line: l.line, accountId: c.account_id, contactId, field, existing: String(existing), incoming: String(incoming) });
    let kept = 0;
    if (l.name && l.nameKey !== c.name_key && !l.points.some((p) => p.value === l.name)) {
      // the same person under another name (张伟 in one file, Zhang Wei in another): the name is
      // kept as an alias, reported once
      if (!this.st.contactAlias.get({ contact: contactId, key: l.nameKey })) {
        conflict('name', c.name, l.name);
        kept += this.alias(c.account_id, contactId, l.name, l.nameKey ?? '');
      }
    }
    const fields: [keyof Contact, unknown][] = [
      ['given_name', l.givenName],
      ['family_name', l.familyName],
      ['title', l.title],
      ['department', l.department],
      ['personality', l.personality],
      ['hobbies', l.hobbies],
      ['birthday', l.birthday],
      ['buying_role', l.buyingRole],
      ['notes', l.notes],
    ];
    for (const [col, v] of fields) {
      if (v === null || v === undefined || v === '') continue;
      const cur = c[col];
      if (cur === null || cur === '') set[col] = [cur, v];
      else if (!same(cur, v) && col !== 'given_name' && col !== 'family_name') conflict(col, cur, v);
    }
    this.mergeExtra(c.extra, l.extra, set, (k, a, b) => conflict(`extra.${k}`, a, b));
    let n = kept;
    if (Object.keys(set).length) {
      this.st.update('contacts', contactId, { ...Object.fromEntries(Object.entries(set).map(([k, [, v]]) => [k, v])), updated_at: this.now });
      changes.contact = set;
      n++;
    }
    const existing = this.st.pointKeysOfContact.all<{ kind: string; match_key: string | null }>({ id: contactId });
    n += this.addPoints(c.account_id, contactId, l.points, existing);
    return n;
  }

  private mergeExtra(cur: string | null, incoming: Record<string, string>, set: Record<string, [unknown, unknown]>, conflict: (k: string, a: string, b: string) => void): void {
    const keys = Object.keys(incoming);
    if (!keys.length) return;
    const obj = cur ? (JSON.parse(cur) as Record<string, string>) : {};
    let added = false;
    for (const k of keys) {
      if (!(k in obj)) {
        obj[k] = incoming[k]!;
        added = true;
      } else if (!same(obj[k], incoming[k])) conflict(k, obj[k]!, incoming[k]!);
    }
    if (added) set.extra = [cur, JSON.stringify(obj)];
  }

  private mergeAccount(l: Lead, accountId: number, changes: Changes, conflicts: ConflictItem[]): number {
    const a = this.st.account.get<repo.MergedAccount>({ id: accountId });
    if (!a) return 0;
    const set: Record<string, [unknown, unknown]> = {};
    const conflict = (field: string, existing: unknown, incoming: unknown) =>
      conflicts.push({ file: l.file, line: l.line, accountId, contactId: null, field, existing: String(existing), incoming: String(incoming) });
    let kept = 0;
    if (l.company) {
      if (a.kind === 'company' && l.companyKey !== a.name_key) {
        // a company known under another name (its English name, a former name): kept as an alias
        if (!this.st.accountAlias.get({ account: accountId, key: l.companyKey })) {
          conflict('company', a.name, l.company);
          kept += this.alias(accountId, null, l.company, l.companyKey!);
        }
      } else if (a.kind === 'individual') conflict('company', '(none)', l.company);
    }
    const vals = this.accountValues(l);
    for (const [col, v] of Object.entries(vals)) {
      if (v === null || v === undefined || v === '') continue;
      const cur = (a as unknown as Record<string, unknown>)[col];
      if (cur === null || cur === '') {
        set[col] = [cur, v];
        if (col === 'website' && !a.domain && webDomain(String(v))) set.domain = [a.domain, webDomain(String(v))];
      } else if (col === 'source' || col === 'campaign') {
        // where the account first came from stays; this batch is recorded in import_rows
      } else if (col === 'website' ? webDomain(String(cur)) !== webDomain(String(v)) : !same(cur, v)) conflict(col, cur, v);
    }
    if (a.owner_id === null) {
      const owner = this.repId(l.owner);
      if (owner !== null) set.owner_id = [null, owner];
    }
    if (!l.name) this.mergeExtra(a.extra, l.extra, set, (k, x, y) => conflict(`extra.${k}`, x, y));
    let n = kept;
    if (set.domain) this.remember('d', set.domain[1] as string);
    if (Object.keys(set).length) {
      this.st.update('accounts', accountId, { ...Object.fromEntries(Object.entries(set).map(([k, [, v]]) => [k, v])), updated_at: this.now });
      changes.account = set;
      n++;
    }
    const added: string[] = [];
    for (const t of new Set([...this.tags, ...l.tags])) {
      if (this.st.hasTag.get({ account_id: accountId, tag: t })) continue;
      this.st.insertTag.run({ account_id: accountId, tag: t });
      added.push(t);
    }
    if (added.length) {
      changes.tags = added;
      n++;
    }
    if (l.companyPoints.length) {
      const existing = this.st.companyPointKeys.all<{ kind: string; match_key: string | null }>({ id: accountId });
      n += this.addPoints(accountId, null, l.companyPoints, existing);
    }
    return n;
  }

  /** Keeps a name as an alias of an account (contactId null) or a person; returns 1 when added. */
  private alias(accountId: number, contactId: number | null, name: string, key: string): number {
    if (!key) return 0;
    this.st.insertAlias.run({ account_id: accountId, contact_id: contactId, name, name_key: key, batch_id: this.batchId, created_at: this.now });
    this.aliases = true;
    if (accountId > this.createdAfter) this.aliasesOnCreated = true;
    this.remember(contactId === null ? 'a' : 'c', key);
    return 1;
  }

  private touch(accountId: number): void {
    if (accountId <= this.createdAfter) this.dirty.add(accountId);
  }

  /** Indexes every account this import created, a range of ids at a time (three reads per range). */
  private indexCreated(): void {
    type C = { account_id: number; name: string; title: string | null; department: string | null; notes: string | null };
    type P = { account_id: number; value: string; raw: string | null };
    let after = this.createdAfter;
    for (;;) {
      const accounts = this.st.accountsForIndexAfter.all<Account>({ after, limit: INDEX_CHUNK });
      if (!accounts.length) return;
      const lo = accounts[0]!.id;
      const hi = accounts[accounts.length - 1]!.id;
      const contacts = this.st.contactsForIndexIn.all<C>({ lo, hi });
      const points = this.st.pointsForIndexIn.all<P>({ lo, hi });
      const names = new Map<number, string[]>();
      if (this.aliasesOnCreated)
        for (const x of this.st.aliasesForIndexIn.all<{ account_id: number; name: string }>({ lo, hi })) names.set(x.account_id, [...(names.get(x.account_id) ?? []), x.name]);
      // both lists are ordered by account: walk them alongside the accounts
      let ci = 0;
      let pi = 0;
      for (const a of accounts) {
        const cs: C[] = [];
        const ps: P[] = [];
        while (ci < contacts.length && contacts[ci]!.account_id < a.id) ci++;
        while (ci < contacts.length && contacts[ci]!.account_id === a.id) cs.push(contacts[ci++]!);
        while (pi < points.length && points[pi]!.account_id < a.id) pi++;
        while (pi < points.length && points[pi]!.account_id === a.id) ps.push(points[pi++]!);
        this.st.setSearch(a.id, searchBody(accountsRepo.accountSearchParts(a, cs, ps, names.get(a.id))), true);
      }
      after = hi;
    }
  }

  private reindex(id: number): void {
    const a = this.st.account.get<repo.MergedAccount>({ id });
    if (!a) return;
    const contacts = this.st.contactsForIndex.all<{ name: string; title: string | null; department: string | null; notes: string | null }>({ id });
    const points = this.st.pointsForIndex.all<{ value: string; raw: string | null }>({ id });
    const names = this.aliases ? this.st.aliasesForIndex.all<{ name: string }>({ id }).map((x) => x.name) : [];
    this.st.setSearch(id, searchBody(accountsRepo.accountSearchParts(a, contacts, points, names)));
  }

  order(o: OrderRow): void {
    this.sum.rows++;
    if (o.reject) {
      this.reject(o.file, o.line, o.reject, o.raw);
      return;
    }
    this.flag(o);
    let accountId: number | undefined;
    let why = '';
    if (o.accountId !== null) {
      if (this.st.accountIdExists.get({ id: o.accountId })) accountId = o.accountId;
      else why = `no account with id ${o.accountId}`;
    } else {
      const sets: number[][] = [];
      if (o.emailKey) sets.push(this.st.accountsByPoint.all<{ account_id: number }>({ key: o.emailKey, k1: 'email', k2: 'email', k3: 'email' }).map((r) => r.account_id));
      if (o.phoneKey) sets.push(this.st.accountsByPoint.all<{ account_id: number }>({ key: o.phoneKey, k1: 'phone', k2: 'mobile', k3: 'fax' }).map((r) => r.account_id));
      if (o.customer) {
        const ids = new Set<number>();
        for (const r of this.st.accountsByNameKey.all<{ id: number }>({ key: companyKey(o.customer) })) ids.add(r.id);
        for (const r of this.st.accountsByNameKey.all<{ id: number }>({ key: personKey(o.customer) })) ids.add(r.id);
        if (!ids.size) for (const r of this.st.accountsByContactName.all<{ account_id: number }>({ key: personKey(o.customer) })) ids.add(r.account_id);
        sets.push([...ids]);
      }
      // the first identifier that names exactly one account decides
      const decisive = sets.find((s) => s.length === 1);
      if (decisive) accountId = decisive[0];
      else if (sets.some((s) => s.length > 1)) why = `customer matches several accounts (${[...new Set(sets.flat())].join(', ')}); use an account id column`;
      else why = `no account matches ${[o.customer && `"${o.customer}"`, o.emailKey, o.phoneKey].filter(Boolean).join(' / ')}`;
    }
    if (accountId === undefined) {
      this.reject(o.file, o.line, why, o.raw);
      return;
    }
    const dup = this.st.orderExists.get({ account: accountId, on: o.date, amount: o.amount, reference: o.reference, product: o.product });
    let action: 'created' | 'unchanged' = 'unchanged';
    let orderId: number | null = null;
    if (!dup) {
      orderId = this.st.insertOrder.run({
        account_id: accountId,
        ordered_on: o.date,
        amount: o.amount,
        profit: o.profit,
        product: o.product,
        quantity: o.quantity,
        currency: o.currency ?? this.opts.currency ?? null,
        reference: o.reference,
        batch_id: this.batchId,
        source_file: o.file,
        source_line: o.line,
        created_at: this.now,
      } as repo.OrderRowRow);
      action = 'created';
      this.sum.created++;
    } else this.sum.unchanged++;
    this.st.insertRow.run({
      batch_id: this.batchId,
      file: o.file,
      line: o.line,
      action,
      account_id: accountId,
      contact_id: null,
      order_id: orderId,
      changes: null,
      conflicts: null,
      reason: o.flags.length ? o.flags.join('; ') : null,
    });
  }

  /** Indexes the accounts the import created, and re-indexes those it changed. */
  finish(): void {
    this.indexCreated();
    for (const id of this.dirty) this.reindex(id);
  }
}

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
  return inTransaction(ctx, async (t) => {
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
    const created = db.selectFrom('accounts').select('id').where('batch_id', '=', batchId);
    const handMade = await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', 'in', created)
      .where((eb) => eb.or([eb('batch_id', 'is', null), eb('batch_id', '!=', batchId)]))
      .executeTakeFirst();
    let activity = 0;
    // anything recorded by hand on those accounts would go with them (foreign keys cascade)
    for (const table of ['interactions', 'deals', 'promises', 'complaints', 'surveys'] as const) {
      const r = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', 'in', created)
        .executeTakeFirst();
      activity += Number(r?.n ?? 0);
    }
    const orders = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', 'in', created)
      .where((eb) => eb.or([eb('batch_id', 'is', null), eb('batch_id', '!=', batchId)]))
      .executeTakeFirst();
    activity += Number(orders?.n ?? 0);
    if (Number(handMade?.n ?? 0) + activity > 0)
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
          const cur = (await db.selectFrom('contacts').selectAll().where('id', '=', r.contact_id).executeTakeFirst()) as Record<string, unknown> | undefined;
          if (cur && cur.batch_id !== batchId) {
            const patch: Record<string, unknown> = {};
            for (const [col, [prev, next]] of Object.entries(ch.contact)) {
              if (same(cur[col], next) || (col === 'extra' && cur[col] === next)) patch[col] = prev;
              else keptEdits++;
            }
            if (Object.keys(patch).length) await db.updateTable('contacts').set(patch).where('id', '=', r.contact_id).execute();
          }
        }
        if (r.account_id !== null && (ch.account || ch.tags)) {
          const cur = (await db.selectFrom('accounts').selectAll().where('id', '=', r.account_id).executeTakeFirst()) as Record<string, unknown> | undefined;
          if (cur && cur.batch_id !== batchId) {
            const patch: Record<string, unknown> = {};
            for (const [col, [prev, next]] of Object.entries(ch.account ?? {})) {
              if (cur[col] === next || same(cur[col], next)) patch[col] = prev;
              else keptEdits++;
            }
            if (Object.keys(patch).length) await db.updateTable('accounts').set(patch).where('id', '=', r.account_id).execute();
            if (ch.tags?.length) await accountsRepo.removeTags(db, r.account_id, ch.tags);
          }
        }
        reverted++;
      }
    }
    const orderAccounts = await db.selectFrom('orders').select('account_id').distinct().where('batch_id', '=', batchId).execute();
    const pointAccounts = await db.selectFrom('contact_points').select('account_id').distinct().where('batch_id', '=', batchId).execute();
    const del = await repo.deleteBatchRecords(db, ctx.engine.search, batchId);
    const survivors = [...touched, ...pointAccounts.map((r) => r.account_id)];
    const alive = survivors.length ? (await accountsRepo.getAccounts(db, [...new Set(survivors)])).map((a) => a.id) : [];
    await accountsRepo.reindexAccounts(db, ctx.engine.search, alive);
    if (orderAccounts.length) await repo.refreshLastOrder(db, batchId);
    await repo.finishBatch(db, batchId, { status: 'undone', undone_at: ctx.clock.now() });
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
}

export { CrmError };
