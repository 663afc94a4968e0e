// The one renderer: every command returns an Output (data), and this file turns it into a table,
// JSON, CSV, TSV, Markdown or bare ids. Only here (and in prompts/progress) does text meet the terminal.
// Numbers stay numbers until here: a column or field says what kind they are, tables and Markdown
// format them for reading, CSV, TSV and JSON write them as they are.
import { UsageError } from '../domain/errors.js';
import { formatValue } from '../domain/reports/format.js';
import type { ValueKind } from '../domain/reports/model.js';
import type { CsvValue } from '../io/csv-writer.js';
import { layoutTable, wrap } from './table.js';

/** 'ids' is --ids: one id a line. */
export type Format = 'table' | 'json' | 'csv' | 'tsv' | 'markdown' | 'ids';
export const FORMATS: readonly Format[] = ['table', 'json', 'csv', 'tsv', 'markdown'];

export interface Column<R = any> {
  header: string;
  /** property of the row to show, unless get is given */
  key?: string;
  get?: (row: R) => unknown;
  align?: 'left' | 'right';
  /** longest cell width in table format; longer text is cut with … */
  max?: number;
  /** what the column's numbers are: formats them in table and Markdown (CSV keeps the number) */
  kind?: ValueKind;
  /** how a value reads in table and Markdown, when no kind says it (CSV keeps the value) */
  show?: (v: any) => string;
  /** in a narrow terminal, columns with the lowest priority are left out first (default: leftmost highest) */
  priority?: number;
}

export interface ListOutput<R = any> {
  kind: 'list';
  columns: Column<R>[];
  rows: R[];
  /** what JSON output prints; defaults to the rows */
  json?: unknown;
  title?: string;
  /** printed to stderr on a table, e.g. "3 accounts" or the reason a list is empty */
  notes?: string[];
}

/** A labelled value; the kind formats a number for reading, as a column's kind does. */
export type Field = [label: string, value: unknown, kind?: ValueKind];

export interface Section {
  title?: string;
  fields?: Field[];
  table?: { columns: Column[]; rows: unknown[] };
  lines?: string[];
}

export interface DocOutput {
  kind: 'doc';
  json: unknown;
  sections: Section[];
}

export interface MessageOutput {
  kind: 'message';
  /** goes to stderr: it is a message, not data */
  text: string;
  /** data printed to stdout in json format (e.g. the id created) */
  json?: unknown;
  /** data printed to stdout in other formats, e.g. the id, so scripts can capture it */
  data?: string;
}

/** Pre-rendered text (e.g. a report in HTML), printed as is except for control characters and escape sequences (stripped, CRLF kept). */
export interface RawOutput {
  kind: 'raw';
  text: string;
  json?: unknown;
}

export type Output = ListOutput | DocOutput | MessageOutput | RawOutput;

export interface RenderOptions {
  format: Format;
  color: boolean;
  /** terminal width for tables, when known */
  width?: number;
}

// C0/C1 controls and escape sequences in stored data must never reach a terminal as commands.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same minus carriage return, for pre-rendered text whose lines may end in CRLF (vCard, CSV files).
const CONTROL_KEEP_CR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw but a terminal may act on: DEL, C1 controls, bidi overrides.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Removes escape sequences and control characters, including bidi overrides (keeps newline and tab). */
export function sanitize(s: string): string {
  return s.replace(ANSI, '').replace(CONTROL, '');
}

/** sanitize() for pre-rendered text: keeps CRLF line ends. */
export function sanitizeRaw(s: string): string {
  return s.replace(ANSI, '').replace(CONTROL_KEEP_CR, '');
}

/**
 * JSON text that is safe on a terminal and still exact: characters a terminal could act on are
 * written as \u escapes, which every JSON reader turns back into the same string.
 */
export function safeJson(v: unknown): string {
  return escapeJsonUnsafe(JSON.stringify(v, null, 2));
}

/** JSON text (as JSON.stringify writes it, C0 controls already escaped) with the rest of what a terminal could act on escaped too. */
export function escapeJsonUnsafe(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join('; ');
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function cell(c: Column, row: any): unknown {
  return c.get ? c.get(row) : c.key ? row[c.key] : undefined;
}

/** A value as people read it: numbers formatted by their kind. */
function readable(v: unknown, kind?: ValueKind, show?: (v: any) => string): string {
  if (show) return show(v);
  return kind && typeof v === 'number' ? formatValue(v, kind) : cellText(v);
}

const shown = (c: Column, row: unknown) => readable(cell(c, row), c.kind, c.show);

/** A cell for the CSV writer: numbers stay numbers, unformatted (never formula-guarded); the rest is terminal-safe text. */
function csvCell(v: unknown): CsvValue {
  return typeof v === 'number' ? v : sanitize(cellText(v));
}

// Loaded only for CSV output: start-up time matters (crm due from cron), and most runs print tables.
const csvLines = async (rows: CsvValue[][]) => (await import('../io/csv-writer.js')).csvLines(rows);

export async function toCsv(columns: readonly Column[], rows: readonly unknown[]): Promise<string> {
  return csvLines([columns.map((c) => sanitize(c.header)), ...rows.map((r) => columns.map((c) => csvCell(cell(c, r))))]);
}

function alignOf(c: Column): 'left' | 'right' {
  return c.align ?? (c.kind && c.kind !== 'text' && c.kind !== 'date' ? 'right' : 'left');
}

function mdEscape(s: string): string {
  return sanitize(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function toMarkdownTable(columns: readonly Column[], rows: readonly unknown[]): string {
  const head = `| ${columns.map((c) => mdEscape(c.header)).join(' | ')} |`;
  const sep = `|${columns.map((c) => (alignOf(c) === 'right' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((r) => `| ${columns.map((c) => mdEscape(shown(c, r))).join(' | ')} |`);
  return [head, sep, ...body].join('\n') + '\n';
}

const fit = (line: string, width: number | undefined, indent: number): string[] => (width ? line.split('\n').flatMap((l) => wrap(l, width, indent)) : [line]);

/** A cell on one line: a table row is one line, whatever the data holds. */
const oneLine = (s: string) => sanitize(s).replace(/[\t\r\n]+/g, ' ');

async function toTable(columns: readonly Column[], rows: readonly unknown[], opts: RenderOptions, hidden: string[] = []): Promise<string> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const cells = rows.map((r) => columns.map((c) => oneLine(shown(c, r))));
  const t = layoutTable(
    columns.map((c) => ({ header: oneLine(c.header), align: alignOf(c), max: c.max, priority: c.priority })),
    cells,
    { width: opts.width, bold: opts.color ? (x) => chalk.bold(x) : undefined },
  );
  hidden.push(...t.hidden);
  return t.text;
}

const hiddenNote = (hidden: string[], width: number | undefined) =>
  hidden.length ? `(${hidden.join(', ')} left out to fit ${width} columns; a wider terminal, --format tsv or --json shows them)\n` : '';

// TSV: one record a line, fields split by tabs; a tab, newline or backslash inside a field is
// written \t, \n, \\ (the "linear TSV" convention), so every line is one record for cut/awk/xargs.
const tsvField = (s: string) => sanitize(s).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

export function toTsv(columns: readonly Column[], rows: readonly unknown[]): string {
  const lines = [columns.map((c) => tsvField(c.header)).join('\t')];
  for (const r of rows) lines.push(columns.map((c) => tsvField(cellText(cell(c, r)))).join('\t'));
  return lines.join('\n') + '\n';
}

/** --ids: the id of every row, one a line; a listing without ids is a usage error. */
function toIds(columns: readonly Column[], rows: readonly unknown[]): string {
  const idCol = columns.find((c) => c.key === 'id' || c.header === 'id');
  const get = (r: any): unknown => (idCol ? cell(idCol, r) : r?.id);
  if (rows.length && (get(rows[0]) === undefined || get(rows[0]) === null)) throw new UsageError('this listing has no ids', 'use --format tsv and cut the column you need');
  return rows.map((r) => sanitize(cellText(get(r))) + '\n').join('');
}

export async function render(out: Output, opts: RenderOptions): Promise<{ stdout: string; stderr: string }> {
  const json = (v: unknown) => safeJson(v) + '\n';
  switch (out.kind) {
    case 'message':
      if (opts.format === 'json') return { stdout: json(out.json ?? { message: out.text }), stderr: '' };
      if (opts.format === 'ids') return { stdout: out.data !== undefined ? sanitize(out.data) + '\n' : '', stderr: '' };
      return { stdout: out.data !== undefined ? sanitize(out.data) + '\n' : '', stderr: out.text ? sanitize(out.text) + '\n' : '' };
    case 'raw':
      if (opts.format === 'json' && out.json !== undefined) return { stdout: json(out.json), stderr: '' };
      if (opts.format === 'ids') throw new UsageError('this command prints no listing to take ids from');
      return { stdout: sanitizeRaw(out.text), stderr: '' };
    case 'list': {
      const notes = (out.notes ?? []).map((n) => sanitize(n) + '\n').join('');
      if (opts.format === 'json') return { stdout: json(out.json ?? out.rows), stderr: '' };
      if (opts.format === 'csv') return { stdout: await toCsv(out.columns, out.rows), stderr: '' };
      if (opts.format === 'tsv') return { stdout: toTsv(out.columns, out.rows), stderr: '' };
      if (opts.format === 'ids') return { stdout: toIds(out.columns, out.rows), stderr: '' };
      if (opts.format === 'markdown') {
        const title = out.title ? `## ${mdEscape(out.title)}\n\n` : '';
        return { stdout: title + toMarkdownTable(out.columns, out.rows), stderr: notes };
      }
      const title = out.title ? sanitize(out.title) + '\n' : '';
      const hidden: string[] = [];
      const table = out.rows.length ? await toTable(out.columns, out.rows, opts, hidden) : '';
      return { stdout: title + table, stderr: notes + hiddenNote(hidden, opts.width) };
    }
    case 'doc': {
      if (opts.format === 'json') return { stdout: json(out.json), stderr: '' };
      if (opts.format === 'ids') throw new UsageError('this command prints no listing to take ids from');
      if (opts.format === 'tsv') return { stdout: docTsv(out), stderr: '' };
      const hidden: string[] = [];
      const text = await renderDoc(out, opts, hidden);
      return { stdout: text, stderr: hiddenNote(hidden, opts.width) };
    }
  }
}

/** A document as TSV: section, field, value lines; each table follows after a blank line with its own header. */
function docTsv(out: DocOutput): string {
  const parts = [['section', 'field', 'value'].join('\t') + '\n'];
  for (const s of out.sections) for (const [k, v] of s.fields ?? []) parts.push([s.title ?? '', k, cellText(v)].map(tsvField).join('\t') + '\n');
  for (const s of out.sections) if (s.table && s.table.rows.length) parts.push('\n' + toTsv(s.table.columns, s.table.rows));
  return parts.join('');
}

async function renderDoc(out: DocOutput, opts: RenderOptions, hidden: string[]): Promise<string> {
  const parts: string[] = [];
  if (opts.format === 'csv') {
    // A document as CSV: one section,field,value row per field; tables follow with their own header.
    const rows: CsvValue[][] = [['section', 'field', 'value']];
    for (const s of out.sections) for (const [k, v] of s.fields ?? []) rows.push([sanitize(s.title ?? ''), sanitize(k), csvCell(v)]);
    parts.push(await csvLines(rows));
    for (const s of out.sections) if (s.table && s.table.rows.length) parts.push('\r\n' + (await toCsv(s.table.columns, s.table.rows)));
    return parts.join('');
  }
  const md = opts.format === 'markdown';
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: opts.color && !md ? 1 : 0 });
  for (const s of out.sections) {
    const lines: string[] = [];
    if (s.title) lines.push(md ? `## ${mdEscape(s.title)}\n` : chalk.bold.underline(sanitize(s.title)));
    const fields = (s.fields ?? []).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
    if (fields.length) {
      const w = Math.max(...fields.map(([k]) => k.length));
      for (const [k, v, kind] of fields) {
        if (md) lines.push(`- **${mdEscape(k)}**: ${mdEscape(readable(v, kind))}`);
        else {
          // a long value wraps under itself instead of running past the terminal's edge
          const [first, ...rest] = fit(`${' '.repeat(w)}  ${oneLine(readable(v, kind))}`, opts.width, w + 2);
          lines.push([`${chalk.dim(sanitize(k).padEnd(w))}${first!.slice(w)}`, ...rest].join('\n'));
        }
      }
    }
    for (const l of s.lines ?? []) lines.push(md ? mdEscape(l) : fit(sanitize(l), opts.width, 2).join('\n'));
    if (s.table && s.table.rows.length)
      lines.push((md ? toMarkdownTable(s.table.columns, s.table.rows) : await toTable(s.table.columns, s.table.rows, opts, hidden)).trimEnd());
    if (lines.length > (s.title ? 1 : 0)) parts.push(lines.join('\n'));
  }
  return parts.join('\n\n') + '\n';
}
