import type { NewContactPoint } from '../db/schema.js';
import * as accounts from '../db/repositories/accounts.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { parseIsoDate } from '../domain/dates.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull, companyKey, countryCode, personKey, phoneRegion, webDomain } from '../domain/normalize.js';
import { fillPlace } from '../domain/places.js';
import {
  ACCOUNT_KINDS,
  BUYING_MODES,
  KEY_FACES,
  POTENTIALS,
  SUPPLY_CHANNELS,
  normalizeSource,
  oneOf,
} from '../domain/vocab.js';
import { inTransaction, type ServiceContext } from './context.js';
import { accountTouched } from './activity.js';
import { contactPointsFromInput } from './contact-points.js';
import { accountMatches, duplicateError } from './duplicates.js';
import { dropAliases, keepAlias, nameKey, renamed } from './names.js';

export interface AccountInput {
  name?: string;
  kind?: string;
  website?: string;
  address?: string;
  city?: string;
  region?: string;
  country?: string;
  postcode?: string;
  industry?: string;
  industryPosition?: string;
  employees?: number;
  mainBusiness?: string;
  businessScope?: string;
  buyingMode?: string;
  supplyChannels?: string;
  source?: string;
  campaign?: string;
  owner?: string;
  referredBy?: number;
  notes?: string;
  foundedOn?: string;
  strategic?: boolean;
  keyFace?: string;
  potential?: string;
  expectedDemand?: number;
  tags?: string[];
  removeTags?: string[];
  /** company switchboard numbers and addresses, not a person's */
  phones?: string[];
  emails?: string[];
  /** other names the company is known under (a former name, the name in another script) */
  aliases?: string[];
  /** other names to forget (edit only) */
  dropAliases?: string[];
}

function checkEnum(field: string, list: readonly string[], v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (!oneOf(list, t)) throw new ValidationError(`--${field} must be one of ${list.join(', ')} (got "${v}")`);
  return t;
}

function checkDate(field: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = parseIsoDate(v);
  if (!d) throw new ValidationError(`--${field} must be a date as YYYY-MM-DD (got "${v}")`);
  return d;
}

/** Turns validated input into column values; only the fields present in the input. */
function columns(input: AccountInput) {
  checkTextLengths(input);
  const c: Record<string, unknown> = {};
  const text = (k: string, v: string | undefined) => {
    if (v !== undefined) c[k] = cleanOrNull(v);
  };
  if (input.name !== undefined) {
    const name = cleanOrNull(input.name);
    if (!name) throw new ValidationError('the account name cannot be empty');
    c.name = name;
  }
  if (input.kind !== undefined) c.kind = checkEnum('kind', ACCOUNT_KINDS, input.kind);
  if (input.website !== undefined) {
    c.website = cleanOrNull(input.website);
    c.domain = webDomain(input.website) ?? null;
  }
  text('address', input.address);
  text('city', input.city);
  text('region', input.region);
  if (input.country !== undefined) c.country = countryCode(input.country) ?? cleanOrNull(input.country)?.toUpperCase() ?? null;
  text('postcode', input.postcode);
  text('industry', input.industry);
  text('industry_position', input.industryPosition);
  if (input.employees !== undefined) c.employees = input.employees;
  text('main_business', input.mainBusiness);
  text('business_scope', input.businessScope);
  if (input.buyingMode !== undefined) c.buying_mode = checkEnum('buying-mode', BUYING_MODES, input.buyingMode);
  if (input.supplyChannels !== undefined) c.supply_channels = checkEnum('channels', SUPPLY_CHANNELS, input.supplyChannels);
  if (input.source !== undefined) c.source = normalizeSource(input.source);
  text('campaign', input.campaign);
  text('notes', input.notes);
  if (input.foundedOn !== undefined) c.founded_on = checkDate('founded', input.foundedOn);
  if (input.strategic !== undefined) c.strategic = input.strategic ? 1 : 0;
  if (input.keyFace !== undefined) c.key_face = input.keyFace === '' ? null : checkEnum('face', KEY_FACES, input.keyFace);
  if (input.potential !== undefined) c.potential = input.potential === '' ? null : checkEnum('potential', POTENTIALS, input.potential);
  if (input.expectedDemand !== undefined) c.expected_demand = input.expectedDemand;
  if (input.referredBy !== undefined) c.referred_by_id = input.referredBy;
  return c;
}

/**
 * Adds an account. Unless `force`, an account that looks like the same one (same normalised name or
 * alias, email or phone) stops it with a DuplicateError listing the matches.
 */
export async function addAccount(ctx: ServiceContext, input: AccountInput, opts: { force?: boolean } = {}): Promise<number> {
  if (!input.name) throw new ValidationError('an account needs a name (--name)');
  const cols = withPlace(columns(input));
  const now = ctx.clock.now();
  return inTransaction(ctx, async (t) => {
    if (!opts.force) {
      const kind0 = (cols.kind as string | undefined) ?? 'company';
      const region = phoneRegion((cols.country as string | null | undefined) ?? null, ctx.config.defaultCountry);
      const found = await accountMatches(t.db, { name: cols.name as string, kind: kind0, phones: input.phones, emails: input.emails }, region);
      if (found.length) throw duplicateError(cols.name as string, found);
    }
    const ownerName = input.owner ?? ctx.config.defaultOwner ?? null;
    const owner_id = ownerName ? await accounts.getOrCreateRep(t.db, ownerName, now) : null;
    if (input.referredBy !== undefined && !(await accounts.getAccount(t.db, input.referredBy)))
      throw new NotFoundError(`referring account ${input.referredBy} not found`);
    const name = cols.name as string;
    const kind = (cols.kind as 'company' | 'individual' | undefined) ?? 'company';
    const id = await accounts.insertAccount(t.db, {
      ...(cols as object),
      kind,
      name,
      name_key: kind === 'company' ? companyKey(name) : personKey(name),
      owner_id,
      created_at: now,
      updated_at: now,
    } as never);
    await accounts.addTags(t.db, id, normalizeTags(input.tags));
    await accounts.insertContactPoints(t.db, companyPoints(ctx, id, input, (cols.country as string | null | undefined) ?? null, now));
    for (const alias of input.aliases ?? []) await keepAlias(t.db, { accountId: id, contactId: null, owner: kind, name: alias, currentKey: nameKey(kind, name), source: 'hand', now });
    await accounts.reindexAccounts(t.db, t.engine.search, [id]);
    await accountTouched(t.db, id, ctx.config);
    return id;
  });
}

function companyPoints(ctx: ServiceContext, accountId: number, input: AccountInput, country: string | null, now: string): NewContactPoint[] {
  return contactPointsFromInput(
    { accountId, contactId: null, phones: input.phones, emails: input.emails, now },
    phoneRegion(country, ctx.config.defaultCountry),
  );
}

/** A new account's city, region, postcode and country, where not given, from its address and city. */
function withPlace(c: Record<string, unknown>): Record<string, unknown> {
  const str = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : null);
  const filled = fillPlace({ address: str('address'), city: str('city'), region: str('region'), postcode: str('postcode'), country: str('country') }, countryCode);
  const out = { ...c };
  for (const k of ['city', 'region', 'postcode', 'country'] as const) if (filled[k] && !c[k]) out[k] = filled[k];
  return out;
}

export function normalizeTags(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).flatMap((t) => t.split(',')).map((t) => t.normalize('NFKC').trim()).filter(Boolean))];
}

export async function editAccount(ctx: ServiceContext, id: number, input: AccountInput): Promise<void> {
  const cols = columns(input);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (t) => {
    const current = await accounts.getAccount(t.db, id);
    if (!current) throw new NotFoundError(`account ${id} not found`);
    if (input.owner !== undefined) cols.owner_id = input.owner ? await accounts.getOrCreateRep(t.db, input.owner, now) : null;
    const kind = (cols.kind as string | undefined) ?? current.kind;
    const name = (cols.name as string | undefined) ?? current.name;
    if (cols.name !== undefined || cols.kind !== undefined) cols.name_key = kind === 'company' ? companyKey(name) : personKey(name);
    if (Object.keys(cols).length) await accounts.updateAccount(t.db, id, { ...cols, updated_at: now });
    // a renamed company keeps its former name: old papers, old exports and colleagues still use it
    if (cols.name !== undefined && cols.name !== current.name) await renamed(t.db, { accountId: id, contactId: null, owner: kind, oldName: current.name, newName: name, now });
    await dropAliases(t.db, { accountId: id, contactId: null, owner: kind, names: input.dropAliases ?? [] });
    for (const alias of input.aliases ?? []) await keepAlias(t.db, { accountId: id, contactId: null, owner: kind, name: alias, currentKey: nameKey(kind, name), source: 'hand', now });
    await accounts.addTags(t.db, id, normalizeTags(input.tags));
    await accounts.removeTags(t.db, id, normalizeTags(input.removeTags));
    const country = cols.country !== undefined ? (cols.country as string | null) : current.country;
    await accounts.insertContactPoints(t.db, companyPoints(ctx, id, input, country, now));
    await accounts.reindexAccounts(t.db, t.engine.search, [id]);
    await accountTouched(t.db, id, ctx.config);
  });
}

export async function archiveAccount(ctx: ServiceContext, id: number, restore = false): Promise<void> {
  await inTransaction(ctx, async (t) => {
    const current = await accounts.getAccount(t.db, id);
    if (!current) throw new NotFoundError(`account ${id} not found`);
    const now = ctx.clock.now();
    await accounts.updateAccount(t.db, id, { archived_at: restore ? null : now, updated_at: now });
    await accountTouched(t.db, id, ctx.config);
  });
}

export async function listAccounts(ctx: ServiceContext, filter: accounts.AccountFilter) {
  const rows = await accounts.listAccounts(ctx.db, filter);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    city: r.city,
    region: r.region,
    industry: r.industry,
    source: r.source,
    campaign: r.campaign,
    owner: r.owner,
    tier: r.tier,
    ladder: r.ladder,
    valueScore: r.value_score,
    contacts: Number(r.contacts),
    lastContactOn: r.last_contact_on,
    nextDueOn: r.next_due_on,
    archived: r.archived_at !== null,
  }));
}
export type AccountListItem = Awaited<ReturnType<typeof listAccounts>>[number];
