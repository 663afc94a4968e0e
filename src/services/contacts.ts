import * as accounts from '../db/repositories/accounts.js';
import * as contacts from '../db/repositories/contacts.js';
import type { Contact, ContactPoint } from '../db/schema.js';
import { parseIsoDate } from '../domain/dates.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull, personKey, phoneRegion, splitName } from '../domain/normalize.js';
import { BUYING_ROLES, ENTRY_ROLES, oneOf } from '../domain/vocab.js';
import { contactPointsFromInput } from './contact-points.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

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

export async function addContact(ctx: ServiceContext, accountId: number, input: ContactInput): Promise<number> {
  if (!input.name) throw new ValidationError('a contact needs a name (--name)');
  const cols = columns(input);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (t) => {
    const account = await accounts.getAccount(t.db, accountId);
    if (!account) throw new NotFoundError(`account ${accountId} not found`);
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
    await accounts.updateAccount(t.db, accountId, { updated_at: now });
    await accounts.reindexAccounts(t.db, t.engine.search, [accountId]);
    await accountTouched(t.db, accountId, ctx.config);
    return id;
  });
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
}

export function contactView(c: Contact, accountName: string, points: readonly ContactPoint[]): ContactView {
  const mine = points.filter((p) => p.contact_id === c.id);
  return {
    id: c.id,
    accountId: c.account_id,
    accountName,
    name: c.name,
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
  return rows.map((r) => contactView(r, r.account_name, byContact.get(r.id) ?? []));
}

/** Resolves "the contact" argument of `contact edit`: an id, an email or phone, or a unique name. */
export async function resolveContactId(ctx: ServiceContext, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) {
    const c = await contacts.getContact(ctx.db, Number(ref));
    if (!c) throw new NotFoundError(`no contact with id ${ref}`, 'list them with: crm contact list');
    return c.id;
  }
  const key = personKey(ref);
  const byName = await contacts.contactIdsByNameKey(ctx.db, key, 3);
  if (byName.length === 1) return byName[0]!;
  const viaPoint = await contacts.contactIdsByPointValue(ctx.db, ref.trim().toLowerCase(), 2);
  if (viaPoint.length === 1) return viaPoint[0]!;
  if (byName.length > 1) throw new ConflictError(`"${ref}" names several contacts; use the contact id (crm contact list)`);
  throw new NotFoundError(`no contact matches "${ref}"`, 'list them with: crm contact list');
}
