import * as accounts from '../db/repositories/accounts.js';
import * as aliasesRepo from '../db/repositories/aliases.js';
import * as contacts from '../db/repositories/contacts.js';
import type { Contact, ContactPoint } from '../db/schema.js';
import { parseIsoDate } from '../domain/dates.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull, personKey, phoneRegion, splitName } from '../domain/normalize.js';
import { BUYING_ROLES, ENTRY_ROLES, oneOf } from '../domain/vocab.js';
import { contactPointsFromInput } from './contact-points.js';
import type { Db } from '../db/engine.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { contactMatches, duplicateError } from './duplicates.js';
import { dropAliases, keepAlias, renamed } from './names.js';

export interface ContactInput {
  name?: string;
  title?: string;
  department?: string;
  emails?: string[];
  phones?: string[];
  mobiles?: string[];
  ims?: string[];
  personality?: string;
  hobbies?: string;
  birthday?: string;
  buyingRole?: string;
  entryRoles?: string[];
  notes?: string;
  /** other names the person is known under (a romanised or maiden name) */
  aliases?: string[];
  /** other names to forget (edit only) */
  dropAliases?: string[];
}

/** 'YYYY-MM-DD', or '--MM-DD' when only month and day are known. */
export function normalizeBirthday(s: string): string {
  const t = s.trim();
  const full = parseIsoDate(t);
  if (full) return full;
  const m = /^(?:--)?(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    const mo = Number(m[1]);
    const d = Number(m[2]);
    const ok = parseIsoDate(`2000-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    if (ok) return `--${ok.slice(5)}`;
  }
  throw new ValidationError(`birthday must be YYYY-MM-DD or MM-DD (got "${s}")`);
}

function columns(input: ContactInput): Record<string, unknown> {
  checkTextLengths(input);
  const c: Record<string, unknown> = {};
  const text = (k: string, v: string | undefined) => {
    if (v !== undefined) c[k] = cleanOrNull(v);
  };
  if (input.name !== undefined) {
    const name = cleanOrNull(input.name);
    if (!name) throw new ValidationError('the contact name cannot be empty');
    const split = splitName(name);
    Object.assign(c, { name, name_key: personKey(name), given_name: split.given, family_name: split.family });
  }
  text('title', input.title);
  text('department', input.department);
  text('personality', input.personality);
  text('hobbies', input.hobbies);
  text('notes', input.notes);
  if (input.birthday !== undefined) c.birthday = input.birthday ? normalizeBirthday(input.birthday) : null;
  if (input.buyingRole !== undefined) {
    const r = input.buyingRole.trim().toLowerCase();
    if (r && !oneOf(BUYING_ROLES, r)) throw new ValidationError(`--role must be one of ${BUYING_ROLES.join(', ')} (got "${input.buyingRole}")`);
    c.buying_role = r || null;
  }
  if (input.entryRoles !== undefined) {
    const roles = input.entryRoles.flatMap((r) => r.split(',')).map((r) => r.trim().toLowerCase()).filter(Boolean);
    for (const r of roles) if (!oneOf(ENTRY_ROLES, r)) throw new ValidationError(`--entry-role must be among ${ENTRY_ROLES.join(', ')} (got "${r}")`);
    c.entry_roles = roles.length ? [...new Set(roles)].join(',') : null;
  }
  return c;
}

/**
 * Adds a person to an account. Unless `force`, someone who looks like the same person (same name
 * or alias at this account, same email or mobile anywhere) stops it with a DuplicateError.
 */
export async function addContact(ctx: ServiceContext, accountId: number, input: ContactInput, opts: { force?: boolean } = {}): Promise<number> {
  if (!input.name) throw new ValidationError('a contact needs a name (--name)');
  const cols = columns(input);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (t) => {
    const account = await accounts.getAccount(t.db, accountId);
    if (!account) throw new NotFoundError(`account ${accountId} not found`);
    if (!opts.force) {
      const found = await contactMatches(t.db, accountId, { name: cols.name as string, ...pointLists(input) }, phoneRegion(account.country, ctx.config.defaultCountry));
      if (found.length) throw duplicateError(cols.name as string, found);
    }
    const id = await contacts.insertContact(t.db, {
      ...(cols as object),
      account_id: accountId,
      created_at: now,
      updated_at: now,
    } as never);
    await accounts.insertContactPoints(
      t.db,
      contactPointsFromInput({ accountId, contactId: id, ...pointLists(input), now }, phoneRegion(account.country, ctx.config.defaultCountry)),
    );
    await keepAliases(t.db, accountId, id, cols.name_key as string, input.aliases, now);
    await accounts.updateAccount(t.db, accountId, { updated_at: now });
    await accounts.reindexAccounts(t.db, t.engine.search, [accountId]);
    await accountTouched(t.db, accountId, ctx.config);
    return id;
  });
}

async function keepAliases(db: Db, accountId: number, contactId: number, currentKey: string, names: readonly string[] | undefined, now: string): Promise<void> {
  for (const name of names ?? []) await keepAlias(db, { accountId, contactId, owner: 'contact', name, currentKey, source: 'hand', now });
}

function pointLists(input: ContactInput) {
  return { emails: input.emails, phones: input.phones, mobiles: input.mobiles, ims: input.ims };
}

export async function editContact(ctx: ServiceContext, contactId: number, input: ContactInput): Promise<void> {
  const cols = columns(input);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (t) => {
    const c = await contacts.getContact(t.db, contactId);
    if (!c) throw new NotFoundError(`contact ${contactId} not found`);
    if (Object.keys(cols).length) await contacts.updateContact(t.db, contactId, { ...cols, updated_at: now });
    // the name it had stays findable: a maiden name, the romanised form of a Chinese name
    if (cols.name !== undefined && cols.name !== c.name)
      await renamed(t.db, { accountId: c.account_id, contactId, owner: 'contact', oldName: c.name, newName: cols.name as string, now });
    await dropAliases(t.db, { accountId: c.account_id, contactId, owner: 'contact', names: input.dropAliases ?? [] });
    await keepAliases(t.db, c.account_id, contactId, (cols.name_key as string | undefined) ?? c.name_key, input.aliases, now);
    const account = await accounts.getAccount(t.db, c.account_id);
    await accounts.insertContactPoints(
      t.db,
      contactPointsFromInput({ accountId: c.account_id, contactId, ...pointLists(input), now }, phoneRegion(account?.country, ctx.config.defaultCountry)),
    );
    await accounts.reindexAccounts(t.db, t.engine.search, [c.account_id]);
    await accountTouched(t.db, c.account_id, ctx.config);
  });
}

export interface ContactView {
  id: number;
  accountId: number;
  accountName: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  title: string | null;
  department: string | null;
  emails: string[];
  phones: string[];
  ims: string[];
  personality: string | null;
  hobbies: string | null;
  birthday: string | null;
  buyingRole: string | null;
  entryRoles: string[];
  notes: string | null;
  extra: Record<string, string> | null;
  /** other names the person is known under */
  aliases: string[];
}

export function contactView(c: Contact, accountName: string, points: readonly ContactPoint[], aliases: readonly { contact_id: number | null; name: string }[] = []): ContactView {
  const mine = points.filter((p) => p.contact_id === c.id);
  return {
    id: c.id,
    accountId: c.account_id,
    accountName,
    name: c.name,
    aliases: aliases.filter((a) => a.contact_id === c.id).map((a) => a.name),
    givenName: c.given_name,
    familyName: c.family_name,
    title: c.title,
    department: c.department,
    emails: mine.filter((p) => p.kind === 'email').map((p) => p.value),
    phones: mine.filter((p) => p.kind === 'phone' || p.kind === 'mobile' || p.kind === 'fax').map((p) => p.value),
    ims: mine.filter((p) => p.kind === 'im').map((p) => p.value),
    personality: c.personality,
    hobbies: c.hobbies,
    birthday: c.birthday,
    buyingRole: c.buying_role,
    entryRoles: c.entry_roles ? c.entry_roles.split(',') : [],
    notes: c.notes,
    extra: c.extra ? (JSON.parse(c.extra) as Record<string, string>) : null,
  };
}

export async function listContacts(ctx: ServiceContext, filter: contacts.ContactFilter): Promise<ContactView[]> {
  const rows = await contacts.listContacts(ctx.db, filter);
  const points = await contacts.pointsOfContacts(
    ctx.db,
    rows.map((r) => r.id),
  );
  const byContact = new Map<number, ContactPoint[]>();
  for (const p of points) {
    if (p.contact_id === null) continue;
    const list = byContact.get(p.contact_id) ?? [];
    list.push(p);
    byContact.set(p.contact_id, list);
  }
  const aliases = await aliasesRepo.aliasesOfAccounts(ctx.db, [...new Set(rows.map((r) => r.account_id))]);
  return rows.map((r) => contactView(r, r.account_name, byContact.get(r.id) ?? [], aliases));
}

/** Resolves "the contact" argument of `contact edit`: an id, an email or phone, or a unique name. */
export async function resolveContactId(ctx: ServiceContext, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) {
    const c = await contacts.getContact(ctx.db, Number(ref));
    if (!c) throw new NotFoundError(`no contact with id ${ref}`, 'list them with: crm contact list');
    return c.id;
  }
  const key = personKey(ref);
  const byName = [...new Set([...(await contacts.contactIdsByNameKey(ctx.db, key, 3)), ...(await aliasesRepo.contactIdsByAliasKey(ctx.db, key))])];
  if (byName.length === 1) return byName[0]!;
  const viaPoint = await contacts.contactIdsByPointValue(ctx.db, ref.trim().toLowerCase(), 2);
  if (viaPoint.length === 1) return viaPoint[0]!;
  if (byName.length > 1) throw new ConflictError(`"${ref}" names several contacts; use the contact id (crm contact list)`);
  throw new NotFoundError(`no contact matches "${ref}"`, 'list them with: crm contact list');
}
