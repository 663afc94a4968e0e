// Parsers for option values. A bad value is a usage error (exit 2) naming the option.
import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '../domain/dates.js';
import { DateInputError, parseDateInput } from '../domain/human-dates.js';

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
