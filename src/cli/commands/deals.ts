import { Command, Option } from 'commander';
import { DEAL_STAGES } from '../../domain/stages.js';
import { listDeals, pipelineTotals, type DealRow } from '../../services/deals.js';
import { examples } from '../options.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export const dealColumns: Column<DealRow>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'account', key: 'account', max: 28 },
  { header: 'deal', key: 'title', max: 28 },
  { header: 'stage', key: 'stage' },
  { header: 'status', key: 'status' },
  { header: 'owner', key: 'owner', max: 12 },
  { header: 'amount', key: 'amount', kind: 'amount' },
  { header: 'prob.', key: 'probability', kind: 'pct' },
  { header: 'weighted', key: 'weighted', kind: 'amount' },
  { header: 'days in stage', key: 'daysInStage', kind: 'int' },
  { header: 'idle', key: 'idleDays', kind: 'int' },
  { header: 'stale', get: (d) => (d.stale ? `STALE (>${d.staleAfterDays}d)` : '') },
];

export function register(program: Command): void {
  program
    .command('deals')
    .description('the pipeline: open deals by stage with amount, probability, weighted value, age in stage and stale marks')
    .addHelpText(
      'before',
      examples(['crm deals', 'crm deals --stale', 'crm deals --stage negotiate --owner alice --json', 'crm deals --by-stage', 'crm deals --status won --format csv > won.csv']) + '\n',
    )
    .addOption(new Option('--stage <stage>', 'only deals in this stage').choices(DEAL_STAGES))
    .option('--stale', 'only deals idle longer than their stage allows (config stages.staleDays)')
    .option('--owner <rep>', 'only deals of this rep')
    .option('--account <account>', 'only deals of this account')
    .addOption(new Option('--status <status>', 'open (default), won, lost or all').choices(['open', 'won', 'lost', 'all']))
    .option('--by-stage', 'one row per stage: deals, amount, weighted value, stale count')
    .action(async (o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listDeals(s, { stage: o.stage, stale: !!o.stale, owner: o.owner, status: o.status, account: o.account ? await accountArg(s, o.account) : undefined });
        const totals = pipelineTotals(rows);
        const sum = (k: 'amount' | 'weighted') => Math.round(totals.reduce((a, t) => a + t[k], 0) * 100) / 100;
        if (o.byStage)
          return {
            kind: 'list',
            columns: [
              { header: 'stage', key: 'stage' },
              { header: 'deals', key: 'deals', kind: 'int' },
              { header: 'amount', key: 'amount', kind: 'amount' },
              { header: 'weighted', key: 'weighted', kind: 'amount' },
              { header: 'stale', key: 'stale', kind: 'int' },
            ],
            rows: totals,
            notes: [`total ${rows.length} deals, amount ${sum('amount')}, weighted ${sum('weighted')}`],
          };
        const stale = rows.filter((r) => r.stale).length;
        return {
          kind: 'list',
          columns: dealColumns,
          rows,
          notes: [`${rows.length} deal${rows.length === 1 ? '' : 's'}, amount ${sum('amount')}, weighted ${sum('weighted')}${stale ? `, ${stale} stale` : ''}`],
        };
      });
    });
}
