import { addDays } from '../domain/dates.js';
import { DateInputError, parseDateInput } from '../domain/human-dates.js';
import { UsageError } from '../domain/errors.js';
import type { Session } from './runtime.js';

/** A date flag read inside a command (relative to --as-of when given): see parseDateInput. */
export function whenArg(s: Session, raw: string | undefined, flag: string): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseDateInput(raw, s.clock.today());
  } catch (e) {
    if (e instanceof DateInputError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

/**
 * The start of a period typed as a length back from today: "7d" (or "7") is the last 7 days, today
 * included; "2w" the last 14. Anything else is a date (YYYY-MM-DD, yesterday...) the period starts on.
 */
export function sinceArg(s: Session, raw: string, flag: string): string {
  const m = /^(\d{1,4})\s*(d|days?|w|weeks?|天|周)?$/i.exec(raw.trim());
  if (m) {
    const n = Number(m[1]) * (m[2] && /^(w|周)/i.test(m[2]) ? 7 : 1);
    if (n < 1) throw new UsageError(`${flag} must be at least one day (got "${raw}")`);
    return addDays(s.clock.today(), -(n - 1));
  }
  return whenArg(s, raw, flag)!;
}
