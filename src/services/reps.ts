// Who the rep at the keyboard is, and whose book a list shows. On a book in a file there is one
// seller (or a team sharing one laptop): lists show everything. On a book on a server each rep
// logs in as themselves: `me` is the config's `me` (else `defaultOwner`), else the database login
// once it is one of the book's reps, and the rep's lists (due, visit plans, deals) show their own
// book unless --owner says otherwise. A login that owns nothing (an administrator, a rep before
// any account is theirs) sees every rep's accounts, as on a file.
import { repId } from '../db/repositories/due.js';
import type { ServiceContext } from './context.js';

/** The --owner value that lists every rep's accounts. */
export const ALL_OWNERS = 'all';

export interface Me {
  /** the rep's name as accounts are owned (reps.name), or null when unknown */
  name: string | null;
  /** the book is shared on a server: lists default to the rep's own book */
  team: boolean;
}

function configured(ctx: ServiceContext): string | null {
  const me = ctx.config.me;
  if (typeof me === 'string' && me.trim()) return me.trim();
  return ctx.config.defaultOwner?.trim() || null;
}

export async function whoAmI(ctx: ServiceContext): Promise<Me> {
  const named = configured(ctx);
  const login = await ctx.engine.login();
  if (login === null) return { name: named, team: false };
  if (named) return { name: named, team: true };
  const known = (await repId(ctx.db, login)) !== undefined;
  return { name: known ? login : null, team: known };
}

/**
 * The owner a rep's list is filtered by: the one asked for (`all`: everyone), else on a team book
 * the rep's own, else nobody in particular (undefined: every account).
 */
export async function bookOwner(ctx: ServiceContext, owner: string | undefined): Promise<string | undefined> {
  if (owner !== undefined) return owner.trim().toLowerCase() === ALL_OWNERS ? undefined : owner;
  const me = await whoAmI(ctx);
  return me.team ? (me.name ?? undefined) : undefined;
}
