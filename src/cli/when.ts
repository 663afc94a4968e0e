import { UsageError } from '../domain/errors.js';
import { parseWhen } from '../domain/stages.js';
import type { Session } from './runtime.js';

/** A date flag: YYYY-MM-DD or relative to today (--as-of aware): today, tomorrow, +3, 2w. */
export function whenArg(s: Session, raw: string | undefined, flag: string): string | undefined {
  if (raw === undefined) return undefined;
  const d = parseWhen(raw, s.clock.today());
  if (!d) throw new UsageError(`${flag} must be a date as YYYY-MM-DD, today, tomorrow, +N days or Nw (got "${raw}")`);
  return d;
}
