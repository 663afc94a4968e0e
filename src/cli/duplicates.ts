import { DuplicateError } from '../domain/errors.js';
import { askConfirm, interactive } from './prompt.js';

/**
 * Runs an add that refuses likely duplicates: on a terminal the user sees the matches and decides;
 * off one the refusal stands (exit 1) unless --force. Undefined when the user chose not to add.
 */
export async function addUnlessDuplicate<T>(add: (force: boolean) => Promise<T>, force: boolean): Promise<T | undefined> {
  try {
    return await add(force);
  } catch (e) {
    if (!(e instanceof DuplicateError) || !interactive()) throw e;
    const list = e.matches.map((m) => `${m.kind} ${m.id} "${m.name}" (${m.reason})`).join('; ');
    if (!(await askConfirm(`This looks like ${list}. Add a new record anyway?`, false))) return undefined;
    return add(true);
  }
}
