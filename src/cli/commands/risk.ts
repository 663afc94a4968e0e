import type { Command } from 'commander';
import { riskList } from '../../services/value-views.js';
import { examples, intIn, limitArg } from '../options.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  program
    .command('risk')
    .description('accounts showing churn signals, with the signals that fired and their evidence')
    .argument('[account]', 'only this account')
    .option('--signal <kind>', 'only accounts where this signal fired (falling-volume, purchase-gap, rising-complaints, unresolved-complaints, low-survey, cooling-contact, single-threaded, competitor-praised, new-strategy, owner-change, key-person-change)')
    .option('--min <n>', 'only accounts with at least n signals', intIn(1, 100))
    .option('--refresh', 'recompute every account first')
    .option('--limit <n>', 'at most n accounts, the most signals first', limitArg)
    .addHelpText(
      'before',
      examples(['crm risk', 'crm risk --min 2', 'crm risk --signal purchase-gap --json', 'crm risk --signal single-threaded   # strategic accounts that hang on one person', 'crm risk "Acme Trading"']) + '\n',
    )
    .action(async (ref: string | undefined, o: { signal?: string; min?: number; refresh?: boolean; limit?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = ref !== undefined ? await accountArg(s, ref) : undefined;
        const all = await riskList(s, { refresh: o.refresh, signal: o.signal, min: o.min, accountId });
        const items = o.limit !== undefined ? all.slice(0, o.limit) : all;
        return {
          kind: 'list',
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'name', key: 'name', max: 32 },
            { header: 'tier', key: 'tier' },
            { header: 'value', key: 'valueScore', align: 'right' },
            { header: 'ladder', key: 'ladder' },
            { header: 'signals', get: (i: any) => i.signals.map((x: any) => x.signal) },
            { header: 'evidence', get: (i: any) => i.signals.map((x: any) => x.evidence), max: 110 },
          ],
          rows: items,
          notes: [all.length ? `${all.length} account${all.length === 1 ? '' : 's'} at risk${items.length < all.length ? ` (the first ${items.length} shown)` : ''}` : 'no account shows churn signals'],
        };
      });
    });
}
