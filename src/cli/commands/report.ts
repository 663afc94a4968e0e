import { Argument, Command, Option } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { labelCurrency } from '../../domain/reports/format.js';
import { BUCKETS, type Bucket } from '../../domain/reports/period.js';
import { buildReport, REPORT_NAMES, type ReportName } from '../../services/reports/index.js';
import { amountArg, dateArg, examples } from '../options.js';
import { render } from '../render.js';
import { globals, withSession } from '../runtime.js';
import { reportDoc } from '../views/report.js';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const BY_EXTENSION: Record<string, ReportFormat> = { html: 'html', htm: 'html', json: 'json', csv: 'csv', md: 'markdown' };

/** Reports accept html on top of the global formats; --out report.html implies it. */
function reportFormat(cmd: Command, out: string | undefined): ReportFormat {
  const g = globals(cmd);
  if (g.json) return 'json';
  if (g.format === undefined) {
    const ext = out?.split('.').pop()?.toLowerCase();
    return (ext && BY_EXTENSION[ext]) || 'table';
  }
  const f = g.format.toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} for reports (got "${g.format}")`);
  return f as ReportFormat;
}

/** The global --format check knows only the shared formats: hand it a neutral one for html. */
function clearGlobalFormat(cmd: Command): void {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  root.setOptionValue('format', undefined);
}

export function register(program: Command): void {
  program
    .command('report')
    .description('reports: funnel, sources, pareto, tiers, retention, clv, satisfaction, activity, assessment, forecast')
    .addArgument(new Argument('<name>', 'which report').choices(REPORT_NAMES))
    .option('--from <date>', 'first day of the period (default: the start of the 12 months ending with --to; forecast: all open deals)', dateArg)
    .option('--to <date>', 'last day of the period (default: today, or --as-of)', dateArg)
    .addOption(new Option('--by <bucket>', 'time series per month, quarter or year (retention, satisfaction, activity)').choices(BUCKETS).default('month'))
    .option('--target <amount>', 'assessment: the monthly sales target (default: config reports.monthlyTarget, else the average of the 12 months before)', amountArg)
    .option('--owner <rep>', "assessment: only this rep's accounts")
    .option('--out <file>', 'write to this file (created owner-only); .html/.json/.csv/.md choose the format')
    .addHelpText(
      'before',
      examples([
        'crm report funnel',
        'crm report sources --from 2026-01-01 --json',
        'crm report pareto --from 2026-01-01 --to 2026-06-30',
        'crm report retention --by quarter --format csv > retention.csv',
        'crm report assessment --target 50000 --format markdown',
        'crm report activity --format html --out activity.html',
        'crm report forecast',
      ]) + '\n',
    )
    .addHelpText(
      'after',
      `
Formats: table (with charts on a terminal), json (rates as fractions 0-1), csv, markdown, html (one
self-contained page with SVG charts: open it in a browser or print it).
Money is in the base currency (config "currency", other currencies through "rates"); headers say
which, e.g. "revenue (CNY)". A month not over by --to (or today) is marked partial and not graded.`,
    )
    .action(async (name: ReportName, o: { from?: string; to?: string; by: Bucket; target?: number; owner?: string; out?: string }, cmd: Command) => {
      const format = reportFormat(cmd, o.out);
      if (format === 'html') clearGlobalFormat(cmd);
      await withSession(cmd, async (s) => {
        const built = await buildReport(s, name, { from: o.from, to: o.to, by: o.by, target: o.target, owner: o.owner });
        const report = format === 'json' ? built : labelCurrency(built);
        let text: string;
        if (format === 'html') {
          const { reportHtml } = await import('../../io/html-report.js');
          text = reportHtml(report, s.clock.today());
        } else if (format === 'json') {
          text = JSON.stringify(report, null, 2) + '\n';
        } else {
          const charts = format === 'table' && !o.out && s.term.stdoutIsTTY;
          const doc = reportDoc(report, { charts, width: process.stdout.columns });
          text = (await render(doc, { format, color: s.term.color && !o.out, width: process.stdout.columns })).stdout;
        }
        if (o.out) {
          const { writeOwnerOnly } = await import('../../io/out-file.js');
          writeOwnerOnly(o.out, text);
          return { kind: 'message', text: `wrote ${name} report (${format}) to ${o.out}`, json: { file: o.out, format } };
        }
        return { kind: 'raw', text };
      });
    });
}
