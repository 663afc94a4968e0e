import * as accounts from '../db/repositories/accounts.js';
import * as contacts from '../db/repositories/contacts.js';
import type { ContactPoint, NewContactPoint } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { cleanText, emailKey, normalizeEmail, normalizePhone, phoneRegion } from '../domain/normalize.js';
import { inTransaction, type ServiceContext } from './context.js';

export interface PointInput {
  accountId: number;
  contactId: number | null;
  phones?: readonly string[] | undefined;
  mobiles?: readonly string[] | undefined;
  emails?: readonly string[] | undefined;
  ims?: readonly string[] | undefined;
  now: string;
}

/**
 * Validated, normalised contact points for manual entry: a bad email or phone is an error, not a
 * guess. Phones typed without +code are read in `country` (the account's, else the configured
 * default: normalize.ts phoneRegion), so 13812345678 at a Chinese account is +8613812345678.
 */
export function contactPointsFromInput(p: PointInput, country: string | undefined): NewContactPoint[] {
  const out: NewContactPoint[] = [];
  const base = { account_id: p.accountId, contact_id: p.contactId, label: null, batch_id: null, is_primary: 0, created_at: p.now };
  for (const e of p.emails ?? []) {
    const v = normalizeEmail(e);
    if (!v) throw new ValidationError(`"${e}" is not a valid email address`);
    out.push({ ...base, kind: 'email', value: v, raw: cleanText(e), match_key: emailKey(v) });
  }
  const phone = (kind: 'phone' | 'mobile', s: string) => {
    const r = normalizePhone(s, country);
    if (!r.ok) {
      const why = r.problem === 'excel-mangled' ? 'looks like a number mangled by Excel (1.38E+10)' : 'is not a phone number';
      throw new ValidationError(`"${s}" ${why}`);
    }
    out.push({ ...base, kind, value: r.phone.value, raw: r.phone.raw, match_key: r.phone.key });
  };
  for (const s of p.phones ?? []) phone('phone', s);
  for (const s of p.mobiles ?? []) phone('mobile', s);
  for (const s of p.ims ?? []) {
    const v = cleanText(s);
    if (v) out.push({ ...base, kind: 'im', value: v, raw: v, match_key: v.toLowerCase() });
  }
  if (out.length) out[0] = { ...out[0]!, is_primary: 1 };
  return out;
}

// ---- one phone or email at a time (crm contact|account phone|email edit|remove)

export type PointKind = 'phone' | 'email';

/** Whose point it is: a contact, or the company itself (contactId null). */
export interface PointOwner {
  accountId: number;
  contactId: number | null;
}

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * The stored point a typed value means: the same email (any case), or the same phone however it
 * is written (13812345678, +86 138 1234 5678, 0086-138...), matched on its digits.
 */
export function findPoint(points: readonly ContactPoint[], kind: PointKind, typed: string): ContactPoint | undefined {
  const mine = points.filter((p) => (kind === 'email' ? p.kind === 'email' : p.kind === 'phone' || p.kind === 'mobile' || p.kind === 'fax'));
  const t = cleanText(typed);
  if (kind === 'email') {
    const e = normalizeEmail(t);
    return mine.find((p) => p.value === e || p.raw === t) ?? (e ? mine.find((p) => p.match_key === emailKey(e)) : undefined);
  }
  const exact = mine.find((p) => p.value === t || p.raw === t);
  if (exact) return exact;
  const d = digits(t);
  if (d.length < 5) return undefined;
  const same = mine.filter((p) => digits(p.value.split(';')[0]!) === d || digits(p.match_key ?? '') === d);
  if (same.length) return same[0];
  // typed without the country code: the one stored number ending in these digits
  const tail = mine.filter((p) => d.length >= 7 && digits(p.value.split(';')[0]!).endsWith(d.replace(/^0+/, '')));
  return tail.length === 1 ? tail[0] : undefined;
}

function describe(points: readonly ContactPoint[], kind: PointKind): string {
  const v = points.filter((p) => (kind === 'email' ? p.kind === 'email' : p.kind !== 'email' && p.kind !== 'im' && p.kind !== 'web')).map((p) => p.value);
  return v.length ? v.join(', ') : 'none';
}

async function pointOf(t: ServiceContext, owner: PointOwner, kind: PointKind, typed: string): Promise<ContactPoint> {
  const all = (await contacts.pointsOfAccount(t.db, owner.accountId)).filter((p) => p.contact_id === owner.contactId);
  const p = findPoint(all, kind, typed);
  const whose = owner.contactId !== null ? `contact ${owner.contactId}` : `account ${owner.accountId}`;
  if (!p) throw new NotFoundError(`${whose} has no ${kind} "${typed}"`, `its ${kind === 'email' ? 'emails' : 'phones'}: ${describe(all, kind)}`);
  return p;
}

async function afterPointChange(t: ServiceContext, accountId: number): Promise<void> {
  await accounts.updateAccount(t.db, accountId, { updated_at: t.clock.now() });
  await accounts.reindexAccounts(t.db, t.engine.search, [accountId]);
}

/** Removes one phone or email; when it was the primary one, the next one becomes primary. */
export async function removePoint(ctx: ServiceContext, owner: PointOwner, kind: PointKind, typed: string): Promise<{ removed: string; kind: string }> {
  return inTransaction(ctx, async (t) => {
    const p = await pointOf(t, owner, kind, typed);
    await contacts.deleteContactPoint(t.db, p.id);
    if (p.is_primary) await contacts.promoteNextPoint(t.db, owner.accountId, owner.contactId, ['email', 'phone', 'mobile', 'fax', 'im', 'web']);
    await afterPointChange(t, owner.accountId);
    return { removed: p.value, kind: p.kind };
  });
}

/** Replaces one phone or email with another, checked and normalised like a new one; it keeps its place (primary or not). */
export async function editPoint(ctx: ServiceContext, owner: PointOwner, kind: PointKind, typed: string, replacement: string): Promise<{ from: string; to: string }> {
  return inTransaction(ctx, async (t) => {
    const p = await pointOf(t, owner, kind, typed);
    const account = await accounts.getAccount(t.db, owner.accountId);
    const [n] = contactPointsFromInput(
      { accountId: owner.accountId, contactId: owner.contactId, ...(kind === 'email' ? { emails: [replacement] } : p.kind === 'mobile' ? { mobiles: [replacement] } : { phones: [replacement] }), now: t.clock.now() },
      phoneRegion(account?.country, ctx.config.defaultCountry),
    );
    await contacts.updatePoint(t.db, p.id, { value: n!.value, raw: n!.raw ?? null, match_key: n!.match_key ?? null });
    await afterPointChange(t, owner.accountId);
    return { from: p.value, to: n!.value };
  });
}

/** The owner of a contact's own phones and emails. */
export async function contactOwner(ctx: ServiceContext, contactId: number): Promise<PointOwner> {
  const c = await contacts.getContact(ctx.db, contactId);
  if (!c) throw new NotFoundError(`contact ${contactId} not found`);
  return { accountId: c.account_id, contactId };
}
