import * as accounts from '../db/repositories/accounts.js';
import { namesAndPointsOf } from '../db/repositories/contacts.js';
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
}

/** Accounts whose names, contacts, emails, phones or notes contain the text (any script). */
export async function find(ctx: ServiceContext, text: string, limit = 50): Promise<FindHit[]> {
  const ids = await ctx.engine.search.find(ctx.db, text, limit);
  if (!ids.length) return [];
  const rows = await accounts.getAccounts(ctx.db, ids);
  const { contacts, points } = await namesAndPointsOf(ctx.db, ids);
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
