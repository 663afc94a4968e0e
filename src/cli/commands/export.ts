import { Argument, Command, Option } from 'commander';
import { once } from 'node:events';
import { UsageError } from '../../domain/errors.js';
import { INTERACTION_KINDS } from '../../domain/vocab.js';
import type { ByteSink } from '../../io/out-file.js';
import { EXPORT_KINDS, exportAccounts, exportContacts, exportInteractions, exportOrders, type ExportFilter, type ExportKind } from '../../services/export.js';
import { accountFilter, accountFilterOptions, daysArg, dateArg, examples, idArg, type AccountFilterFlags } from '../options.js';
import { resolveFilter } from '../../services/places.js';
import { accountArg } from '../resolve.js';
import { escapeJsonUnsafe, sanitizeRaw } from '../render.js';
import { globals, withSession, type Session } from '../runtime.js';

const EXPORT_FORMATS = ['csv', 'json', 'vcard'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const BY_EXTENSION: Record<string, ExportFormat> = { csv: 'csv', json: 'json', vcf: 'vcard', vcard: 'vcard' };

/** Exports default to CSV and accept vcard; the global --format check is bypassed for them. */
function exportFormat(cmd: Command, kind: ExportKind, out: string | undefined): ExportFormat {
  const g = globals(cmd);
  let f: string;
  if (g.json) f = 'json';
  else if (g.format !== undefined) f = g.format.toLowerCase();
  else f = BY_EXTENSION[out?.split('.').pop()?.toLowerCase() ?? ''] ?? 'csv';
  if (f === 'vcf') f = 'vcard';
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be csv, json or vcard for exports (got "${g.format}")`);
  if (f === 'vcard' && kind !== 'contacts') throw new UsageError('--format vcard exports contacts only', 'crm export contacts --format vcard');
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  root.setOptionValue('format', undefined);
  root.setOptionValue('json', undefined);
  return f as ExportFormat;
}

interface Flags extends AccountFilterFlags {
  out?: string;
  dir?: string;
  excel?: boolean;
  encoding: string;
  account?: string;
  batch?: number;
  from?: string;
  to?: string;
  kind?: string;
  holiday?: string;
  within?: number;
  allAccounts?: boolean;
}

/** The mail-merge list of contacts due a holiday greeting (built by the due list's greetings service). */
const GREETING_COLUMNS = ['salutation', 'name', 'title', 'company', 'email', 'phone', 'address', 'postcode', 'city', 'country', 'holidayLabel', 'date'] as const;

export function register(program: Command): void {
  accountFilterOptions(program.command('export'), { industryAndTier: true })
    .description('data out: accounts, contacts, interactions or orders as CSV (safe to open in Excel), JSON or vCard')
    .addArgument(new Argument('<what>', 'what to export').choices(EXPORT_KINDS))
    .option('--out <file>', 'write to this file (owner-only, put in place only once complete); .csv/.json/.vcf choose the format')
    .option('--dir <folder>', 'contacts as vCards, one .vcf file per contact named by its UID (a vdir for khard, vdirsyncer)')
    .option('--excel', 'CSV for Excel: starts with a UTF-8 byte-order mark so Chinese text shows right')
    .option('--encoding <enc>', 'character encoding, e.g. gbk for Chinese Excel (default utf-8)', 'utf-8')
    .option('--account <account>', 'only this account')
    .option('--batch <id>', 'contacts: only those created by this import batch', idArg)
    .option('--from <date>', 'interactions and orders: from this date', dateArg)
    .option('--to <date>', 'interactions and orders: up to this date', dateArg)
    .addOption(new Option('--kind <kind>', 'interactions: only this kind').choices(INTERACTION_KINDS))
    .option('--holiday <name>', 'greetings: the next occurrence of this holiday (spring-festival, mid-autumn, national-day, mothers-day...)')
    .option('--within <days>', 'greetings: holidays within N days', daysArg)
    .option('--all-accounts', 'greetings: every active account, not only customers')
    .addHelpText(
      'before',
      examples([
        'crm export accounts --region 广东 --out guangdong.csv --excel',
        'crm export contacts --campaign "Canton Fair 2026 spring" --encoding gbk --out fair.csv',
        'crm export contacts --format vcard --out contacts.vcf',
        'crm export contacts --format vcard --dir ~/.contacts/crm   # one file per contact',
        'crm export orders --from 2026-01-01 --format json',
        'crm export interactions --kind visit --from 2026-10-01 --to 2026-10-31',
        'crm export greetings --holiday mid-autumn --excel --out mooncakes.csv   # mail merge',
      ]) + '\n',
    )
    .addHelpText(
      'after',
      `
CSV cells that start with = + - @, a tab or a carriage return get a leading apostrophe so a
spreadsheet shows them as text instead of running them; numeric fields stay numbers.`,
    )
    .action(async (what: ExportKind, o: Flags, cmd: Command) => {
      if (o.dir && o.out) throw new UsageError('give --out (one file) or --dir (a file per contact), not both');
      const format = exportFormat(cmd, what, o.dir ? `${o.dir}.vcf` : o.out);
      if (o.dir && format !== 'vcard') throw new UsageError('--dir writes vCards: crm export contacts --format vcard --dir FOLDER');
      const { encodingExists, streamEncoder } = await import('../../io/csv-export.js');
      if (!(await encodingExists(o.encoding))) throw new UsageError(`unknown --encoding "${o.encoding}"`, 'use utf-8, gbk, gb18030, big5...');
      await withSession(cmd, async (s) => {
        const filter: ExportFilter = { ...(await resolveFilter(s, accountFilter(o))), batchId: o.batch, from: o.from, to: o.to, kind: o.kind };
        if (o.account) filter.accountId = await accountArg(s, o.account);
        if (o.dir) {
          const c = await exportContacts(s, filter);
          const { writeVcardDir } = await import('../../io/vcard-export.js');
          const n = await writeVcardDir(o.dir, c.people);
          return { kind: 'message', text: `exported ${n} contacts to ${o.dir} (one .vcf file each)`, json: { dir: o.dir, count: n, format } };
        }
        const utf8 = /^utf-?8$/i.test(o.encoding);
        if (o.excel && !utf8) s.warn(`--excel adds a byte-order mark to UTF-8 files only; ${o.encoding} needs none`);
        const encoder = await streamEncoder(o.encoding, !!o.excel && format === 'csv');
        // Opened first: a bad --out path fails before any work, and a failure later removes it.
        const sink = o.out ? await (await import('../../io/out-file.js')).openOutFile(o.out) : stdoutSink();
        const counter = { rows: 0 };
        // Stored text can hold escape sequences (an OSC 52 clipboard write, a screen clear): JSON
        // escapes them everywhere, losslessly; CSV and vCard have no escape for them, so a file or a
        // pipe gets the data as stored and a terminal gets it without them.
        const safe = format === 'json' ? escapeJsonUnsafe : !o.out && process.stdout.isTTY ? sanitizeRaw : (t: string) => t;
        try {
          for await (const text of exportText(s, what, format, filter, o, counter)) await sink.write(encoder.write(safe(text)));
          await sink.write(encoder.end());
          await sink.close();
        } catch (e) {
          await sink.abort();
          throw e;
        }
        const lost = encoder.lost;
        if (lost) s.warn(`${lost} character${lost === 1 ? '' : 's'} have no ${o.encoding} form and were written as ?; use --excel (UTF-8) to keep them`);
        const count = counter.rows;
        if (o.out) return { kind: 'message', text: `exported ${count} ${what} to ${o.out}`, json: { file: o.out, count, format } };
      });
    });
}

/** stdout a piece at a time: a pipe to a slow reader holds back the export instead of filling memory. */
function stdoutSink(): ByteSink {
  return {
    async write(bytes) {
      if (bytes.length > 0 && !process.stdout.write(bytes)) await once(process.stdout, 'drain');
    },
    close: async () => {},
    // what reached the reader stays there; the exit code says the export is incomplete
    abort: async () => {},
  };
}

/** The export as text, in pieces: a page at a time for orders and interactions, else all at once. */
async function* exportText(s: Session, what: ExportKind, format: ExportFormat, filter: ExportFilter, o: Flags, counter: { rows: number }): AsyncGenerator<string> {
  if (what === 'orders' || what === 'interactions') {
    const t = what === 'orders' ? exportOrders(s, filter) : exportInteractions(s, filter, format === 'json' ? 'nested' : 'flat');
    const pages = counted(t.pages, counter);
    if (format === 'json') {
      const { jsonArrayText } = await import('../../io/json-export.js');
      yield* jsonArrayText(t.columns, pages);
    } else {
      const { csvText } = await import('../../io/csv-export.js');
      yield* csvText(t.columns, pages);
    }
    return;
  }
  const { exportCsv } = await import('../../io/csv-export.js');
  if (what === 'greetings') {
    const { greetingList } = await import('../../services/greetings.js');
    const g = await greetingList(s, { holiday: o.holiday, within: o.within, all: !!o.allAccounts });
    counter.rows = g.rows.length;
    const rows = g.rows.map((r) => Object.fromEntries(GREETING_COLUMNS.map((k) => [k, r[k]])));
    yield format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : exportCsv(GREETING_COLUMNS.map((k) => ({ header: k, key: k })), rows);
  } else if (what === 'contacts') {
    const c = await exportContacts(s, filter);
    counter.rows = c.rows.length;
    if (format === 'vcard') {
      const { vcard } = await import('../../io/vcard-export.js');
      yield c.people.map(vcard).join('');
    } else yield format === 'json' ? JSON.stringify(c.rows, null, 2) + '\n' : exportCsv(c.columns, c.rows);
  } else {
    const t = await exportAccounts(s, filter);
    counter.rows = t.rows.length;
    yield format === 'json' ? JSON.stringify(t.rows, null, 2) + '\n' : exportCsv(t.columns, t.rows);
  }
}

async function* counted<T>(pages: AsyncIterable<readonly T[]>, counter: { rows: number }): AsyncGenerator<readonly T[]> {
  for await (const page of pages) {
    counter.rows += page.length;
    yield page;
  }
}
