import { AmbiguousError } from '../domain/errors.js';
import { resolveAccount } from '../services/resolve.js';
import type { ServiceContext } from '../services/context.js';
import { askChoice } from './prompt.js';
import { canPrompt } from './runtime.js';

/** ACCOUNT argument: resolved by the service; an ambiguous match becomes a choice on a TTY. */
export async function accountArg(ctx: ServiceContext, ref: string): Promise<number> {
  try {
    return await resolveAccount(ctx, ref);
  } catch (e) {
    if (e instanceof AmbiguousError && canPrompt()) {
      const pick = await askChoice(
        `"${ref}" matches several accounts; which one?`,
        e.candidates.map((c) => ({ value: String(c.id), name: c.label })),
        { flag: 'ACCOUNT' },
      );
      return Number(pick);
    }
    throw e;
  }
}
