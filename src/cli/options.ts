// Parsers for option values. A bad value is a usage error (exit 2) naming the option.
import { InvalidArgumentError } from 'commander';
import { parseIsoDate } from '../domain/dates.js';

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
