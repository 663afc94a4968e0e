// Reads one import file (CSV/TSV or vCard) into normalised leads or orders, in batches. The same
// generator runs in the main thread for small files and in a worker thread for big ones.
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../domain/errors.js';
import { mapHeaders, type ColumnMapping, type ImportKind } from '../domain/import-mapping.js';
import { buildLead, buildOrder, type FieldValue, type Lead, type OrderRow } from '../domain/lead.js';
import { isSkippableRow, sniffCsv, streamCsv } from './csv-reader.js';
import { binaryContent, damagedUtf8, decodeBuffer, detectEncoding, encodingLabel, type EncodingGuess } from './encoding.js';
import { vcards } from './vcard.js';

export interface ReaderOptions {
  kind: ImportKind;
  encoding?: string | undefined;
  overrides: Record<string, string>;
  country?: string | undefined;
  dateOrder?: 'dmy' | 'mdy' | undefined;
}

export interface FilePlan {
  file: string;
  /** the name recorded with every record (base name, as the user knows the file) */
  name: string;
  format: 'csv' | 'vcard';
  encoding: string;
  encodingHow: EncodingGuess['how'];
  bomLength: number;
  delimiter: string | null;
  headerLine: number | null;
  mapping: ColumnMapping[];
  size: number;
}

export type ReadItem =
  | { t: 'lead'; lead: Lead }
  | { t: 'order'; order: OrderRow }
  /** `count` blank or footer rows skipped, the first at `line` */
  | { t: 'skip'; line: number; count: number };

const SAMPLE = 256 * 1024;

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function looksLikeVCard(file: string, text: string): boolean {
  return /\.(vcf|vcard)$/i.test(file) || /^\s*BEGIN:VCARD/i.test(text.slice(0, 200));
}

/** `name`: what records and messages call the file (default: its base name). */
export async function planFile(file: string, opts: ReaderOptions, name = basename(file)): Promise<FilePlan> {
  let size: number;
  let st;
  try {
    st = await stat(file);
  } catch {
    throw new InputError(`cannot read ${file}: no such file`, {}, 'check the path');
  }
  if (st.isDirectory()) throw new InputError(`${file} is a folder, not a file`, {}, `import the files in it: crm import ${file.replace(/\/+$/, '')}/*.csv`);
  // a pipe cannot be read twice (once to sniff, once to import), a device never ends
  if (!st.isFile()) throw new InputError(`${file} is not a regular file (a pipe or a device)`, {}, `give - and send the data on standard input: crm import - < ${file}`);
  size = st.size;
  const sample = await head(file, SAMPLE);
  const complete = sample.length >= size;
  // A first line longer than the whole sample is no header: a binary file or one without line ends.
  if (!complete && !sample.includes(0x0a) && !sample.includes(0x0d))
    throw new InputError(`the first line is longer than ${SAMPLE >> 10} KB: not a lead or order list`, { file: name, line: 1 });
  const guess = detectEncoding(sample, complete, opts.encoding);
  // Refuse what is not a text file, with the line where it shows, instead of importing garbage.
  if (!guess.encoding.startsWith('utf16')) {
    const bin = binaryContent(sample);
    if (bin)
      throw new InputError(
        bin.nul ? 'contains NUL bytes: not a text file (a spreadsheet or archive renamed .csv?)' : 'contains control bytes: not a text file',
        { file: name, line: bin.line },
        'save it as CSV (UTF-8) from the spreadsheet, or give --encoding utf-16le for UTF-16 files without BOM',
      );
    if (guess.how === 'detected') {
      const bad = damagedUtf8(sample, complete);
      if (bad)
        throw new InputError('is not valid UTF-8 (a damaged or cut file?)', { file: name, line: bad.line }, 'if it is in another encoding, give --encoding (gbk, windows-1252...)');
    }
  }
  let text = decodeBuffer(sample, guess);
  // cut at the last line end so the sample never ends mid-record
  if (!complete) {
    const cut = text.lastIndexOf('\n');
    if (cut > 0) text = text.slice(0, cut + 1);
  }
  const base: Omit<FilePlan, 'format' | 'delimiter' | 'headerLine' | 'mapping'> = {
    file,
    name,
    encoding: guess.encoding,
    encodingHow: guess.how,
    bomLength: guess.bomLength,
    size,
  };
  if (looksLikeVCard(file, text)) return { ...base, format: 'vcard', delimiter: null, headerLine: null, mapping: [] };
  if (!text.trim()) throw new InputError('the file is empty', { file: name });
  const layout = sniffCsv(text, opts.kind, opts.overrides, name);
  return {
    ...base,
    format: 'csv',
    delimiter: layout.delimiter,
    headerLine: layout.headerLine,
    mapping: mapHeaders(opts.kind, layout.headers, opts.overrides),
  };
}

export function describeEncoding(p: FilePlan): string {
  return `${encodingLabel(p.encoding)}${p.encodingHow === 'bom' ? ' with BOM' : p.encodingHow === 'given' ? ' (given)' : ''}`;
}

function rowValues(mapping: readonly ColumnMapping[], cells: readonly string[]): FieldValue[] {
  const out: FieldValue[] = [];
  for (const m of mapping) {
    if (m.by === 'ignored') continue;
    const v = cells[m.index];
    if (v === undefined || v === '') continue;
    out.push({ field: m.field, header: m.header || `column ${m.index + 1}`, value: v, label: m.labelIndex !== undefined ? cells[m.labelIndex] || undefined : undefined });
  }
  for (let i = mapping.length; i < cells.length; i++) if (cells[i]) out.push({ field: undefined, header: `column ${i + 1}`, value: cells[i]! });
  return out;
}

/** Reads the file as planned, yielding batches of items. */
export async function* readPlanned(plan: FilePlan, opts: ReaderOptions, onBytes?: (n: number) => void): AsyncGenerator<ReadItem[]> {
  const norm = { country: opts.country, dateOrder: opts.dateOrder };
  // raw: the row's text for the rejects file; a function when it costs something to make
  const build = (line: number, values: FieldValue[], raw: string | (() => string)): ReadItem => {
    const text = () => (typeof raw === 'string' ? raw : raw());
    if (opts.kind === 'orders') {
      const order = buildOrder(plan.name, line, values, norm);
      // the writer may still reject it (no matching account), so orders keep their text
      order.raw = text();
      return { t: 'order', order };
    }
    const lead = buildLead(plan.name, line, values, norm);
    if (lead.reject) lead.raw = text();
    return { t: 'lead', lead };
  };
  const rejected = (line: number, reason: string, raw: string): ReadItem => {
    if (opts.kind === 'orders') return { t: 'order', order: { ...buildOrder(plan.name, line, [], norm), reject: reason, raw } };
    return { t: 'lead', lead: { ...buildLead(plan.name, line, [], norm), reject: reason, raw } };
  };
  if (plan.format === 'vcard') {
    const buf = await readFile(plan.file);
    const guess = detectEncoding(buf, true, opts.encoding);
    const utf16 = guess.encoding.startsWith('utf16');
    const text = utf16 ? decodeBuffer(buf, guess) : buf.subarray(guess.bomLength).toString('latin1');
    let items: ReadItem[] = [];
    for (const c of vcards(text, !utf16, guess.encoding, plan.name)) {
      if (c.reject) items.push(rejected(c.line, c.reject, c.raw ?? ''));
      else items.push(build(c.line, c.values, () => c.values.map((v) => `${v.header}:${v.value}`).join('; ')));
      if (items.length === 1000) {
        yield items;
        items = [];
      }
    }
    onBytes?.(plan.size);
    if (items.length) yield items;
    return;
  }
  const bom = plan.bomLength;
  const headerCount = plan.mapping.length;
  for await (const recs of streamCsv(plan.file, { delimiter: plan.delimiter!, headerLine: plan.headerLine!, headers: [], sepLine: false }, plan.encoding, bom, onBytes)) {
    const items: ReadItem[] = [];
    // skipped rows are counted, not listed: a million blank rows must not become a million items
    let skip: { t: 'skip'; line: number; count: number } | undefined;
    for (const r of recs) {
      if (isSkippableRow(r.cells, headerCount)) {
        if (skip) skip.count++;
        else items.push((skip = { t: 'skip', line: r.line, count: 1 }));
      } else items.push(build(r.line, rowValues(plan.mapping, r.cells), r.raw));
    }
    yield items;
  }
}
