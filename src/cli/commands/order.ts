import type { Command } from 'commander';
import { addOrder, deleteOrder, editOrder, getOrder, listOrders, type OrderPatch } from '../../services/orders.js';
import { confirmDelete } from '../confirm.js';
import { amountArg, dateArg, examples, limitArg, recordId } from '../options.js';

const orderId = recordId('order', 'crm order list ACCOUNT');
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  const order = program
    .command('order')
    .description('purchases: they feed value scores, tiers, the ladder and churn warnings')
    .addHelpText(
      'before',
      examples([
        'crm order add "Acme Trading" --amount 12000 --profit 2400 --date 2026-03-01',
        'crm order list "Acme Trading"',
        'crm order list --from 2026-01-01 --json',
        'crm order edit 311 --amount 12500 --date 2026-03-02',
        'crm order delete 311 --yes',
      ]) + '\n',
    );

  const add = order
    .command('add')
    .description('record a purchase')
    .argument('<account>', 'id, contact email or phone, or name')
    .requiredOption('--amount <n>', 'order amount (revenue)', amountArg)
    .option('--date <date>', 'order date (default today)', dateArg);
  orderFields(add)
    .addHelpText('before', examples(['crm order add 12 --amount 5800', 'crm order add zhang.wei@acme.cn --amount 12000 --profit 2400 --product "LED panels" --quantity 200 --date 2026-03-01']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const id = await addOrder(s, accountId, { ...orderInput(o), amount: o.amount });
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

  const edit = order
    .command('edit')
    .description('correct an order: only the fields given change')
    .argument('<id>', 'order id (crm order list)')
    .option('--amount <n>', 'order amount (revenue)', amountArg)
    .option('--date <date>', 'order date', dateArg);
  orderFields(edit)
    .addHelpText('before', examples(['crm order edit 311 --amount 12500', 'crm order edit 311 --date 2026-03-02 --reference PO-4411']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = orderId(idText);
        const r = await editOrder(s, id, orderInput(o));
        return { kind: 'message', text: `updated order ${id} (${r.changed.join(', ')})`, json: r, data: String(id) };
      });
    });

  order
    .command('delete')
    .description('delete an order recorded by mistake (asks first on a terminal)')
    .argument('<id>', 'order id (crm order list)')
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .addHelpText('before', examples(['crm order delete 311', 'crm order delete 311 --yes']) + '\n')
    .action(async (idText: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = orderId(idText);
        const cur = await getOrder(s, id);
        if (!(await confirmDelete(`order ${id} (${cur.amount} on ${cur.ordered_on})`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deleteOrder(s, id);
        return { kind: 'message', text: `deleted order ${id} (${r.amount} on ${r.orderedOn}) of account ${r.accountId}`, json: r, data: String(id) };
      });
    });
}

/** The fields of an order besides amount and date, as crm order add and edit take them. */
function orderFields(cmd: Command): Command {
  return cmd
    .option('--profit <n>', 'profit (margin) on the order; may be negative', amountArg)
    .option('--product <text>', 'product')
    .option('--quantity <n>', 'quantity', amountArg)
    .option('--currency <code>', 'currency code, e.g. CNY')
    .option('--reference <text>', 'order number or reference');
}

/** The order fields given on the command line (undefined: not given). */
function orderInput(o: Record<string, any>): OrderPatch {
  return { amount: o.amount, date: o.date, profit: o.profit, product: o.product, quantity: o.quantity, currency: o.currency, reference: o.reference };
}
