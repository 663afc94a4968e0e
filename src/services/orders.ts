import * as care from '../db/repositories/care.js';
import { accountExists } from '../db/repositories/interactions.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { parseIsoDate } from '../domain/dates.js';
import { checkTextLengths } from '../domain/limits.js';
import { entryCurrency, moneyConfig, rateOn, shownCurrency } from '../domain/money.js';
import { cleanOrNull } from '../domain/normalize.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

export interface OrderInput {
  amount: number;
  date?: string;
  profit?: number;
  product?: string;
  quantity?: number;
  currency?: string;
  reference?: string;
}

export async function addOrder(ctx: ServiceContext, accountId: number, input: OrderInput): Promise<number> {
  checkTextLengths(input);
  if (!Number.isFinite(input.amount)) throw new ValidationError('--amount must be a number');
  const date = input.date ?? ctx.clock.today();
  if (!parseIsoDate(date)) throw new ValidationError(`--date must be a date as YYYY-MM-DD (got "${date}")`);
  if (input.profit !== undefined && !Number.isFinite(input.profit)) throw new ValidationError('--profit must be a number');
  if (input.quantity !== undefined && !(input.quantity > 0)) throw new ValidationError('--quantity must be above 0');
  const currency = entryCurrency(moneyConfig(ctx.config), input.currency);
  return inTransaction(ctx, async (t) => {
    if (!(await accountExists(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    const id = await care.insertOrder(t.db, {
        account_id: accountId,
        ordered_on: date,
        amount: input.amount,
        profit: input.profit ?? null,
        product: cleanOrNull(input.product),
        quantity: input.quantity ?? null,
        currency,
        reference: cleanOrNull(input.reference),
        created_at: ctx.clock.now(),
      });
    await accountTouched(t.db, accountId);
    return id;
  });
}

export interface OrderFilter {
  accountId?: number;
  from?: string;
  to?: string;
  limit?: number;
}

export async function listOrders(ctx: ServiceContext, f: OrderFilter) {
  const rows = await care.listOrders(ctx.db, f);
  const m = moneyConfig(ctx.config);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    account: r.name,
    orderedOn: r.ordered_on,
    amount: r.amount,
    profit: r.profit,
    product: r.product,
    quantity: r.quantity,
    currency: shownCurrency(m, r.currency),
    /** the amount in the base currency at the rate of the order date; null when its currency has no rate */
    amountInBase: rateOn(m, r.currency, r.ordered_on) === undefined ? null : r.amount * rateOn(m, r.currency, r.ordered_on)!,
    reference: r.reference,
    batchId: r.batch_id,
  }));
}
export type OrderItem = Awaited<ReturnType<typeof listOrders>>[number];

/**
 * What a list of orders adds up to: in the base currency when every currency has a rate, and per
 * currency as entered (so a missing rate is named, not summed raw).
 */
export function orderTotals(rows: readonly OrderItem[], base: string): { base: string; total: number | null; byCurrency: { currency: string; amount: number }[]; missing: string[] } {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.currency, (by.get(r.currency) ?? 0) + r.amount);
  const missing = [...new Set(rows.filter((r) => r.amountInBase === null).map((r) => r.currency))];
  const total = missing.length ? null : rows.reduce((t, r) => t + r.amountInBase!, 0);
  return { base, total, byCurrency: [...by].map(([currency, amount]) => ({ currency, amount })), missing };
}
