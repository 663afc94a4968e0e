import * as accounts from '../db/repositories/accounts.js';
import { accountIdsByContactAliasKey, accountsByAliasKeys } from '../db/repositories/aliases.js';
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

function sameName(a: string, b: string): boolean {
  return cleanText(a).toLowerCase() === cleanText(b).toLowerCase();
}

/**
 * ACCOUNT as commands.md defines it: an id, an exact email or phone of one of its contacts, or a
 * unique name match, in that order: an exact email or phone, then an exact account name, then
 * account names with the same key (legal forms aside), then a contact's exact name, and only then
 * a search. Several matches at the first step that has any raise AmbiguousError with the
 * candidates (the CLI prompts on a TTY).
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
  // An exact name wins over names that only share its key or contain it: "Acme Trading" is the
  // account of that name, even when "Acme Trading Co., Ltd." (the same key) also exists. Every
  // other name an account is known under (a former name, 华南电子 / Huanan Electronics) counts.
  const keys = [companyKey(ref), personKey(ref)];
  const exact = [
    ...(await accounts.findAccountsByNameKey(ctx.db, keys[0]!)),
    ...(await accounts.findAccountsByNameKey(ctx.db, keys[1]!)),
    ...(await accountsByAliasKeys(ctx.db, keys)),
  ];
  const same = exact.filter((a) => sameName(a.name, ref));
  const byName = await oneOrAmbiguous(ctx, ref, (same.length ? same : exact).map((a) => a.id));
  if (byName !== undefined) return byName;
  // then a contact of exactly that name ("Li Na", not "Li Nan"), or known under it
  const people = [
    ...(await accounts.findAccountIdsByContactNameKey(ctx.db, personKey(ref))),
    ...(await accountIdsByContactAliasKey(ctx.db, personKey(ref))),
  ];
  const byPerson = await oneOrAmbiguous(ctx, ref, people);
  if (byPerson !== undefined) return byPerson;
  const hits = await ctx.engine.search.find(ctx.db, ref, 21);
  const live = (await accounts.getAccounts(ctx.db, hits)).filter((a) => a.archived_at === null).map((a) => a.id);
  const found = await oneOrAmbiguous(ctx, ref, live.length ? live : hits);
  if (found !== undefined) return found;
  throw new NotFoundError(`no account matches "${ref}"`, 'search with: crm find TEXT');
}
