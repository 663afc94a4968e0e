// Money in several currencies: the base currency and exchange rates of the config, the rate in
// effect on a date, conversion to the base, and amounts as people type them ("1.234,50 €").
//
// Stored amounts carry their currency code; NULL means "the base currency" (amounts recorded before
// currencies existed, or while no base was configured), resolved when read. Every total, score and
// tier is computed in the base: an amount whose currency has no rate is an error, never added raw.
import { section, type Config } from './config.js';
import { isIsoDate } from './dates.js';
import { CrmError, ValidationError } from './errors.js';

/** The base when the config names none: the books this tool was written for are kept in yuan. */
export const DEFAULT_BASE = 'CNY';

/**
 * The config keys, read here and nowhere else (one edit moves them into the config schema):
 * `currency` — the base, an ISO 4217 code; `rates` — units of the base per one unit of each other
 * currency, either a number or an object of dates to rates ({"2025-01-01": 7.8, "2026-01-01": 7.9}:
 * each rate holds from its date on; dates before the first use the first).
 */
export interface MoneyConfig {
  currency: string | null;
  rates: Record<string, number | Record<string, number>>;
}
export const MONEY_DEFAULTS: MoneyConfig = { currency: null, rates: {} };

export interface RateEntry {
  /** the rate holds from this date on; null: for every date before the next entry */
  from: string | null;
  rate: number;
}

export interface Money {
  /** the base currency, an ISO code */
  base: string;
  /** whether the config names the base (then new amounts given without a currency record it) */
  configured: boolean;
  /** per currency other than the base: its rates, oldest first */
  rates: ReadonlyMap<string, readonly RateEntry[]>;
}

export class ConfigValueError extends CrmError {}

/** No rate for a currency in use: names the currency and the key to set. */
export class MissingRateError extends CrmError {
  constructor(
    readonly currency: string,
    base: string,
    where?: string,
  ) {
    super(
      `no exchange rate for ${currency}${where ? ` (${where})` : ''}: set rates.${currency} in the config to the ${base} per 1 ${currency}`,
      `e.g. "rates": {"${currency}": ${exampleRate(currency, base)}} in config.json (--config, CRM_CONFIG or ~/.config/crm/config.json); the base currency is the config key "currency" (${base})`,
    );
  }
}

function exampleRate(currency: string, base: string): string {
  const rough: Record<string, number> = { CNY: 1, EUR: 7.8, USD: 7.1, GBP: 9.1, JPY: 0.047, HKD: 0.91 };
  const a = rough[currency];
  const b = rough[base];
  return a && b ? String(Math.round((a / b) * 1000) / 1000) : '1.0';
}

let isoCodes: Set<string> | undefined;

/** Whether a three-letter code is an ISO 4217 currency the runtime knows. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  isoCodes ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []);
  return isoCodes.size === 0 || isoCodes.has(code);
}

// Symbols and words people write for a currency, longest first where one contains another.
const ALIASES: [string, string][] = [
  ['US$', 'USD'],
  ['USD$', 'USD'],
  ['HK$', 'HKD'],
  ['NT$', 'TWD'],
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['C$', 'CAD'],
  ['CA$', 'CAD'],
  ['S$', 'SGD'],
  ['R$', 'BRL'],
  ['CN¥', 'CNY'],
  ['JP¥', 'JPY'],
  ['RMB', 'CNY'],
  ['人民币', 'CNY'],
  ['元', 'CNY'],
  ['￥', 'CNY'],
  ['¥', 'CNY'],
  ['円', 'JPY'],
  ['EURO', 'EUR'],
  ['EUROS', 'EUR'],
  ['€', 'EUR'],
  ['欧元', 'EUR'],
  ['£', 'GBP'],
  ['英镑', 'GBP'],
  ['$', 'USD'],
  ['美元', 'USD'],
  ['₩', 'KRW'],
  ['₹', 'INR'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
];

/**
 * A currency as written: an ISO code in any case ("eur"), or a symbol or word: ¥ 元 RMB 人民币 →
 * CNY, € → EUR, £ → GBP, US$ and $ → USD, HK$ → HKD, JP¥ 円 → JPY. Undefined when unknown.
 */
export function currencyCode(s: string): string | undefined {
  const t = s.normalize('NFKC').trim().replace(/\.$/, '');
  if (!t) return undefined;
  const up = t.toUpperCase();
  const alias = ALIASES.find(([a]) => a === up || a === t);
  if (alias) return alias[1];
  return isCurrencyCode(up) ? up : undefined;
}

/**
 * The number in an amount as people type it: "1,234.50", "1.234,50", "1 234,50", "12,000".
 * A comma followed by one or two digits at the end is a decimal comma; otherwise commas group
 * thousands. With both a dot and a comma, whichever comes last is the decimal mark.
 */
export function parseAmount(s: string): number | undefined {
  let t = s.normalize('NFKC').trim().replace(/[^\d.,\-]/g, '');
  if (!t || !/\d/.test(t)) return undefined;
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    t = lastComma > lastDot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const after = t.length - lastComma - 1;
    t = after === 2 || after === 1 ? t.replace(/,(?=\d{1,2}$)/, '.').replace(/,/g, '') : t.replace(/,/g, '');
  } else if (/^-?\d{1,3}(\.\d{3}){2,}$/.test(t)) {
    // 1.234.567: dots grouping thousands (only when there are several: 1.234 stays one point two)
    t = t.replace(/\./g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export interface ParsedMoney {
  amount?: number;
  /** the currency the text names, if it names one */
  currency?: string;
  problem?: string;
}

/**
 * An amount with an optional currency before or after it: "¥12,000", "RMB 12000", "1.234,50 €",
 * "US$ 99.90", "£1,200", "12000元", "EUR 1.234,50", "-80 USD".
 */
export function parseMoney(s: string): ParsedMoney {
  const t = s.normalize('NFKC').trim();
  if (!t) return { problem: 'empty amount' };
  const m = /^([^\d+.,]*?)\s*([-+]?\s*\d[\d.,\s']*)\s*([^\d]*?)$/.exec(t);
  if (!m) return { problem: `"${s}" is not an amount` };
  const [, before, number, after] = m;
  const words = [before!.trim(), after!.trim()].filter(Boolean);
  if (words.length > 1) return { problem: `"${s}" names a currency twice` };
  let currency: string | undefined;
  if (words.length) {
    const w = words[0]!.replace(/^-\s*|\s*-$/g, '');
    currency = currencyCode(w);
    if (!currency) return { problem: `"${words[0]}" in "${s}" is not a currency (use an ISO code such as CNY, EUR, USD)` };
  }
  const sign = /^-|^[^\d]*-/.test(t) ? -1 : 1;
  const amount = parseAmount(number!.replace(/[\s']/g, ''));
  if (amount === undefined) return { problem: `"${s}" is not a number` };
  return { amount: sign * Math.abs(amount), ...(currency ? { currency } : {}) };
}

function configError(key: string, what: string, got: unknown): ConfigValueError {
  return new ConfigValueError(`config: ${key} must be ${what} (got ${JSON.stringify(got)})`, 'fix the config file (--config, CRM_CONFIG or ~/.config/crm/config.json)');
}

/** The money settings of the config, checked: the base and every rate. */
export function moneyConfig(config: Config): Money {
  const raw = { currency: (config.currency ?? null) as unknown, rates: section(config, 'rates', {} as Record<string, unknown>) };
  let base = DEFAULT_BASE;
  if (raw.currency !== null && raw.currency !== undefined) {
    const code = typeof raw.currency === 'string' ? currencyCode(raw.currency) : undefined;
    if (!code) throw configError('currency', 'an ISO 4217 currency code such as "CNY" or "EUR"', raw.currency);
    base = code;
  }
  if (typeof raw.rates !== 'object' || raw.rates === null || Array.isArray(raw.rates)) throw configError('rates', 'an object such as {"EUR": 7.8}', raw.rates);
  const rates = new Map<string, RateEntry[]>();
  const rateValue = (key: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw configError(key, 'a number above 0', v);
    return v;
  };
  for (const [k, v] of Object.entries(raw.rates)) {
    const code = currencyCode(k);
    if (!code) throw configError(`rates.${k}`, 'keyed by an ISO 4217 currency code such as "EUR"', k);
    let entries: RateEntry[];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      entries = Object.entries(v).map(([d, r]) => {
        if (!isIsoDate(d)) throw configError(`rates.${k}`, 'a rate, or an object of dates (YYYY-MM-DD) to rates', v);
        return { from: d, rate: rateValue(`rates.${k}.${d}`, r) };
      });
      if (!entries.length) throw configError(`rates.${k}`, 'a rate, or an object of dates (YYYY-MM-DD) to rates', v);
      entries.sort((a, b) => (a.from! < b.from! ? -1 : 1));
    } else entries = [{ from: null, rate: rateValue(`rates.${k}`, v) }];
    if (code === base) {
      if (entries.some((e) => e.rate !== 1)) throw configError(`rates.${k}`, `1 (${k} is the base currency)`, v);
      continue;
    }
    rates.set(code, entries);
  }
  return { base, configured: raw.currency !== null && raw.currency !== undefined, rates };
}

/** Whether a stored currency (null: the base) is the base. */
export function isBase(m: Money, currency: string | null | undefined): boolean {
  return currency === null || currency === undefined || currency === '' || currency === m.base;
}

/** Units of the base per unit of `currency` on `date`, or undefined when there is no rate. */
export function rateOn(m: Money, currency: string | null | undefined, date: string): number | undefined {
  if (isBase(m, currency)) return 1;
  const entries = m.rates.get(currency!);
  if (!entries) return undefined;
  let rate = entries[0]!.rate;
  for (const e of entries) if (e.from === null || e.from <= date) rate = e.rate;
  return rate;
}

/** An amount in the base currency; throws MissingRateError when its currency has no rate. */
export function toBase(m: Money, amount: number, currency: string | null | undefined, date: string): number {
  const r = rateOn(m, currency, date);
  if (r === undefined) throw new MissingRateError(currency!, m.base);
  return amount * r;
}

/** Throws for the first currency in use that has no rate. `inUse`: codes with where they are used. */
export function requireRates(m: Money, inUse: readonly { currency: string | null; where: string }[]): void {
  for (const u of inUse) if (!isBase(m, u.currency) && !m.rates.has(u.currency!)) throw new MissingRateError(u.currency!, m.base, u.where);
}

/**
 * The rates as the database needs them to convert in SQL: per currency, newest first, each
 * holding from its date on (the oldest from any date).
 */
export function rateSegments(m: Money): { base: string; segments: { currency: string; from: string | null; rate: number }[] } {
  const segments: { currency: string; from: string | null; rate: number }[] = [];
  for (const [currency, entries] of [...m.rates].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const desc = [...entries].reverse();
    desc.forEach((e, i) => segments.push({ currency, from: i === desc.length - 1 ? null : e.from, rate: e.rate }));
  }
  return { base: m.base, segments };
}

/**
 * The currency to store with an amount entered now: the one given (checked), else the base when
 * the config names one, else null ("the base", whatever it will be set to).
 */
export function entryCurrency(m: Money, given: string | null | undefined, option = '--currency'): string | null {
  if (given !== undefined && given !== null && given.trim() !== '') {
    const code = currencyCode(given);
    if (!code) throw new ValidationError(`${option}: "${given}" is not a currency (use an ISO code such as CNY, EUR, USD)`);
    return code;
  }
  return m.configured ? m.base : null;
}

/** The currency a stored amount is in, for showing it: null reads as the base. */
export function shownCurrency(m: Money, currency: string | null | undefined): string {
  return isBase(m, currency) ? m.base : currency!;
}

/** A stamp of the rates for knowing when stored values computed with them went stale. */
export function moneyStamp(m: Money): string {
  return JSON.stringify([m.base, [...m.rates].sort(([a], [b]) => (a < b ? -1 : 1))]);
}
