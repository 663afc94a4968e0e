// `crm activity`: a week (or any period) at a glance, for the weekly report to the boss.
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { fmtNumber } from '../../domain/explain.js';
import { activityIn, type ActivityEvent, type ActivityReport } from '../../services/period-activity.js';
import { dateArg, examples, intArg } from '../options.js';
import type { Column, DocOutput, ListOutput, Section } from '../render.js';
import { withSession } from '../runtime.js';
import { sinceArg } from '../when.js';

/** Rows per section on a terminal or in Markdown; CSV and JSON carry every event. */
const SECTION_ROWS = 200;

const when = (e: ActivityEvent) => e.at.slice(0, 16).replace('T', ' ');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function totalsFields(r: ActivityReport): [string, unknown][] {
  const t = r.totals;
  return [
    ['period', `${r.from} – ${r.to}`],
    ['rep', r.owner],
    ['interactions', `${t.interactions}${t.byKind.length ? ` (${t.byKind.map((k) => `${k.kind} ${k.n}`).join(', ')})` : ''}`],
    ['time logged', t.minutes ? `${t.minutes} minutes` : null],
    ['stage moves', t.stageMoves],
    ['deals won', `${t.dealsWon}${t.dealsWon ? `, amount ${fmtNumber(t.wonAmount)} ${t.currency}` : ''}`],
    ['deals lost', `${t.dealsLost}${t.dealsLost ? `, amount ${fmtNumber(t.lostAmount)} ${t.currency}` : ''}`],
    ['promises', `made ${t.promisesMade}, kept ${t.promisesKept}, broken ${t.promisesBroken}, overdue ${t.promisesOverdue}`],
    ['complaints', `opened ${t.complaintsOpened}, resolved ${t.complaintsResolved}, closed ${t.complaintsClosed}`],
    ['new leads', `${t.newLeads}${r.leadsBySource.length ? ` (${r.leadsBySource.map((l) => `${l.source}${l.campaign ? ` · ${l.campaign}` : ''} ${l.leads}`).join(', ')})` : ''}`],
  ];
}

function doc(r: ActivityReport, limit: number): DocOutput {
  const of = (cat: ActivityEvent['category']) => r.events.filter((e) => e.category === cat);
  const section = (title: string, rows: ActivityEvent[], columns: Column<ActivityEvent>[]): Section => {
    const shown = limit > 0 ? rows.slice(0, limit) : rows;
    const lines = rows.length === 0 ? ['(none)'] : shown.length < rows.length ? [`… and ${rows.length - shown.length} more (--limit 0, or --format csv/json for all)`] : [];
    return { title: `${title} (${rows.length})`, table: { columns, rows: shown }, lines };
  };
  const account: Column<ActivityEvent> = { header: 'account', key: 'account', max: 28 };
  const t = r.totals;
  return {
    kind: 'doc',
    json: r,
    sections: [
      { title: `Activity ${r.from} – ${r.to}${r.partialThrough ? ` (partial: to ${r.partialThrough})` : ''}${r.owner ? ` · ${r.owner}` : ''}`, fields: totalsFields(r) },
      section('Interactions', of('interaction'), [
        { header: 'when', get: when },
        account,
        { header: 'kind', key: 'type' },
        { header: 'what', key: 'what', max: 50 },
        { header: 'with / outcome', key: 'detail', max: 40 },
        { header: 'by', key: 'by' },
      ]),
      section('Stage moves', of('stage'), [{ header: 'when', get: when }, account, { header: 'move', key: 'what', max: 60 }, { header: 'note', key: 'detail', max: 30 }]),
      section('Deals won and lost', of('deal'), [
        { header: 'when', get: when },
        account,
        { header: 'deal', key: 'what', max: 50 },
        { header: 'amount', get: (e) => (e.amount === null ? null : `${fmtNumber(e.amount)} ${e.currency}`), align: 'right' },
        { header: 'why', key: 'detail', max: 40 },
      ]),
      section('Promises made, kept and broken', of('promise'), [
        { header: 'when', get: when },
        account,
        { header: 'status', key: 'type' },
        { header: 'promise', get: (e) => e.what.replace(/^[a-z]+: /, ''), max: 50 },
        { header: 'to / due', key: 'detail', max: 30 },
        { header: 'by', key: 'by' },
      ]),
      section('Complaints opened and closed', of('complaint'), [
        { header: 'when', get: when },
        account,
        { header: 'event', key: 'type' },
        { header: 'complaint', get: (e) => e.what.replace(/^[a-z]+: /, ''), max: 50 },
        { header: 'detail', key: 'detail', max: 40 },
      ]),
      {
        title: `New leads by source (${t.newLeads})`,
        table: {
          columns: [
            { header: 'source', key: 'source' },
            { header: 'campaign', key: 'campaign', max: 40 },
            { header: 'leads', key: 'leads', align: 'right' },
          ],
          rows: r.leadsBySource.length ? [...r.leadsBySource, { source: 'total', campaign: null, leads: t.newLeads }] : [],
        },
        lines: r.leadsBySource.length ? [] : ['(none)'],
      },
      { lines: [`${plural(r.events.length, 'event')}. Every event in a spreadsheet: crm activity --from ${r.from} --to ${r.to}${r.owner ? ` --owner ${r.owner}` : ''} --format csv`] },
    ],
  };
}

/** CSV: one row per event, then the totals as rows of category "total" (count in the count column). */
function csvList(r: ActivityReport): ListOutput {
  const t = r.totals;
  const total = (type: string, count: number, amount: number | null = null) => ({ at: '', category: 'total', type, account: null, accountId: null, what: null, detail: null, amount, currency: amount === null ? null : t.currency, count, by: null, ref: null });
  const rows: Record<string, unknown>[] = [
    ...r.events.map((e) => ({ ...e, count: null })),
    total('interactions', t.interactions),
    ...t.byKind.map((k) => total(`interactions: ${k.kind}`, k.n)),
    total('minutes', t.minutes),
    total('stage moves', t.stageMoves),
    total('deals won', t.dealsWon, t.wonAmount),
    total('deals lost', t.dealsLost, t.lostAmount),
    total('promises made', t.promisesMade),
    total('promises kept', t.promisesKept),
    total('promises broken', t.promisesBroken),
    total('promises overdue', t.promisesOverdue),
    total('complaints opened', t.complaintsOpened),
    total('complaints resolved', t.complaintsResolved),
    total('complaints closed', t.complaintsClosed),
    total('new leads', t.newLeads),
    ...r.leadsBySource.map((l) => total(`new leads: ${l.source}${l.campaign ? ` · ${l.campaign}` : ''}`, l.leads)),
  ];
  const keys = ['at', 'category', 'type', 'accountId', 'account', 'what', 'detail', 'amount', 'currency', 'count', 'by', 'ref'];
  return { kind: 'list', columns: keys.map((k) => ({ header: k, key: k })), rows };
}

export function register(program: Command): void {
  program
    .command('activity')
    .description('what happened in a period: interactions, stage moves, deals won and lost, promises, complaints, new leads, with totals')
    .addHelpText(
      'before',
      examples([
        'crm activity                               # the last 7 days, today included',
        'crm activity --since 14d --owner alice',
        'crm activity --format markdown > week.md   # to paste into the weekly report',
        'crm activity --from 2026-11-01 --to 2026-11-30 --format csv > november.csv',
        'crm activity --since 2026-11-16 --json',
      ]) + '\n',
    )
    .option('--since <when>', 'start: a length back from today (7d, 2w; today included) or a date (default 7d)')
    .option('--from <date>', 'first day of the period (instead of --since)', dateArg)
    .option('--to <date>', 'last day of the period (default today, or --as-of)', dateArg)
    .option('--owner <rep>', "only this rep's accounts")
    .option('--limit <n>', `rows per section in a table or Markdown (default ${SECTION_ROWS}; 0 = all)`, intArg)
    .addHelpText(
      'after',
      `
Formats: table (default), markdown (sections and tables to paste), json (totals, leads by source and
every event), csv (one row per event: at, category, type, account, what, detail, amount, currency,
by, ref; then the totals as rows of category "total"). A deal's amount is in its own currency; the
won and lost totals are in the base currency (config "currency"), each deal at its close date's rate.`,
    )
    .action(async (o: { since?: string; from?: string; to?: string; owner?: string; limit?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (o.from && o.since) throw new UsageError('--since or --from, not both');
        const to = o.to ?? s.clock.today();
        const from = o.from ?? sinceArg(s, o.since ?? '7d', '--since');
        const r = await activityIn(s, { from, to, owner: o.owner });
        if (s.format === 'csv') return csvList(r);
        return doc(r, o.limit ?? SECTION_ROWS);
      });
    });
}
