import type { NewContactPoint } from '../db/schema.js';
import { ValidationError } from '../domain/errors.js';
import { cleanText, emailKey, normalizeEmail, normalizePhone } from '../domain/normalize.js';

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
