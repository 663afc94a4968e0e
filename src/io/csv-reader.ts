// CSV/TSV as salespeople get them: any delimiter, Excel's "sep=" line, notes above the header
// (LinkedIn), blank rows, report footers ("Total: 1,204"), RFC 4180 quoting. csv-parse does the
// parsing; this file decides how to call it and streams the records.
import { parse as parseSync } from 'csv-parse/sync';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { InputError } from '../domain/errors.js';
import { headerScore, type ImportKind } from '../domain/import-mapping.js';
import { decoderStream } from './encoding.js';

export const MAX_RECORD_BYTES = 1 << 20;
/** More columns than any contact export has (Outlook's is about 90): beyond this it is not a list of leads. */
export const MAX_COLUMNS = 2_000;

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvLayout {
  delimiter: string;
  /** 1-based line of the header row */
  headerLine: number;
  headers: string[];
  /** the file has Excel's sep= line */
  sepLine: boolean;
}

function sampleRecords(text: string, delimiter: string, maxLines: number): { cells: string[]; line: number }[] {
  try {
    const recs = parseSync(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
      to_line: maxLines,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return recs.map((r) => ({ cells: r.record, line: r.info.lines }));
  } catch (e) {
    // A broken record (an unclosed quote) further down: sniff from the lines before it, and let
    // the full read report the error with its line.
    const at = (e as { lines?: number }).lines;
    if (typeof at === 'number' && at > 2 && at - 1 < maxLines) return sampleRecords(text, delimiter, at - 1);
    return [];
  }
}

function modeColumns(recs: { cells: string[] }[]): { cols: number; freq: number } {
  const counts = new Map<number, number>();
  for (const r of recs) {
    const n = r.cells.length;
    if (n === 1 && !r.cells[0]) continue;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best = { cols: 1, freq: 0 };
  for (const [cols, freq] of counts) if (freq > best.freq || (freq === best.freq && cols > best.cols)) best = { cols, freq };
  return best;
}

/**
 * Finds the delimiter and the header row from the first part of the (decoded) file. The sample
 * must end on a line boundary.
 */
export function sniffCsv(sample: string, kind: ImportKind, overrides: Record<string, string>, file: string): CsvLayout {
  let text = sample;
  let offsetLines = 0;
  let forced: string | undefined;
  const sep = /^"?sep=(.)"?\s*\r?\n/i.exec(text);
  if (sep) {
    forced = sep[1]!;
    text = text.slice(sep[0].length);
    offsetLines = 1;
  }
  const candidates = forced ? [forced] : [...DELIMITERS];
  let best: { delimiter: string; score: number; cols: number; freq: number; header?: { cells: string[]; line: number } } | undefined;
  for (const d of candidates) {
    const recs = sampleRecords(text, d, 200);
    if (!recs.length) continue;
    let header: { cells: string[]; line: number } | undefined;
    let score = 0;
    for (const r of recs.slice(0, 40)) {
      const s = headerScore(kind, r.cells, overrides);
      if (s > score && (s >= 2 || r.cells.length <= 2)) {
        score = s;
        header = r;
        if (s >= 3) break;
      }
    }
    const { cols, freq } = modeColumns(recs);
    const better =
      !best ||
      score > best.score ||
      (score === best.score && (cols > 1 ? freq * Math.min(cols, 4) : 0) > (best.cols > 1 ? best.freq * Math.min(best.cols, 4) : 0));
    if (better) best = { delimiter: d, score, cols, freq, header };
  }
  if (!best) throw new InputError('cannot read this file as CSV', { file });
  let header = best.header;
  if (!header) {
    // No known header names: take the first row that has the usual number of columns.
    const recs = sampleRecords(text, best.delimiter, 200);
    header = recs.find((r) => r.cells.length === best!.cols && r.cells.some((c) => c.trim())) ?? recs[0];
  }
  if (!header) throw new InputError('the file is empty', { file });
  if (header.cells.length > MAX_COLUMNS)
    throw new InputError(`${header.cells.length} columns: more than ${MAX_COLUMNS}, not a lead or order list`, { file, line: header.line + offsetLines });
  return {
    delimiter: best.delimiter,
    headerLine: header.line + offsetLines,
    headers: header.cells.map((c) => c.replace(/^\uFEFF/, '').trim()),
    sepLine: !!sep,
  };
}

const FOOTER = /^(totals?|grand totals?|subtotals?|count|record count|copyright|©|\(c\)|generated|confidential|report|filtered by|exported|合计|总计|小计|共\s*\d|导出|报表)(?![a-z])/i;

/** A report footer or a blank row: skipped, not rejected. */
export function isSkippableRow(cells: readonly string[], headerCount: number): boolean {
  let nonEmpty = 0;
  let first = '';
  for (const c of cells) {
    if (c && c.trim()) {
      nonEmpty++;
      if (!first) first = c.trim();
    }
  }
  if (nonEmpty === 0) return true;
  return nonEmpty === 1 && headerCount >= 3 && FOOTER.test(first);
}

export interface CsvRecord {
  line: number;
  cells: string[];
  raw: string;
}

function countNewlines(s: string): number {
  let n = 0;
  let i = -1;
  while ((i = s.indexOf('\n', i + 1)) !== -1) n++;
  return n;
}

/**
 * Streams the records after the header row. `onBytes` reports bytes read, for progress.
 */
export async function* streamCsv(
  file: string,
  layout: CsvLayout,
  encoding: string,
  bomLength: number,
  onBytes?: (n: number) => void,
): AsyncGenerator<CsvRecord[]> {
  // 64 KB reads: csv-parse turns a whole read into records at once, and a read of blank lines is
  // tens of thousands of records (a worker with a small heap must never hold more than a few MB)
  const input = createReadStream(file, { start: bomLength, highWaterMark: 64 * 1024 });
  if (onBytes) {
    let total = bomLength;
    input.on('data', (c) => {
      total += c.length;
      onBytes(total);
    });
  }
  const parser = parse({
    delimiter: layout.delimiter,
    from_line: layout.headerLine + 1,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
    raw: true,
    // A row is a lead or an order: a megabyte is far beyond any real one, and the cap keeps a
    // corrupt or hostile file (one 50 MB line) from filling memory and the database.
    max_record_size: MAX_RECORD_BYTES,
  });
  const text: NodeJS.ReadableStream = encoding === 'utf8' ? input.setEncoding('utf8') : input.pipe(decoderStream(encoding));
  text.on('error', (e: Error) => parser.destroy(e as Error));
  text.pipe(parser);
  let batch: CsvRecord[] = [];
  // the last line read into a complete record: a record broken by a quote starts after it
  let through = layout.headerLine;
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      through = r.info.lines;
      if (r.record.length > MAX_COLUMNS)
        throw new InputError(`${r.record.length} columns: more than ${MAX_COLUMNS}, not a lead or order list`, { file, line: r.info.lines - countNewlines(r.raw.replace(/\r?\n$/, '')) });
      const raw = r.raw.replace(/\r?\n$/, '');
      batch.push({ line: r.info.lines - countNewlines(raw), cells: r.record, raw });
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED')
      throw new InputError('a quoted field that starts on this line is never closed (an unbalanced " or a cut file)', { file, line: through + 1 });
    if (err.code === 'CSV_MAX_RECORD_SIZE')
      throw new InputError(`a row longer than ${MAX_RECORD_BYTES >> 20} MB: not a lead or order list (a binary or damaged file?)`, { file, line: err.lines });
    if (err.code?.startsWith('CSV_')) throw new InputError(err.message.replace(/^Invalid [^:]*:\s*/, ''), { file, line: err.lines });
    throw e;
  }
  if (batch.length) yield batch;
}
