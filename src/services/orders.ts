import * as care from '../db/repositories/care.js';
import { accountExists } from '../db/repositories/interactions.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { parseIsoDate } from '../domain/dates.js';
import { checkTextLengths } from '../domain/limits.js';
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
  return inTransaction(ctx, async (t) => {
    if (!(await accountExists(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    const id = await care.insertOrder(t.db, {
        account_id: accountId,
        ordered_on: date,
        amount: input.amount,
        profit: input.profit ?? null,
        product: cleanOrNull(input.product),
        quantity: input.quantity ?? null,
        currency: cleanOrNull(input.currency)?.toUpperCase() ?? null,
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
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    account: r.name,
    orderedOn: r.ordered_on,
    amount: r.amount,
    profit: r.profit,
    product: r.product,
    quantity: r.quantity,
    currency: r.currency,
    reference: r.reference,
    batchId: r.batch_id,
  }));
}
export type OrderItem = Awaited<ReturnType<typeof listOrders>>[number];
