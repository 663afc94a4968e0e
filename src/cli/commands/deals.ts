import { Command, Option } from 'commander';
import { moneyConfig } from '../../domain/money.js';
import { DEAL_STAGES } from '../../domain/stages.js';
import { deleteDeal, editDeal, listDeals, pipelineTotals, reopenDeal, type DealRow } from '../../services/deals.js';
import { confirmDelete } from '../confirm.js';
import { amountArg, examples, fractionArg, recordId } from '../options.js';

const dealId = recordId('deal', 'crm deals --status all');
import { whenArg } from '../when.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { bookOwner } from '../../services/reps.js';

export const dealColumns = (base: string): Column<DealRow>[] => [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'account', key: 'account', max: 28 },
  { header: 'deal', key: 'title', max: 28 },
  { header: 'stage', key: 'stage' },
  { header: 'status', key: 'status' },
  { header: 'owner', key: 'owner', max: 12 },
  { header: 'amount', key: 'amount', kind: 'amount' },
  { header: 'cur.', get: (d) => (d.amount === null ? null : d.currency) },
  { header: 'prob.', key: 'probability', kind: 'pct' },
  { header: `weighted (${base})`, key: 'weighted', kind: 'amount' },
  { header: 'close', key: 'expectedClose' },
  { header: 'days in stage', key: 'daysInStage', kind: 'int' },
  { header: 'idle', key: 'idleDays', kind: 'int' },
  { header: 'stale', get: (d) => (d.stale ? `STALE (>${d.staleAfterDays}d)` : '') },
];

export function register(program: Command): void {
  const deals = program
    .command('deals')
    .description('the pipeline (crm deals is crm deals list); edit, delete or reopen a deal')
    .addHelpText(
      'before',
      examples([
        'crm deals                                 # the open pipeline',
        'crm deals --stale',
        'crm deals --status won --format csv > won.csv',
        'crm deals edit 5 --amount 72000 --expected-close 2026-12-20',
        'crm deals reopen 5                        # a won or lost deal is open again',
        'crm deals delete 5 --yes',
        'crm deals list --help                     # every option of the listing',
      ]) + '\n',
    );

  deals
    .command('list', { isDefault: true })
    .description('the pipeline: open deals by stage with amount, probability, weighted value, age in stage and stale marks')
    .addHelpText(
      'before',
      examples(['crm deals', 'crm deals --forecast', 'crm deals --stale', 'crm deals --stage negotiate --owner alice --json', 'crm deals --by-stage', 'crm deals --status won --format csv > won.csv']) + '\n',
    )
    .addOption(new Option('--stage <stage>', 'only deals in this stage').choices(DEAL_STAGES))
    .option('--stale', 'only deals idle longer than their stage allows (config stages.staleDays)')
    .option('--owner <rep>', 'only deals of this rep; all: every rep (default on a team server: your own)')
    .option('--account <account>', 'only deals of this account')
    .addOption(new Option('--status <status>', 'open (default), won, lost or all').choices(['open', 'won', 'lost', 'all']))
    .option('--by-stage', 'one row per stage: deals, amount, weighted value, stale count')
    .option('--forecast', 'the forecast (crm report forecast): weighted pipeline by close month and quarter, stage and owner')
    .action(async (o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (o.forecast) {
          const { buildReport } = await import('../../services/reports/index.js');
          const report = await buildReport(s, 'forecast', {});
          if (s.format === 'json') return { kind: 'doc', json: report, sections: [] };
          const { labelCurrency } = await import('../../domain/reports/format.js');
          const { reportDoc } = await import('../views/report.js');
          return reportDoc(labelCurrency(report), { charts: s.format === 'table' && s.term.stdoutIsTTY, width: process.stdout.columns });
        }
        const rows = await listDeals(s, { stage: o.stage, stale: !!o.stale, owner: await bookOwner(s, o.owner), status: o.status, account: o.account ? await accountArg(s, o.account) : undefined });
        const totals = pipelineTotals(rows);
        const base = rows[0]?.baseCurrency ?? moneyConfig(s.config).base;
        const sum = (k: 'amount' | 'weighted') => `${(Math.round(totals.reduce((a, t) => a + t[k], 0) * 100) / 100).toLocaleString('en-US')} ${base}`;
        if (o.byStage)
          return {
            kind: 'list',
            columns: [
              { header: 'stage', key: 'stage' },
              { header: 'deals', key: 'deals', kind: 'int' },
              { header: `amount (${base})`, key: 'amount', kind: 'amount' },
              { header: `weighted (${base})`, key: 'weighted', kind: 'amount' },
              { header: 'stale', key: 'stale', kind: 'int' },
            ],
            rows: totals,
            notes: [`total ${rows.length} deals, amount ${sum('amount')}, weighted ${sum('weighted')}`],
          };
        const stale = rows.filter((r) => r.stale).length;
        return {
          kind: 'list',
          columns: dealColumns(base),
          rows,
          notes: [`${rows.length} deal${rows.length === 1 ? '' : 's'}, amount ${sum('amount')}, weighted ${sum('weighted')}${stale ? `, ${stale} stale` : ''}`],
        };
      });
    });

  deals
    .command('edit')
    .description('correct a deal: title, amount, probability, expected close, owner (its stage moves with the stage commands)')
    .argument('<id>', 'deal id (crm deals --status all)')
    .option('--title <text>', 'deal title')
    .option('--amount <n>', 'amount', amountArg)
    .option('--probability <p>', 'win probability 0-1', fractionArg)
    .option('--expected-close <date>', 'expected close date')
    .option('--owner <rep>', 'the rep who owns it')
    .addHelpText('before', examples(['crm deals edit 5 --amount 72000', 'crm deals edit 5 --title "Line 3 retrofit" --expected-close 2026-12-20 --probability 0.6']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = dealId(idText);
        const r = await editDeal(s, id, { title: o.title, amount: o.amount, probability: o.probability, expectedClose: whenArg(s, o.expectedClose, '--expected-close'), owner: o.owner });
        return { kind: 'message', text: `updated deal ${id} (${r.changed.join(', ')})`, json: r, data: String(id) };
      });
    });

  deals
    .command('reopen')
    .description('open a won or lost deal again, at the stage it was at before closing (or --stage)')
    .argument('<id>', 'deal id (crm deals --status all)')
    .addOption(new Option('--stage <stage>', 'the stage to reopen it at').choices(DEAL_STAGES))
    .option('--note <text>', 'why it is reopened')
    .addHelpText('before', examples(['crm deals reopen 5', 'crm deals reopen 5 --stage negotiate --note "they came back after the competitor failed"']) + '\n')
    .action(async (idText: string, o: { stage?: string; note?: string }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = dealId(idText);
        const r = await reopenDeal(s, id, o);
        if (r.orders.length) s.say(`the order${r.orders.length === 1 ? '' : 's'} recorded at the win stay${r.orders.length === 1 ? 's' : ''}: ${r.orders.join(', ')} (crm order delete ID removes one)`);
        return { kind: 'message', text: `deal ${id} reopened at ${r.stage} (was ${r.from})`, json: r, data: String(id) };
      });
    });

  deals
    .command('delete')
    .description('delete a deal recorded by mistake, with its stage history; its interactions stay (asks first on a terminal)')
    .argument('<id>', 'deal id (crm deals --status all)')
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .addHelpText('before', examples(['crm deals delete 5', 'crm deals delete 5 --yes']) + '\n')
    .action(async (idText: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = dealId(idText);
        if (!(await confirmDelete(`deal ${id} and its stage history`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deleteDeal(s, id);
        if (r.orders.length) s.say(`the order${r.orders.length === 1 ? '' : 's'} recorded at its win stay${r.orders.length === 1 ? 's' : ''}: ${r.orders.join(', ')} (crm order delete ID removes one)`);
        return { kind: 'message', text: `deleted deal ${id} "${r.title}" of account ${r.accountId}`, json: r, data: String(id) };
      });
    });
}

