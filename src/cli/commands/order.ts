import type { Command } from 'commander';
import { addOrder, listOrders } from '../../services/orders.js';
import { amountArg, dateArg, examples, limitArg } from '../options.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  const order = program
    .command('order')
    .description('purchases: they feed value scores, tiers, the ladder and churn warnings')
    .addHelpText('before', examples(['crm order add "Acme Trading" --amount 12000 --profit 2400 --date 2026-03-01', 'crm order list "Acme Trading"', 'crm order list --from 2026-01-01 --json']) + '\n');

  order
    .command('add')
    .description('record a purchase')
    .argument('<account>', 'id, contact email or phone, or name')
    .requiredOption('--amount <n>', 'order amount (revenue)', amountArg)
    .option('--date <date>', 'order date (default today)', dateArg)
    .option('--profit <n>', 'profit (margin) on the order; may be negative', amountArg)
    .option('--product <text>', 'product')
    .option('--quantity <n>', 'quantity', amountArg)
    .option('--currency <code>', 'currency code, e.g. CNY')
    .option('--reference <text>', 'order number or reference')
    .addHelpText('before', examples(['crm order add 12 --amount 5800', 'crm order add zhang.wei@acme.cn --amount 12000 --profit 2400 --product "LED panels" --quantity 200 --date 2026-03-01']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const id = await addOrder(s, accountId, {
          amount: o.amount,
          date: o.date,
          profit: o.profit,
          product: o.product,
          quantity: o.quantity,
          currency: o.currency,
          reference: o.reference,
        });
        return { kind: 'message', text: `added order ${id} to account ${accountId}`, json: { id, accountId }, data: String(id) };
      });
    });

  order
    .command('list')
    .description('orders, newest first')
    .argument('[account]', 'only this account')
    .option('--from <date>', 'on or after this date', dateArg)
    .option('--to <date>', 'on or before this date', dateArg)
    .option('--limit <n>', 'at most n orders', limitArg)
    .addHelpText('before', examples(['crm order list', 'crm order list "Acme Trading" --format csv', 'crm order list --from 2026-01-01 --to 2026-03-31 --json']) + '\n')
    .action(async (ref: string | undefined, o: { from?: string; to?: string; limit?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = ref !== undefined ? await accountArg(s, ref) : undefined;
        const rows = await listOrders(s, { accountId, from: o.from, to: o.to, limit: o.limit });
        const total = rows.reduce((x, r) => x + r.amount, 0);
        return {
          kind: 'list',
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'date', key: 'orderedOn' },
            { header: 'account', key: 'account', max: 32 },
            { header: 'amount', key: 'amount', kind: 'amount' },
            { header: 'profit', key: 'profit', kind: 'amount' },
            { header: 'product', key: 'product', max: 24 },
            { header: 'qty', key: 'quantity', align: 'right' },
            { header: 'ref', key: 'reference' },
          ],
          rows,
          notes: [`${rows.length} order${rows.length === 1 ? '' : 's'}, total ${Math.round(total * 100) / 100}`],
        };
      });
    });
}
