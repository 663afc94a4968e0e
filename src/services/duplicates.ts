// Likely duplicates (issue 13, point 6): account add and contact add look for the record they are
// about to create with the keys the import matches on: the normalised company or person name (and
// every alias), emails by their Gmail-aware key, phone numbers in E.164. crm doctor lists the
// groups of records the whole book already holds twice.
import type { Db } from '../db/engine.js';
import * as dup from '../db/repositories/duplicates.js';
import { DuplicateError } from '../domain/errors.js';
import { contactPointsFromInput } from './contact-points.js';
import { nameKey } from './names.js';

export interface DuplicateMatch {
  kind: 'account' | 'contact';
  id: number;
  accountId: number;
  name: string;
  /** why it matches: "same company name", "same email a@b.cn", "known as 华南电子" */
  reason: string;
}

function add(out: DuplicateMatch[], m: DuplicateMatch): void {
  const seen = out.find((x) => x.kind === m.kind && x.id === m.id);
  if (seen) {
    if (!seen.reason.includes(m.reason)) seen.reason += `, ${m.reason}`;
  } else out.push(m);
}

const archived = (a: { archived_at: string | null }) => (a.archived_at ? ' (archived)' : '');

/** Accounts that look like the one about to be added. */
export async function accountMatches(
  db: Db,
  input: { name: string; kind: string; phones?: readonly string[]; emails?: readonly string[] },
  /** the country phones without one are read in (the account's, else the configured default) */
  region: string | undefined,
): Promise<DuplicateMatch[]> {
  const out: DuplicateMatch[] = [];
  const key = nameKey(input.kind, input.name);
  for (const a of await dup.accountsNamed(db, key))
    add(out, { kind: 'account', id: a.id, accountId: a.id, name: a.name + archived(a), reason: a.alias ? `known as "${a.alias}"` : `same ${input.kind === 'company' ? 'company ' : ''}name` });
  const points = contactPointsFromInput({ accountId: 0, contactId: null, phones: input.phones, emails: input.emails, now: '' }, region);
  for (const p of points) {
    if (!p.match_key || p.kind === 'im') continue;
    const kind = p.kind === 'email' ? 'email' : 'number';
    for (const a of await dup.accountsWithPoint(db, kind, p.match_key))
      add(out, { kind: 'account', id: a.id, accountId: a.id, name: a.name + archived(a), reason: `same ${kind === 'email' ? 'email' : 'phone'} ${p.value}` });
  }
  return out;
}

/** People who look like the one about to be added to `accountId`. */
export async function contactMatches(
  db: Db,
  accountId: number,
  input: { name: string; emails?: readonly string[]; phones?: readonly string[]; mobiles?: readonly string[] },
  region: string | undefined,
): Promise<DuplicateMatch[]> {
  const out: DuplicateMatch[] = [];
  const key = nameKey('contact', input.name);
  for (const c of await dup.contactsNamedInAccount(db, accountId, key))
    add(out, { kind: 'contact', id: c.id, accountId: c.account_id, name: `${c.name} at ${c.account_name}`, reason: c.alias ? `known as "${c.alias}"` : 'same name at this account' });
  const points = contactPointsFromInput({ accountId, contactId: null, emails: input.emails, phones: input.phones, mobiles: input.mobiles, now: '' }, region);
  for (const p of points) {
    if (!p.match_key) continue;
    // as the import: an email or a mobile is one person's wherever it is filed; an office line is
    // often a switchboard shared by colleagues, so there the name must agree too
    const found =
      p.kind === 'email'
        ? await dup.contactsWithPoint(db, ['email'], p.match_key)
        : p.kind === 'mobile'
          ? await dup.contactsWithPoint(db, ['mobile', 'phone'], p.match_key)
          : p.kind === 'phone'
            ? await dup.contactsWithPoint(db, ['mobile', 'phone'], p.match_key, key)
            : [];
    for (const c of found)
      add(out, { kind: 'contact', id: c.id, accountId: c.account_id, name: `${c.name} at ${c.account_name}`, reason: `same ${p.kind === 'email' ? 'email' : 'phone'} ${p.value}` });
  }
  return out;
}

/** The error account add / contact add raise (off a terminal, or when the user says no). */
export function duplicateError(what: string, matches: DuplicateMatch[]): DuplicateError {
  const list = matches
    .slice(0, 5)
    .map((m) => `${m.kind} ${m.id} "${m.name}" (${m.reason})`)
    .join('; ');
  const merge = matches[0]!.kind === 'account' ? 'crm account merge' : 'crm contact merge';
  return new DuplicateError(`"${what}" looks like ${list}${matches.length > 5 ? ` and ${matches.length - 5} more` : ''}; nothing was added`, matches, `use the existing record, or add it anyway with --force (and later ${merge} KEEP OTHER if it is the same)`);
}

export interface DuplicateGroup {
  kind: 'account' | 'contact';
  /** what they share */
  reason: string;
  members: { id: number; name: string }[];
}

/** Groups of records the book probably holds twice (crm doctor), at most `limit` of each kind. */
export async function duplicateGroups(db: Db, limit = 50): Promise<DuplicateGroup[]> {
  const out: DuplicateGroup[] = [];
  const named = async (ids: number[]) => (await dup.accountNames(db, ids)).map((a) => ({ id: a.id, name: a.name }));
  const seen = new Set<string>();
  const push = (g: DuplicateGroup) => {
    const k = `${g.kind}:${g.members.map((m) => m.id).join(',')}`;
    const same = out.find((x) => `${x.kind}:${x.members.map((m) => m.id).join(',')}` === k);
    if (same) {
      if (!same.reason.includes(g.reason)) same.reason += `, ${g.reason}`;
      return;
    }
    if (!seen.has(k)) out.push(g);
    seen.add(k);
  };
  for (const g of await dup.accountNameGroups(db, limit)) push({ kind: 'account', reason: 'same name', members: await named(g.ids) });
  for (const g of await dup.sharedPointGroups(db, 'email', limit)) push({ kind: 'account', reason: `same email ${g.key}`, members: await named(g.ids) });
  for (const g of await dup.sharedPointGroups(db, 'number', limit)) push({ kind: 'account', reason: `same phone ${g.key}`, members: await named(g.ids) });
  for (const g of await dup.contactGroups(db, limit)) {
    const members = await dup.contactNames(db, g.ids);
    push({ kind: 'contact', reason: g.key.includes('@') ? `same email ${g.key}` : 'same name', members: members.map((c) => ({ id: c.id, name: `${c.name} at ${c.account_name}` })) });
  }
  return out;
}
