// The shapes an import takes and returns: options, the summary and its items.
import type { ImportKind } from '../../domain/import-mapping.js';

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
  /**
   * Called as soon as the batch has committed, with what it kept ("imported 3 leads (batch 1)"):
   * from then on an interruption must not say that nothing was imported.
   */
  onCommitted?: (committed: string) => void;
  /** write every rejected row (file, line, reason, data) to this CSV */
  rejectsFile?: string | undefined;
  /** orders: the currency of amounts whose row names none (default: the base, when the config names one) */
  currency?: string | null | undefined;
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
