import type { Db } from '../db/engine.js';
import * as accounts from '../db/repositories/accounts.js';
import * as repo from '../db/repositories/interactions.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { cleanOrNull, normalizeEmail, personKey } from '../domain/normalize.js';
import { INTERACTION_KINDS, oneOf } from '../domain/vocab.js';
import { RESEARCH_KIND } from '../domain/stages.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';

export interface InteractionInput {
  kind: string;
  stage?: string | null;
  /** a contact of the account: id, name or email */
  contact?: string;
  summary?: string;
  outcome?: string;
  nextStep?: string;
  nextDue?: string;
  materials?: string[];
  minutes?: number;
  /** the rep; default: config defaultOwner, else the account owner */
  by?: string;
  details?: Record<string, unknown> | null;
  /** the deal it belongs to; undefined = the account's only open deal, if there is exactly one */
  dealId?: number | null;
}

export interface LoggedInteraction {
  id: number;
  accountId: number;
  dealId: number | null;
  /** e.g. a material already sent to this account before */
  warnings: string[];
}

/** A contact of this account by id, exact email, or name (exact, then unique prefix). */
export async function resolveAccountContact(db: Db, accountId: number, ref: string): Promise<{ id: number; name: string }> {
  const t = ref.trim();
  const rows = await repo.contactNamesOfAccount(db, accountId);
  if (/^\d+$/.test(t)) {
    const c = rows.find((r) => r.id === Number(t));
    if (c) return c;
  }
  if (t.includes('@')) {
    const email = normalizeEmail(t);
    if (email) {
      const contactId = await repo.contactIdByEmail(db, accountId, email);
      const c = contactId !== undefined ? rows.find((r) => r.id === contactId) : undefined;
      if (c) return c;
    }
  }
  const key = personKey(t);
  const exact = rows.filter((r) => r.name_key === key);
  if (exact.length === 1) return exact[0]!;
  const loose = rows.filter((r) => r.name_key.includes(key) || r.name.toLowerCase().includes(t.toLowerCase()));
  if (exact.length === 0 && loose.length === 1) return loose[0]!;
  if (exact.length > 1 || loose.length > 1)
    throw new ConflictError(`--contact "${ref}" matches several contacts of account ${accountId}: ${(exact.length > 1 ? exact : loose).map((r) => `${r.name} (#${r.id})`).join(', ')}`, 'give the contact id or email');
  throw new NotFoundError(`--contact "${ref}": no such contact at account ${accountId}`, `add one with: crm contact add ${accountId} --name "${ref}"`);
}

/** The rep recorded on an interaction: the one given, else the configured default, else the account owner. */
export async function repFor(t: ServiceContext, accountId: number, by: string | undefined, now: string): Promise<number | null> {
  const name = by ?? t.config.defaultOwner ?? undefined;
  if (name) return accounts.getOrCreateRep(t.db, name, now);
  return repo.accountOwnerId(t.db, accountId);
}

export function checkKind(kind: string, allowResearch = false): string {
  const k = kind.trim().toLowerCase();
  if (oneOf(INTERACTION_KINDS, k) || (allowResearch && k === RESEARCH_KIND)) return k;
  throw new ValidationError(`--kind must be one of ${INTERACTION_KINDS.join(', ')} (got "${kind}")`);
}

export function cleanMaterials(m: readonly string[] | undefined): string[] {
  return [...new Set((m ?? []).flatMap((x) => x.split(',')).map((x) => x.normalize('NFKC').trim()).filter(Boolean))];
}

/**
 * Writes one interaction inside the caller's transaction: the row, its materials (warning when a
 * material was already sent to this account), the deal's last activity, and the account's
 * activity columns.
 */
export async function writeInteraction(t: ServiceContext, accountId: number, input: InteractionInput, dealId: number | null, at?: string): Promise<LoggedInteraction> {
  const now = at ?? t.clock.now();
  const contact = input.contact ? await resolveAccountContact(t.db, accountId, input.contact) : null;
  const materials = cleanMaterials(input.materials);
  const warnings: string[] = [];
  if (materials.length) {
    const before = await repo.materialsSent(t.db, accountId, materials);
    for (const mat of materials) {
      const hit = before.find((b) => b.material === mat);
      if (hit) warnings.push(`"${mat}" was already sent to this account on ${hit.occurred_at.slice(0, 10)}; logged anyway`);
    }
  }
  const details = input.details && Object.keys(input.details).length ? { ...input.details } : null;
  const id = await repo.insertInteraction(t.db, {
      account_id: accountId,
      contact_id: contact?.id ?? null,
      deal_id: dealId,
      kind: input.kind,
      stage: input.stage ?? null,
      occurred_at: now,
      summary: cleanOrNull(input.summary ?? null),
      outcome: cleanOrNull(input.outcome ?? null),
      next_step: cleanOrNull(input.nextStep ?? null) ?? (input.nextDue ? 'follow up' : null),
      next_due: input.nextDue ?? null,
      details: details ? JSON.stringify(details) : null,
      rep_id: await repFor(t, accountId, input.by, now),
      minutes: input.minutes ?? null,
      created_at: now,
    });
  await repo.insertMaterials(t.db, id, accountId, materials);
  if (dealId !== null) await repo.touchDeal(t.db, dealId, now);
  await accountTouched(t.db, accountId);
  return { id, accountId, dealId, warnings };
}

/** The account's open deal when there is exactly one: a call logged on the account counts for it. */
export async function soleOpenDeal(db: Db, accountId: number): Promise<number | null> {
  const open = await repo.openDealIds(db, accountId);
  return open.length === 1 ? open[0]! : null;
}

/** `crm log`: any interaction with an account, outside the stage commands. */
export async function logInteraction(ctx: ServiceContext, accountId: number, input: InteractionInput): Promise<LoggedInteraction> {
  checkTextLengths(input);
  const kind = checkKind(input.kind);
  return inTransaction(ctx, async (t) => {
    if (!(await repo.accountExists(t.db, accountId))) throw new NotFoundError(`account ${accountId} not found`);
    let dealId: number | null;
    if (input.dealId !== undefined && input.dealId !== null) {
      const d = await repo.dealAccount(t.db, input.dealId);
      if (!d || d.account_id !== accountId) throw new NotFoundError(`deal ${input.dealId} not found at account ${accountId}`, 'list them with: crm deals');
      dealId = d.id;
    } else dealId = input.dealId === null ? null : await soleOpenDeal(t.db, accountId);
    return writeInteraction(t, accountId, { ...input, kind }, dealId);
  });
}
