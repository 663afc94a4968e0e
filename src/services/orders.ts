import * as care from '../db/repositories/care.js';
import { accountExists } from '../db/repositories/interactions.js';
import { NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
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

export type OrderPatch = Partial<OrderInput>;

/** Corrects an order in place: only the fields given change (currency and any other column stay). */
export async function editOrder(ctx: ServiceContext, id: number, patch: OrderPatch): Promise<{ id: number; accountId: number; changed: string[] }> {
  const upd: Record<string, unknown> = {};
  if (patch.amount !== undefined) {
    if (!Number.isFinite(patch.amount)) throw new ValidationError('--amount must be a number');
    upd.amount = patch.amount;
  }
  if (patch.date !== undefined) {
    if (!parseIsoDate(patch.date)) throw new ValidationError(`--date must be a date as YYYY-MM-DD (got "${patch.date}")`);
    upd.ordered_on = patch.date;
  }
  if (patch.profit !== undefined) {
    if (!Number.isFinite(patch.profit)) throw new ValidationError('--profit must be a number');
    upd.profit = patch.profit;
  }
  if (patch.quantity !== undefined) {
    if (!(patch.quantity > 0)) throw new ValidationError('--quantity must be above 0');
    upd.quantity = patch.quantity;
  }
  if (patch.product !== undefined) upd.product = cleanOrNull(patch.product);
  // A currency given is checked as on entry (EUR, €, RMB...); an empty one leaves the amount in the base.
  if (patch.currency !== undefined) upd.currency = cleanOrNull(patch.currency) === null ? null : entryCurrency(moneyConfig(ctx.config), patch.currency);
  if (patch.reference !== undefined) upd.reference = cleanOrNull(patch.reference);
  const changed = Object.keys(upd);
  if (!changed.length) throw new UsageError('nothing to change', 'give at least one field, e.g. --amount');
  return inTransaction(ctx, async (t) => {
    const o = await care.getOrder(t.db, id);
    if (!o) throw new NotFoundError(`no order ${id}`, 'see the ids with: crm order list ACCOUNT');
    await care.updateOrder(t.db, id, upd);
    await accountTouched(t.db, o.account_id, t.config);
    return { id, accountId: o.account_id, changed };
  });
}

/** Deletes an order (a mistake): revenue, last order date and first-order anniversary follow. */
export async function deleteOrder(ctx: ServiceContext, id: number): Promise<{ id: number; accountId: number; amount: number; orderedOn: string }> {
  return inTransaction(ctx, async (t) => {
    const o = await care.getOrder(t.db, id);
    if (!o) throw new NotFoundError(`no order ${id}`, 'see the ids with: crm order list ACCOUNT');
    await care.deleteOrder(t.db, id);
    await accountTouched(t.db, o.account_id, t.config);
    return { id, accountId: o.account_id, amount: o.amount, orderedOn: o.ordered_on };
  });
}

/** One order, for the confirmation before deleting it. */
export async function getOrder(ctx: ServiceContext, id: number) {
  const o = await care.getOrder(ctx.db, id);
  if (!o) throw new NotFoundError(`no order ${id}`, 'see the ids with: crm order list ACCOUNT');
  return o;
}

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
