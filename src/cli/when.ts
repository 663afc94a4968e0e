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
