// Parsers for option values, shared by every command: a bad or out-of-range value is a usage
// error (exit 2) naming the option and the allowed range. The ranges are in src/domain/limits.ts.
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../domain/errors.js';
import { systemClock } from '../domain/dates.js';
import { DateInputError, parseDateInput } from '../domain/human-dates.js';
import { formatCount, MAX_AMOUNT, MAX_DAYS, MAX_EMPLOYEES, MAX_ID, MAX_MINUTES, MAX_ROWS } from '../domain/limits.js';
import { currencyCode, parseMoney } from '../domain/money.js';

/** A parser of whole numbers from min to max. */
export function intIn(min: number, max: number): (v: string) => number {
  const expected = `expected a whole number from ${formatCount(min)} to ${formatCount(max)}`;
  return (v) => {
    const t = v.trim();
    if (!/^-?\d+$/.test(t)) throw new InvalidArgumentError(expected);
    // a number past max may not even be exact (99999999999999999999): the comparison still holds
    const n = Number(t);
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(expected);
    return n;
  };
}

/** A parser of numbers (decimals allowed, "12,000.50" too) from min to max. */
export function numberIn(min: number, max: number): (v: string) => number {
  const expected = `expected a number from ${formatCount(min)} to ${formatCount(max)}`;
  return (v) => {
    const t = v.trim().replace(/,/g, '');
    if (!/^-?\d+(\.\d+)?$/.test(t)) throw new InvalidArgumentError(expected);
    const n = Number(t);
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(expected);
    return n;
  };
}

/** any whole number a JavaScript number holds exactly */
export const intArg = intIn(-MAX_ID, MAX_ID);
/** ids (accounts, batches, deals, visits...) */
export const idArg = intIn(1, MAX_ID);
export const positiveIntArg = idArg;
/** --limit where 0 is not a choice */
export const limitArg = intIn(1, MAX_ROWS);
/** --limit where 0 means all */
export const limitOrAllArg = intIn(0, MAX_ROWS);
/** --days, --within: days ahead */
export const daysArg = intIn(0, MAX_DAYS);
export const minutesArg = intIn(1, MAX_MINUTES);
export const employeesArg = intIn(0, MAX_EMPLOYEES);
/** amounts, profits, quantities, targets (a profit may be negative) */
export const amountArg = numberIn(-MAX_AMOUNT, MAX_AMOUNT);
export const numberArg = amountArg;
/** a probability or share, 0-1 */
export const fractionArg = numberIn(0, 1);

/**
 * An amount as people type it, with its currency if it names one: 5800, "1.234,50 €", "US$ 99.90",
 * within the range of amountArg.
 */
export function moneyArg(v: string): { amount: number; currency?: string } {
  const m = parseMoney(v);
  if (m.amount === undefined) throw new InvalidArgumentError(m.problem ?? 'expected an amount');
  if (!(Math.abs(m.amount) <= MAX_AMOUNT)) throw new InvalidArgumentError(`expected an amount from ${formatCount(-MAX_AMOUNT)} to ${formatCount(MAX_AMOUNT)}`);
  return { amount: m.amount, ...(m.currency ? { currency: m.currency } : {}) };
}

/** The one currency named by an amount, its profit and --currency; naming two is a usage error. */
export function oneCurrency(named: readonly (string | undefined)[]): string | undefined {
  const codes = [...new Set(named.filter((c): c is string => !!c).map((c) => currencyCode(c) ?? c))];
  if (codes.length > 1) throw new UsageError(`the amounts and --currency name different currencies (${codes.join(', ')}): give one`);
  return codes[0];
}

let reference: (() => string) | undefined;

/** What "today" is for dates typed on the command line: main sets it from --as-of or the local day. */
export function setDateReference(today: () => string): void {
  reference = today;
}

/** Every option that takes a date: YYYY-MM-DD, or as people type it (see parseDateInput). */
export function dateArg(v: string): string {
  try {
    return parseDateInput(v, (reference ?? (() => systemClock().today()))());
  } catch (e) {
    if (e instanceof DateInputError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

/** For repeatable options: --tag a --tag b → ['a', 'b']. */
export function collect(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), v];
}

export function examples(lines: string[]): string {
  return `Examples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** The account filters of `crm account list`, `crm contact list` and `crm export` ("the filters of list"). */
export function accountFilterOptions(cmd: Command, o: { industryAndTier?: boolean } = {}): Command {
  cmd
    .option('--city <city>', 'only accounts in this city')
    .option('--region <region>', 'only accounts in this region')
    .option('--owner <rep>', 'only accounts of this rep')
    .option('--tag <tag>', 'only accounts with this tag')
    .option('--source <source>', 'only this lead source')
    .option('--campaign <name>', 'only this campaign');
  if (o.industryAndTier) cmd.option('--industry <industry>', 'only this industry').option('--tier <tier>', 'only this tier (A, B, C)');
  return cmd.option('--archived', 'include archived accounts (and contacts)');
}

export interface AccountFilterFlags {
  city?: string;
  region?: string;
  industry?: string;
  owner?: string;
  tag?: string;
  source?: string;
  campaign?: string;
  tier?: string;
  archived?: boolean;
}

export function accountFilter(o: AccountFilterFlags) {
  return {
    city: o.city,
    region: o.region,
    industry: o.industry,
    owner: o.owner,
    tag: o.tag,
    source: o.source,
    campaign: o.campaign,
    tier: o.tier,
    includeArchived: !!o.archived,
  };
}

/**
 * The id of one record given as an argument (crm order edit 311): a usage error naming the
 * record and where its ids are listed otherwise.
 */
export function recordId(noun: string, where: string): (text: string) => number {
  return (text) => {
    try {
      return idArg(text);
    } catch (e) {
      throw new UsageError(`${noun} id "${text}": ${(e as Error).message}`, `see the ids with: ${where}`);
    }
  };
}
