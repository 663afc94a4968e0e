// Deleting asks first on a terminal; off one (scripts, cron) it needs --yes.
import { UsageError } from '../domain/errors.js';
import { askConfirm, interactive } from './prompt.js';

/** True when the deletion may go ahead: --yes, or the user said yes at the prompt. */
export async function confirmDelete(what: string, yes: boolean | undefined, flag = '--yes'): Promise<boolean> {
  if (yes) return true;
  if (!interactive()) throw new UsageError(`deleting ${what} needs ${flag} off a terminal`, `run it again with ${flag}`);
  return askConfirm(`Delete ${what}?`, false);
}
