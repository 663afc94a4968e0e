// Parsers for option values. A bad value is a usage error (exit 2) naming the option.
import { InvalidArgumentError, type Command } from 'commander';
import { parseIsoDate } from '../domain/dates.js';
import { UsageError } from '../domain/errors.js';
import { currencyCode, parseMoney } from '../domain/money.js';

export function intArg(v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
}

export function positiveIntArg(v: string): number {
  const n = intArg(v);
  if (n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

export function numberArg(v: string): number {
  const t = v.trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new InvalidArgumentError('expected a number');
  return Number(t);
}

/** An amount as people type it, with its currency if it names one: 5800, "1.234,50 €", "US$ 99.90". */
export function moneyArg(v: string): { amount: number; currency?: string } {
  const m = parseMoney(v);
  if (m.amount === undefined) throw new InvalidArgumentError(m.problem ?? 'expected an amount');
  return { amount: m.amount, ...(m.currency ? { currency: m.currency } : {}) };
}

/** The one currency named by an amount, its profit and --currency; naming two is a usage error. */
export function oneCurrency(named: readonly (string | undefined)[]): string | undefined {
  const codes = [...new Set(named.filter((c): c is string => !!c).map((c) => currencyCode(c) ?? c))];
  if (codes.length > 1) throw new UsageError(`the amounts and --currency name different currencies (${codes.join(', ')}): give one`);
  return codes[0];
}

export function dateArg(v: string): string {
  const d = parseIsoDate(v);
  if (!d) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return d;
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
