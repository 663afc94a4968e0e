import * as accounts from '../db/repositories/accounts.js';
import { accountIdsByAliasKeys } from '../db/repositories/aliases.js';
import { AmbiguousError, NotFoundError } from '../domain/errors.js';
import { cleanText, companyKey, emailKey, normalizeEmail, normalizePhone, personKey } from '../domain/normalize.js';
import type { ServiceContext } from './context.js';

async function candidates(ctx: ServiceContext, ids: number[]) {
  const rows = await accounts.getAccounts(ctx.db, ids.slice(0, 20));
  return rows.map((a) => ({ id: a.id, label: `${a.name}${a.city ? ` (${a.city})` : ''} #${a.id}` }));
}

async function oneOrAmbiguous(ctx: ServiceContext, ref: string, ids: number[]): Promise<number | undefined> {
  const unique = [...new Set(ids)];
  if (unique.length === 1) return unique[0];
  if (unique.length > 1) {
    const list = await candidates(ctx, unique);
    throw new AmbiguousError(`"${ref}" matches ${unique.length} accounts: ${list.map((c) => c.label).join('; ')}`, list);
  }
  return undefined;
}

/**
 * ACCOUNT as commands.md defines it: an id, an exact email or phone of one of its contacts, or a
 * unique name match. Several matches raise AmbiguousError with the candidates (the CLI prompts on a TTY).
 */
export async function resolveAccount(ctx: ServiceContext, refIn: string): Promise<number> {
  const ref = cleanText(refIn);
  if (!ref) throw new NotFoundError('no account given');
  if (/^#?\d+$/.test(ref) && ref.replace('#', '').length < 10) {
    const a = await accounts.getAccount(ctx.db, Number(ref.replace('#', '')));
    if (a) return a.id;
    if (ref.startsWith('#')) throw new NotFoundError(`no account with id ${ref.slice(1)}`, 'find it with: crm find TEXT');
  }
  const email = ref.includes('@') ? normalizeEmail(ref) : undefined;
  if (email) {
    const id = await oneOrAmbiguous(ctx, ref, await accounts.findAccountIdsByPointKey(ctx.db, ['email'], emailKey(email)));
    if (id !== undefined) return id;
  }
  if (/^[+\d][\d\s().-]{4,}$/.test(ref)) {
    const p = normalizePhone(ref, ctx.config.defaultCountry ?? undefined);
    if (p.ok) {
      const id = await oneOrAmbiguous(ctx, ref, await accounts.findAccountIdsByPointKey(ctx.db, ['phone', 'mobile', 'fax'], p.phone.key));
      if (id !== undefined) return id;
    }
  }
  const keys = [companyKey(ref), personKey(ref)];
  // the name, or any other name the account is known under (a former name, 张伟 / Zhang Wei)
  const exact = [
    ...(await accounts.findAccountsByNameKey(ctx.db, keys[0]!)).map((a) => a.id),
    ...(await accounts.findAccountsByNameKey(ctx.db, keys[1]!)).map((a) => a.id),
    ...(await accountIdsByAliasKeys(ctx.db, keys)),
  ];
  const byName = await oneOrAmbiguous(ctx, ref, exact);
  if (byName !== undefined) return byName;
  const hits = await ctx.engine.search.find(ctx.db, ref, 21);
  const live = (await accounts.getAccounts(ctx.db, hits)).filter((a) => a.archived_at === null).map((a) => a.id);
  const found = await oneOrAmbiguous(ctx, ref, live.length ? live : hits);
  if (found !== undefined) return found;
  throw new NotFoundError(`no account matches "${ref}"`, 'search with: crm find TEXT');
}
