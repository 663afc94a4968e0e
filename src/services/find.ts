import * as accounts from '../db/repositories/accounts.js';
import { aliasesOfAccounts } from '../db/repositories/aliases.js';
import { namesAndPointsOf, ownersOfNumber } from '../db/repositories/contacts.js';
import type { ServiceContext } from './context.js';

export interface FindHit {
  id: number;
  name: string;
  kind: string;
  city: string | null;
  contacts: string[];
  /** other names of the account and its contacts (a hit may come from one) */
  aliases: string[];
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
  const points = await ownersOfNumber(ctx.db, number, 20);
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
  return hitsFor(ctx, await ctx.engine.search.find(ctx.db, text, limit));
}

async function hitsFor(ctx: ServiceContext, ids: number[]): Promise<FindHit[]> {
  if (!ids.length) return [];
  const rows = await accounts.getAccounts(ctx.db, ids);
  const { contacts, points } = await namesAndPointsOf(ctx.db, ids);
  const aliases = await aliasesOfAccounts(ctx.db, ids);
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
      aliases: aliases.filter((x) => x.account_id === a.id).map((x) => x.name),
      emails: points.filter((p) => p.account_id === a.id && p.kind === 'email').map((p) => p.value),
      phones: points.filter((p) => p.account_id === a.id && p.kind !== 'email' && p.kind !== 'im' && p.kind !== 'web').map((p) => p.value),
      archived: a.archived_at !== null,
    }));
}
