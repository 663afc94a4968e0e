// Phones typed before crm read them in the account's country (or before a default country was
// configured) are stored as typed: "13812345678", not +8613812345678, so `find +86…`, ACCOUNT
// resolution and the import's dedup miss them. `crm doctor` lists them and `--fix` rewrites them.
// A doctor step rather than a migration: the default country lives in the user's config, which a
// migration does not see, and --fix takes a backup first and says what it changed.
import * as accounts from '../db/repositories/accounts.js';
import * as contacts from '../db/repositories/contacts.js';
import { normalizePhone, phoneRegion } from '../domain/normalize.js';
import type { ServiceContext } from './context.js';

export interface PhoneFix {
  id: number;
  accountId: number;
  from: string;
  to: string;
  key: string;
  /** another phone of the same person (or company) already holds this number: this copy goes */
  duplicateOf: number | null;
}

/** The stored phones that the account's country (else config defaultCountry) turns into E.164. */
export async function phonesToNormalise(ctx: ServiceContext): Promise<PhoneFix[]> {
  const rows = await contacts.phonesWithoutCountry(ctx.db);
  const fixes: PhoneFix[] = [];
  for (const r of rows) {
    const country = phoneRegion(r.country, ctx.config.defaultCountry);
    if (!country) continue;
    const p = normalizePhone(r.raw ?? r.value, country);
    if (!p.ok || !p.phone.value.startsWith('+')) continue;
    fixes.push({ id: r.id, accountId: r.account_id, from: r.value, to: p.phone.value, key: p.phone.key, duplicateOf: null });
  }
  if (!fixes.length) return fixes;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const fixed = new Map(fixes.map((f) => [f.id, f]));
  const others = await contacts.phoneKeysOf(ctx.db, [...new Set(fixes.map((f) => f.accountId))]);
  for (const f of fixes) {
    const mine = byId.get(f.id)!;
    const twin = others.find(
      (o) => o.id !== f.id && o.account_id === f.accountId && o.contact_id === mine.contact_id && (fixed.get(o.id)?.key ?? o.match_key) === f.key && !(fixed.has(o.id) && o.id > f.id),
    );
    // only a number typed by hand goes; one an import wrote stays for its batch's undo
    if (twin && mine.batch_id === null) f.duplicateOf = twin.id;
  }
  return fixes;
}

export async function normalisePhones(ctx: ServiceContext, fixes: readonly PhoneFix[]): Promise<void> {
  for (const f of fixes) {
    if (f.duplicateOf !== null) await contacts.deleteContactPoint(ctx.db, f.id);
    else await contacts.setPhone(ctx.db, f.id, f.to, f.key);
  }
  await accounts.reindexAccounts(ctx.db, ctx.engine.search, [...new Set(fixes.map((f) => f.accountId))]);
}
