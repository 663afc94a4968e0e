// The money settings of a command: the base currency and rates of the config, checked against the
// currencies the data actually uses, so every total is computed in the base or fails with the
// currency and the config key to set (never a raw sum of yuan, euros and pounds).
import { amountsIn, currenciesInUse, type AmountTable, type SqlRates } from '../db/money.js';
import { isBase, moneyConfig, rateOn, rateSegments, requireRates, type Money } from '../domain/money.js';
import type { ServiceContext } from './context.js';

export type { AmountTable } from '../db/money.js';

const WHAT: Record<AmountTable, [string, string]> = {
  orders: ['order', 'orders'],
  deals: ['deal', 'deals'],
  campaigns: ['campaign cost', 'campaign costs'],
  complaints: ['complaint compensation', 'complaint compensations'],
};

/** The config's money settings; throws when a currency used in `tables` has no rate. */
export async function moneyFor(ctx: ServiceContext, tables: readonly AmountTable[]): Promise<Money> {
  const m = moneyConfig(ctx.config);
  for (const t of tables) {
    const missing = (await currenciesInUse(ctx.db, t)).find((c) => !isBase(m, c) && !m.rates.has(c));
    if (missing === undefined) continue;
    const n = await amountsIn(ctx.db, t, missing);
    requireRates(m, [{ currency: missing, where: `${n} ${n === 1 ? WHAT[t][0] : WHAT[t][1]}` }]);
  }
  return m;
}

/** The rates as SQL needs them, converting each amount at the rate of its own date. */
export function sqlRates(m: Money): SqlRates {
  return rateSegments(m);
}

/** The rates of one day (e.g. today, for open deals), as SQL needs them. */
export function sqlRatesOn(m: Money, date: string): SqlRates {
  return { base: m.base, segments: [...m.rates.keys()].sort().map((currency) => ({ currency, from: null, rate: rateOn(m, currency, date)! })) };
}
