import * as accounts from '../db/repositories/accounts.js';
import { searchAccountIds } from '../db/search-index.js';
import type { ServiceContext } from './context.js';

export interface FindHit {
  id: number;
  name: string;
  kind: string;
  city: string | null;
  contacts: string[];
  emails: string[];
  phones: string[];
  archived: boolean;
  /** caller ID: the contact (or the account itself) the searched number belongs to */
  callerId?: { number: string; contactId: number | null; contact: string | null; title: string | null };
}

/** A full international number (+ and 8-15 digits; spaces, dashes, dots and brackets allowed), as E.164; else undefined. */
export function fullNumber(text: string): string | undefined {
  const t = text.trim();
  if (!t.startsWith('+')) return undefined;
  const digits = t.slice(1).replace(/[\s\-.()]/g, '');
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : undefined;
}

/** Caller ID: whose number this is (a contact's, or an account's own line). */
async function whoseNumber(ctx: ServiceContext, number: string): Promise<FindHit[]> {
  const points = await ctx.db
    .selectFrom('contact_points as p')
    .leftJoin('contacts as c', 'c.id', 'p.contact_id')
    .select(['p.account_id', 'p.contact_id', 'p.value', 'c.name', 'c.title'])
    .where((eb) => eb.or([eb('p.value', '=', number), eb('p.value', 'like', `${number};ext=%`)]))
    .where('p.kind', 'in', ['phone', 'mobile', 'fax'])
    .orderBy('p.id')
    .limit(20)
    .execute();
  const hits: FindHit[] = [];
  for (const p of points) {
    const [base] = await hitsFor(ctx, [p.account_id]);
    if (base) hits.push({ ...base, callerId: { number: p.value, contactId: p.contact_id, contact: p.name ?? null, title: p.title ?? null } });
  }
  return hits;
}

/** Accounts whose names, contacts, emails, phones or notes contain the text (any script). */
export async function find(ctx: ServiceContext, text: string, limit = 50): Promise<FindHit[]> {
  const number = fullNumber(text);
  if (number) {
    const who = await whoseNumber(ctx, number);
    if (who.length) return who.slice(0, limit);
  }
  return hitsFor(ctx, await searchAccountIds(ctx.db, text, limit));
}

async function hitsFor(ctx: ServiceContext, ids: number[]): Promise<FindHit[]> {
  if (!ids.length) return [];
  const rows = await accounts.getAccounts(ctx.db, ids);
  const contacts = await ctx.db.selectFrom('contacts').select(['account_id', 'name']).where('account_id', 'in', ids).execute();
  const points = await ctx.db
    .selectFrom('contact_points')
    .select(['account_id', 'kind', 'value'])
    .where('account_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((a) => a !== undefined)
    .map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      city: a.city,
      contacts: contacts.filter((c) => c.account_id === a.id).map((c) => c.name),
      emails: points.filter((p) => p.account_id === a.id && p.kind === 'email').map((p) => p.value),
      phones: points.filter((p) => p.account_id === a.id && p.kind !== 'email' && p.kind !== 'im' && p.kind !== 'web').map((p) => p.value),
      archived: a.archived_at !== null,
    }));
}
