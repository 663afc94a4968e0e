import { Command, Option } from 'commander';
import type { ImportKind } from '../../domain/import-mapping.js';
import { UsageError } from '../../domain/errors.js';
import { knownSource, sourceOfFlag, unknownSourceMessage } from '../../domain/vocab.js';
import { collect, examples, idArg } from '../options.js';
import type { Column, Output, Section } from '../render.js';
import { withSession, type Session } from '../runtime.js';
import type { BatchView, ConflictItem, ImportSummary, RejectItem } from '../../services/import.js';

const batchColumns: Column<BatchView>[] = [
  { header: 'batch', key: 'id', align: 'right' },
  { header: 'kind', key: 'kind' },
  { header: 'status', key: 'status' },
  { header: 'files', get: (b) => b.files.join(', '), max: 40 },
  { header: 'campaign', key: 'campaign', max: 24 },
  { header: 'created', key: 'created', align: 'right' },
  { header: 'merged', key: 'merged', align: 'right' },
  { header: 'conflicts', key: 'conflicts', align: 'right' },
  { header: 'rejected', key: 'rejected', align: 'right' },
  { header: 'started', get: (b) => b.startedAt.slice(0, 16).replace('T', ' ') },
];

const conflictColumns: Column<ConflictItem>[] = [
  { header: 'file', key: 'file', max: 24 },
  { header: 'line', key: 'line', align: 'right' },
  { header: 'account', key: 'accountId', align: 'right' },
  { header: 'field', key: 'field' },
  { header: 'kept', key: 'existing', max: 30 },
  { header: 'in file', key: 'incoming', max: 30 },
];
const rejectColumns: Column<RejectItem>[] = [
  { header: 'file', key: 'file', max: 24 },
  { header: 'line', key: 'line', align: 'right' },
  { header: 'reason', key: 'reason', max: 70 },
];

const SHOWN = 20;

function delimiterName(d: string | null): string | null {
  if (d === null) return null;
  return { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[d] ?? JSON.stringify(d);
}

function summaryOutput(s: ImportSummary, showMapping: boolean): Output {
  const sections: Section[] = [];
  const head: [string, unknown][] = [
    ['batch', s.batchId ?? (s.dryRun ? 'dry run: nothing written' : null)],
    ['rows', s.rows],
    ['created', s.created],
    ['merged', s.merged],
    ['unchanged', s.unchanged],
    ['conflicts', s.conflictCount],
    ['rejected', s.rejectedCount],
    ['skipped', s.skipped || null],
    ['flagged', s.flaggedCount || null],
    ['scores', s.valuesNote ? `not refreshed: ${s.valuesNote}` : s.valuesRefreshed === false ? 'refresh on the next crm score / tiers / risk (large database)' : null],
  ];
  sections.push({ title: s.dryRun ? 'Import (dry run: what would happen)' : 'Import', fields: head });
  for (const f of s.files) {
    const sec: Section = {
      title: `${f.file}`,
      fields: [
        ['format', f.format === 'vcard' ? 'vCard' : 'CSV'],
        ['encoding', f.encoding],
        ['delimiter', delimiterName(f.delimiter)],
        ['header line', f.headerLine],
      ],
    };
    if (showMapping && f.mapping.length)
      sec.table = {
        columns: [
          { header: 'column', key: 'column', max: 32 },
          { header: 'field', get: (m: { field: string | null }) => m.field ?? '(kept in extra)' },
        ],
        rows: f.mapping,
      };
    sections.push(sec);
  }
  if (s.conflicts.length)
    sections.push({
      title: `Conflicts (kept the stored value; ${s.conflictCount} rows${s.conflicts.length > SHOWN ? `, first ${SHOWN} shown` : ''})`,
      table: { columns: conflictColumns, rows: s.conflicts.slice(0, SHOWN) },
    });
  if (s.rejected.length)
    sections.push({
      title: `Rejected (${s.rejectedCount}${s.rejected.length > SHOWN ? `, first ${SHOWN} shown` : ''})`,
      table: { columns: rejectColumns, rows: s.rejected.slice(0, SHOWN) },
    });
  if (s.flagged.length)
    sections.push({
      title: `Flagged values (${s.flaggedCount} rows; the rest of each row was imported)`,
      lines: s.flagged.slice(0, SHOWN).map((f) => `${f.file}:${f.line}  ${f.problem}`),
    });
  return { kind: 'doc', json: s, sections };
}

async function progressBar(s: Session, quiet: boolean, enabled: boolean) {
  if (!enabled || quiet || !process.stderr.isTTY) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'importing [{bar}] {percentage}% | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

interface ImportFlags {
  kind: ImportKind;
  source?: string;
  campaign?: string;
  owner?: string;
  tag?: string[];
  country?: string;
  encoding?: string;
  map?: string[];
  mapName?: string;
  saveMap?: string;
  dateOrder?: 'dmy' | 'mdy';
  dryRun?: boolean;
  strict?: boolean;
  rejects?: string;
  progress?: boolean;
  currency?: string;
}

/** Files above this size get a progress bar on a terminal. */
const PROGRESS_MIN_BYTES = 2 * 1024 * 1024;

export function register(program: Command): void {
  const imp = program
    .command('import')
    .description('import leads (CSV, TSV, vCard) or orders; deduplicated, atomic, undoable')
    .argument('[files...]', 'CSV/TSV/vCard files (- reads standard input)')
    .addOption(new Option('--kind <kind>', 'what the rows are').choices(['leads', 'orders']).default('leads'))
    .option('--source <source>', 'lead source for rows without one (trade-show, referral, ...)')
    .option('--campaign <name>', 'campaign for rows without one, e.g. "Canton Fair 2026 spring" (recorded when new; its source is the default --source; costs: crm campaign)')
    .option('--currency <code>', 'orders: currency of amounts whose row names none (default: the base, config "currency")')
    .option('--owner <rep>', 'rep who owns the new accounts')
    .option('--tag <tag>', 'tag every imported account (repeatable)', collect)
    .option('--country <cc>', 'country for phone numbers written without +code, e.g. CN, DE')
    .option('--encoding <enc>', 'file encoding when detection is wrong: utf-8, gbk, gb18030, windows-1252, utf-16le')
    .option('--map <Header=field>', 'map a column to a field, or to "ignore" (repeatable)', collect)
    .option('--save-map <name>', 'remember this run\'s --map under a name')
    .option('--map-name <name>', 'use a mapping saved with --save-map')
    .addOption(new Option('--date-order <order>', 'how to read dates like 03/04/2026 (orders)').choices(['dmy', 'mdy']))
    .option('--dry-run', 'show the mapping and what would happen; write nothing')
    .option('--strict', 'any rejected row aborts the import; nothing is written')
    .option('--rejects <file>', 'write rejected rows (file, line, reason, data) to this CSV')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'before',
      examples([
        'crm import cards.csv --source trade-show --campaign "Canton Fair 2026 spring" --country CN',
        'crm import contacts.vcf google.csv --owner alice --tag fair2026',
        'crm import linkedin.csv --dry-run',
        'crm import leads.csv --map "Handy=mobile" --map "Firma=company" --save-map german',
        'crm import leads2.csv --map-name german --rejects rejects.csv',
        'crm import orders.csv --kind orders --date-order dmy',
        'gunzip -c leads.csv.gz | crm import -',
        'crm import eu-orders.csv --kind orders --currency EUR',
        'crm import list',
        'crm import undo 3',
      ]) + '\n',
    )
    .addHelpText(
      'after',
      '\nLead fields for --map: name, givenName, middleName, familyName, title, department, email, phone, mobile, fax, im,\n' +
        'birthday, personality, hobbies, buyingRole, notes, company, website, address, city, region, postcode, country,\n' +
        'industry, employees, mainBusiness, businessScope, companyPhone, companyEmail, source, campaign, owner, tags,\n' +
        'accountNotes. Order fields: accountId, customer, email, phone, date, amount, profit, product, quantity,\n' +
        'currency, reference. Unmapped columns are kept with the record (extra).\n' +
        'Order amounts may carry their currency: ¥12,000, RMB 12000, 1.234,50 €, £1,200, US$ 99.90 (a currency column\n' +
        'wins when it agrees, and a row whose currencies disagree is rejected).\n',
    )
    .action(async (files: string[], o: ImportFlags, cmd: Command) => {
      if (!files.length) throw new UsageError('give at least one file to import (or: crm import list, crm import undo BATCH)');
      await withSession(cmd, async (s) => {
        if (o.source && !knownSource(o.source)) s.warn(`--source: ${unknownSourceMessage(o.source)}`);
        const { runImport } = await import('../../services/import.js');
        const { statSync } = await import('node:fs');
        let total = 0;
        for (const f of files) {
          try {
            total += statSync(f).size;
          } catch {
            /* reported by the import */
          }
        }
        const bar = await progressBar(s, !!s.globals.quiet, o.progress !== false && total >= PROGRESS_MIN_BYTES);
        // Ctrl-C before the commit: the transaction never commits, so the database stays as it was.
        // After it, the whole batch is stored: during the score and due-list refresh only that
        // follow-up is left (as after an AfterCommitError), and once it is done, nothing. Say which
        // (before the CLI's own handler, which would only say "interrupted"), until the process ends.
        let committed: string | undefined;
        let followedUp = false;
        const onInt = () => {
          bar?.stop();
          if (committed === undefined) process.stderr.write('crm: interrupted; nothing was imported\n');
          else if (followedUp) process.stderr.write(`crm: interrupted: ${committed} and kept it\n`);
          else
            process.stderr.write(
              `crm: interrupted: ${committed} and kept it; then the score and due-list refresh was interrupted\n` +
                '  run crm doctor --fix to finish it (any other command does too; the imported rows stay)\n',
            );
          process.exit(130);
        };
        process.prependOnceListener('SIGINT', onInt);
        try {
          const summary = await runImport(s, {
            files,
            kind: o.kind,
            source: o.source,
            campaign: o.campaign,
            owner: o.owner,
            tags: o.tag,
            country: o.country,
            encoding: o.encoding,
            map: o.map,
            mapName: o.mapName,
            saveMap: o.saveMap,
            dateOrder: o.dateOrder,
            dryRun: !!o.dryRun,
            strict: !!o.strict,
            onProgress: bar ? (d, t) => bar.update(d, t) : undefined,
            rejectsFile: o.rejects,
            currency: o.currency,
            onCommitted: (c) => (committed = c),
          });
          followedUp = true;
          bar?.stop();
          const unknown = [...new Set(summary.flagged.map((f) => sourceOfFlag(f.problem)).filter((x): x is string => x !== undefined))];
          if (unknown.length) s.warn(`source column: ${unknownSourceMessage(unknown)}`);
          if (s.globals.debug) s.say(`import timings (ms): ${Object.entries(summary.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
          return summaryOutput(summary, !!o.dryRun);
        } catch (e) {
          // the error's own message says what was kept (AfterCommitError) or that nothing was
          process.removeListener('SIGINT', onInt);
          throw e;
        } finally {
          bar?.stop();
        }
      });
    });

  imp
    .command('list')
    .description('the import batches, newest first, with their ids')
    .addHelpText('before', examples(['crm import list', 'crm import list --json']) + '\n')
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const { listBatches } = await import('../../services/import.js');
        const rows = await listBatches(s);
        return { kind: 'list', columns: batchColumns, rows, notes: rows.length ? [] : ['no imports yet'] };
      });
    });

  imp
    .command('undo')
    .description('undo one import completely: remove what it created, revert what it merged')
    .argument('<batch>', 'batch id (crm import list)', idArg)
    .addHelpText('before', examples(['crm import undo 3']) + '\n')
    .action(async (batch: number, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const { undoBatch } = await import('../../services/import.js');
        const r = await undoBatch(s, batch);
        const parts = [
          `${r.deletedAccounts} accounts`,
          `${r.deletedContacts} contacts`,
          `${r.deletedPoints} phones/emails`,
          r.deletedOrders ? `${r.deletedOrders} orders` : '',
        ].filter(Boolean);
        const kept = r.keptEdits ? `; ${r.keptEdits} fields edited since were left as they are` : '';
        return { kind: 'message', text: `undid import batch ${r.batchId}: removed ${parts.join(', ')}; reverted ${r.revertedMerges} merges${kept}`, json: r, data: String(r.batchId) };
      });
    });

  imp
    .command('maps')
    .description('mappings saved with --save-map')
    .addHelpText('before', examples(['crm import maps', 'crm import maps --json']) + '\n')
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const { savedMaps } = await import('../../services/import.js');
        const rows = (await savedMaps(s)).map((m) => ({ name: m.name, mapping: m.mapping, columns: Object.entries(m.mapping).map(([h, f]) => `${h}=${f}`).join('; ') }));
        return {
          kind: 'list',
          columns: [
            { header: 'name', key: 'name' },
            { header: 'mapping', key: 'columns', max: 80 },
          ],
          rows,
          json: rows.map(({ name, mapping }) => ({ name, mapping })),
          notes: rows.length ? [] : ['no saved mappings (crm import FILE --map "Header=field" --save-map NAME)'],
        };
      });
    });
}
