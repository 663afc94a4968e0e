import * as accounts from '../db/repositories/accounts.js';
import type { Db } from '../db/connection.js';
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
  const rows = await db.selectFrom('contacts').select(['id', 'name', 'name_key']).where('account_id', '=', accountId).execute();
  if (/^\d+$/.test(t)) {
    const c = rows.find((r) => r.id === Number(t));
    if (c) return c;
  }
  if (t.includes('@')) {
    const email = normalizeEmail(t);
    if (email) {
      const p = await db
        .selectFrom('contact_points')
        .select('contact_id')
        .where('account_id', '=', accountId)
        .where('kind', '=', 'email')
        .where('value', '=', email)
        .where('contact_id', 'is not', null)
        .executeTakeFirst();
      const c = p && rows.find((r) => r.id === p.contact_id);
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
  const a = await t.db.selectFrom('accounts').select('owner_id').where('id', '=', accountId).executeTakeFirst();
  return a?.owner_id ?? null;
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
    const before = await t.db
      .selectFrom('interaction_materials as m')
      .innerJoin('interactions as i', 'i.id', 'm.interaction_id')
      .select(['m.material', 'i.occurred_at'])
      .where('m.account_id', '=', accountId)
      .where('m.material', 'in', materials)
      .orderBy('i.occurred_at')
      .execute();
    for (const mat of materials) {
      const hit = before.find((b) => b.material === mat);
      if (hit) warnings.push(`"${mat}" was already sent to this account on ${hit.occurred_at.slice(0, 10)}; logged anyway`);
    }
  }
  const details = input.details && Object.keys(input.details).length ? { ...input.details } : null;
  const row = await t.db
    .insertInto('interactions')
    .values({
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (materials.length)
    await t.db
      .insertInto('interaction_materials')
      .values(materials.map((material) => ({ interaction_id: row.id, account_id: accountId, material })))
      .execute();
  if (dealId !== null) await t.db.updateTable('deals').set({ updated_at: now }).where('id', '=', dealId).execute();
  await accountTouched(t.db, accountId);
  return { id: row.id, accountId, dealId, warnings };
}

/** The account's open deal when there is exactly one: a call logged on the account counts for it. */
export async function soleOpenDeal(db: Db, accountId: number): Promise<number | null> {
  const open = await db.selectFrom('deals').select('id').where('account_id', '=', accountId).where('status', '=', 'open').limit(2).execute();
  return open.length === 1 ? open[0]!.id : null;
}

/** `crm log`: any interaction with an account, outside the stage commands. */
export async function logInteraction(ctx: ServiceContext, accountId: number, input: InteractionInput): Promise<LoggedInteraction> {
  checkTextLengths(input);
  const kind = checkKind(input.kind);
  return inTransaction(ctx, async (t) => {
    if (!(await t.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst())) throw new NotFoundError(`account ${accountId} not found`);
    let dealId: number | null;
    if (input.dealId !== undefined && input.dealId !== null) {
      const d = await t.db.selectFrom('deals').select(['id', 'account_id']).where('id', '=', input.dealId).executeTakeFirst();
      if (!d || d.account_id !== accountId) throw new NotFoundError(`deal ${input.dealId} not found at account ${accountId}`, 'list them with: crm deals');
      dealId = d.id;
    } else dealId = input.dealId === null ? null : await soleOpenDeal(t.db, accountId);
    return writeInteraction(t, accountId, { ...input, kind }, dealId);
  });
}
