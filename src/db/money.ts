// Amounts converted to the base currency inside SQL, and the currencies in use. The rates come
// from the caller (src/domain/money.ts rateSegments): this file only spells them as SQL.
//
// Portable: currency codes and dates are bound parameters compared with text columns (so
// PostgreSQL knows their type), rates are numeric literals (validated finite numbers, never text).
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Db } from './engine.js';

/** Rates per currency: newest first, each from its date on; from null = any date (the oldest). */
export interface SqlRates {
  base: string;
  segments: readonly { currency: string; from: string | null; rate: number }[];
}

/**
 * The base-currency value of a stored amount: amount × the rate of its currency on its date.
 * A NULL currency is the base. `date` null: the rates are already those of one day (every segment
 * has from null). A currency the rates do not know gives NULL: callers check the currencies in use
 * first (currenciesInUse), so an unknown one is an error before any sum, never a silent gap.
 */
export function inBase(amount: Expression<unknown>, currency: Expression<unknown>, date: Expression<unknown> | null, r: SqlRates): RawBuilder<number> {
  if (!r.segments.length) return sql<number>`(${amount} * (case when ${currency} is null or ${currency} = ${r.base} then 1 end))`;
  const whens = r.segments.map((s) =>
    s.from === null || date === null
      ? sql`when ${currency} = ${s.currency} then ${sql.lit(s.rate)}`
      : sql`when ${currency} = ${s.currency} and ${date} >= ${s.from} then ${sql.lit(s.rate)}`,
  );
  return sql<number>`(${amount} * (case when ${currency} is null or ${currency} = ${r.base} then 1 ${sql.join(whens, sql` `)} end))`;
}

export type AmountTable = 'orders' | 'deals' | 'campaigns' | 'complaints';

/** The amount column of each table that carries a currency: rows without an amount need no rate. */
const AMOUNT_OF: Record<AmountTable, string | null> = { orders: null, deals: 'amount', campaigns: 'cost', complaints: 'compensation' };

/**
 * The currencies the amounts of a table are in, other than NULL (the base). Read one code at a
 * time, each the least one above the last (`orders_currency` makes each a single index probe): a
 * GROUP BY over a million orders costs more than the report that asks.
 */
export async function currenciesInUse(db: Db, table: AmountTable): Promise<string[]> {
  const amount = AMOUNT_OF[table];
  const out: string[] = [];
  for (let last = ''; ; ) {
    const r = await sql<{ c: string | null }>`select min(currency) as c from ${sql.table(table)}
      where currency > ${last}${amount ? sql` and ${sql.ref(amount)} is not null` : sql``}`.execute(db);
    const c = r.rows[0]?.c ?? null;
    if (c === null) return out;
    out.push(c);
    last = c;
  }
}

/** How many amounts of a table are in one currency (for the message naming a missing rate). */
export async function amountsIn(db: Db, table: AmountTable, currency: string): Promise<number> {
  const amount = AMOUNT_OF[table];
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
    where currency = ${currency}${amount ? sql` and ${sql.ref(amount)} is not null` : sql``}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
