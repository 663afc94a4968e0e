import type { Command } from 'commander';
import { moneyConfig, shownCurrency } from '../../domain/money.js';
import { addOrder, deleteOrder, editOrder, getOrder, listOrders, orderTotals, type OrderPatch } from '../../services/orders.js';
import { confirmDelete } from '../confirm.js';
import { amountArg, dateArg, examples, limitArg, moneyArg, oneCurrency, recordId } from '../options.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

const orderId = recordId('order', 'crm order list ACCOUNT');

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
    .requiredOption('--amount <n>', 'order amount (revenue): 5800, "1.234,50 €", "US$ 99.90"', moneyArg)
    .option('--date <date>', 'order date (default today)', dateArg);
  orderFields(add)
    .addHelpText('before', examples(['crm order add 12 --amount 5800', 'crm order add zhang.wei@acme.cn --amount 12000 --profit 2400 --product "LED panels" --quantity 200 --date 2026-03-01', 'crm order add "Lumière Maison" --amount "1.234,50 €"', 'crm order add 7 --amount 980 --currency USD']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const id = await addOrder(s, accountId, { ...orderInput(o), amount: o.amount.amount });
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
        const t = orderTotals(rows, moneyConfig(s.config).base);
        const fmt = (n: number) => (Math.round(n * 100) / 100).toLocaleString('en-US');
        const perCurrency = t.byCurrency.map((c) => `${fmt(c.amount)} ${c.currency}`).join(' + ');
        const total =
          t.total !== null
            ? `total ${fmt(t.total)} ${t.base}${t.byCurrency.some((c) => c.currency !== t.base) ? ` (${perCurrency})` : ''}`
            : `${perCurrency} (no exchange rate for ${t.missing.join(', ')}: set rates.${t.missing[0]} in the config)`;
        return {
          kind: 'list',
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'date', key: 'orderedOn' },
            { header: 'account', key: 'account', max: 32 },
            { header: 'amount', key: 'amount', kind: 'amount' },
            { header: 'profit', key: 'profit', kind: 'amount' },
            { header: 'currency', key: 'currency' },
            { header: 'product', key: 'product', max: 24 },
            { header: 'qty', key: 'quantity', align: 'right' },
            { header: 'ref', key: 'reference' },
          ],
          rows,
          notes: [`${rows.length} order${rows.length === 1 ? '' : 's'}${rows.length ? `, ${total}` : ''}`],
        };
      });
    });

  const edit = order
    .command('edit')
    .description('correct an order: only the fields given change')
    .argument('<id>', 'order id (crm order list)')
    .option('--amount <n>', 'order amount (revenue): 5800, "1.234,50 €"', moneyArg)
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
        const amount = `${cur.amount} ${shownCurrency(moneyConfig(s.config), cur.currency)}`;
        if (!(await confirmDelete(`order ${id} (${amount} on ${cur.ordered_on})`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deleteOrder(s, id);
        return { kind: 'message', text: `deleted order ${id} (${amount} on ${r.orderedOn}) of account ${r.accountId}`, json: r, data: String(id) };
      });
    });
}

/** The fields of an order besides amount and date, as crm order add and edit take them. */
function orderFields(cmd: Command): Command {
  return cmd
    .option('--profit <n>', 'profit (margin) on the order, in its currency; may be negative', moneyArg)
    .option('--product <text>', 'product')
    .option('--quantity <n>', 'quantity', amountArg)
    .option('--currency <code>', 'currency of amount and profit, e.g. EUR (default: the base, config "currency")')
    .option('--reference <text>', 'order number or reference');
}

/** The order fields given on the command line (undefined: not given); a currency named by an amount counts as --currency. */
function orderInput(o: Record<string, any>): OrderPatch {
  const currency = oneCurrency([o.amount?.currency, o.profit?.currency, o.currency]);
  return { amount: o.amount?.amount, date: o.date, profit: o.profit?.amount, product: o.product, quantity: o.quantity, currency, reference: o.reference };
}
