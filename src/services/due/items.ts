// Acting on one due item: done or snoozed, after checking the id against what the data holds.
// Item ids name their source (promise:12, next:345, complaint:4:feedback, deal:7, cadence:12,
// birthday:contact-7:2026), so they stay the same whatever else is written to the account.
// Clearing an item closes its source: one truth whichever command the user runs.
import * as repo from '../../db/repositories/due.js';
import { addDays } from '../../domain/dates.js';
import { accountCandidates, annualCandidate, dueSettings, NEXT_STEP_PREFIX, type NextStepKind } from '../../domain/due.js';
import { NotFoundError, UsageError } from '../../domain/errors.js';
import { accountTouched } from '../activity.js';
import { resolveComplaint } from '../complaints.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { closeStep } from '../next-steps.js';
import { finishPromise } from '../promises.js';
import { loadInputs, refreshDue } from './refresh.js';

const ITEM_ID = /^([a-z-]+):(.+)$/;
const STEP_KIND: Record<string, NextStepKind> = { next: 'next-step', retry: 'retry', 'check-in': 'check-in' };

/**
 * An id in the format of earlier versions (with the account id first, and row numbers that
 * changed) as today's id, so a list printed before an upgrade still works.
 */
async function currentId(ctx: ServiceContext, id: string): Promise<string> {
  const p = id.split(':');
  const n = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  const [kind, a, b, c] = p;
  // the account named first must own the source, or the id names nothing
  const owns = async (table: repo.SourceTable) => n(a) !== undefined && n(b) !== undefined && (await repo.accountOfSource(ctx.db, table, n(b)!)) === n(a);
  if (kind === 'promise' && p.length === 3 && (await owns('promises'))) return `promise:${b}`;
  if (kind && STEP_KIND[kind] && (p.length === 3 || (p.length === 4 && kind === 'check-in')) && (await owns('interactions'))) {
    const stepKind = STEP_KIND[kind]!;
    const rows = await repo.stepsOfInteractionKind(ctx.db, n(b)!, stepKind, p.length === 4 ? c : undefined);
    const row = rows.find((r) => r.status === 'open') ?? rows[0];
    if (row) return `${NEXT_STEP_PREFIX[stepKind]}:${row.id}`;
    if (kind === 'check-in') return `check-in:onboard-${b}`;
  }
  if (kind === 'complaint' && p.length === 4 && (await owns('complaints'))) return `complaint:${b}:${c}`;
  if (kind === 'deal' && p.length === 4 && (await owns('deals'))) return `deal:${b}`;
  if (kind === 'birthday' && p.length === 4 && n(a) !== undefined && n(b) !== undefined) {
    // the contact id, or (without a contact) the row number of the moment
    const src = (await repo.accountOfSource(ctx.db, 'contacts', n(b)!)) === n(a) ? `contact-${b}` : await repo.annualSourceOfRow(ctx.db, n(b)!);
    if (src) return `birthday:${src}:${c}`;
  }
  if (kind === 'anniversary' && p.length === 4 && n(a) !== undefined) {
    const row = /-(\d+)$/.exec(b ?? '');
    const src = row ? await repo.annualSourceOfRow(ctx.db, Number(row[1])) : undefined;
    if (src) return `anniversary:${src}:${c}`;
  }
  return id;
}

/** Where a source named in an item id lives: birthday:contact-7, anniversary:date-5, founding-12... */
function annualTable(src: string): { table: repo.SourceTable; id: number } | undefined {
  const m = /^(contact|date|founding|first-order|row)-(\d+)$/.exec(src);
  if (!m) return undefined;
  const table = ({ contact: 'contacts', date: 'important_dates', founding: 'accounts', 'first-order': 'accounts', row: 'annual_dates' } as const)[m[1] as 'contact'];
  return { table, id: Number(m[2]) };
}

/** The account an item's source belongs to; undefined when the id names no source at all. */
async function sourceAccount(ctx: ServiceContext, kind: string, rest: string[]): Promise<number | undefined> {
  const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  const first = rest[0];
  const of = (table: repo.SourceTable, id: number | undefined) => (id === undefined ? undefined : repo.accountOfSource(ctx.db, table, id));
  switch (kind) {
    case 'promise':
      return rest.length === 1 ? of('promises', num(first)) : undefined;
    case 'next':
    case 'retry':
    case 'check-in': {
      if (rest.length !== 1) return undefined;
      const onboard = /^onboard-(\d+)$/.exec(first ?? '');
      return onboard ? of('interactions', Number(onboard[1])) : of('next_steps', num(first));
    }
    case 'complaint':
      return rest.length === 2 && ['ack', 'resolve', 'feedback'].includes(rest[1]!) ? of('complaints', num(first)) : undefined;
    case 'deal':
      return rest.length === 1 ? of('deals', num(first)) : undefined;
    case 'cadence':
    case 'dormant':
      return rest.length === 1 ? of('accounts', num(first)) : undefined;
    case 'birthday':
    case 'anniversary': {
      const t = rest.length === 2 && /^\d{4}$/.test(rest[1]!) ? annualTable(first ?? '') : undefined;
      return t ? of(t.table, t.id) : undefined;
    }
    default:
      return undefined;
  }
}

interface ResolvedItem {
  key: string;
  kind: string;
  rest: string[];
  accountId: number | null;
}

/** Checks an item id against what the data holds, returning its key and the account it belongs to. */
async function resolveItem(ctx: ServiceContext, raw: string): Promise<ResolvedItem> {
  const m = ITEM_ID.exec(raw.trim());
  if (!m) throw new UsageError(`"${raw}" is not a due item id (like promise:12, next:34 or cadence:5); see crm due`);
  const s = dueSettings(ctx.config);
  if (m[1] === 'holiday') {
    const [name, year] = m[2]!.split(':');
    if (!s.holidays.list.some((h) => h.name === name)) throw new NotFoundError(`no holiday "${name}" in the calendar`, `holidays: ${s.holidays.list.map((h) => h.name).join(', ')}`);
    if (!/^\d{4}$/.test(year ?? '')) throw new UsageError(`"${raw}": a holiday item is holiday:NAME:YEAR`);
    return { key: raw.trim(), kind: 'holiday', rest: [name!, year!], accountId: null };
  }
  const key = await currentId(ctx, raw.trim());
  const [kind, ...rest] = key.split(':');
  const accountId = await sourceAccount(ctx, kind!, rest);
  if (accountId === undefined) throw new NotFoundError(`no due item ${raw}`, 'copy the id from crm due');
  const accounts = await repo.accountsByIds(ctx.db, [accountId]);
  const today = ctx.clock.today();
  const { inputs } = await loadInputs(ctx.db, accounts);
  const input = inputs[0]!;
  input.states = new Map(); // the item may be snoozed or done already: still a known item
  const known = new Set(accountCandidates(input, s).map((c) => c.id));
  if (kind === 'birthday' || kind === 'anniversary') {
    for (const r of await repo.annualDatesOf(ctx.db, accountId)) {
      const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: r.name, source: r.source }, today, addDays(today, 366), s);
      if (c) known.add(c.id);
    }
  }
  if (!known.has(key)) throw new NotFoundError(`no due item ${raw}${key !== raw.trim() ? ` (now ${key})` : ''}`, 'it may be closed already; copy the id from crm due');
  return { key, kind: kind!, rest, accountId };
}

export interface DoneResult {
  id: string;
  accountId: number | null;
  /** what clearing it did to its source, in words */
  closed: string;
}

/**
 * Clears a due item by closing its source: a promise is kept, a next step, retry or check-in done,
 * a complaint acknowledged, resolved or its feedback received. Items with no source to close
 * (cadence, dormant, a stale deal, birthdays, holidays) are marked done: the clock of cadence,
 * dormant and stale-deal items restarts from today.
 */
export async function markDone(ctx: ServiceContext, id: string, opts: { note?: string } = {}): Promise<DoneResult> {
  return inTransaction(ctx, async (t) => {
    const it = await resolveItem(t, id);
    const note = opts.note;
    let closed: string;
    if (it.kind === 'promise') {
      await finishPromise(t, Number(it.rest[0]), false);
      closed = `promise ${it.rest[0]} kept`;
    } else if (STEP_KIND[it.kind] && /^\d+$/.test(it.rest[0]!)) {
      const r = await closeStep(t, Number(it.rest[0]), 'done', note);
      await accountTouched(t.db, r.accountId, t.config);
      closed = `${r.kind} ${r.id} done: ${r.what}`;
    } else if (it.kind === 'complaint') {
      const stage = it.rest[1];
      const c = await resolveComplaint(t, Number(it.rest[0]), stage === 'ack' ? { ack: true, note } : stage === 'resolve' ? { resolved: true, resolution: note } : { feedback: true, note });
      closed = `complaint ${c.id} ${stage === 'ack' ? 'acknowledged' : stage === 'resolve' ? 'resolved' : 'closed: feedback received'}`;
    } else {
      await repo.setDueState(t.db, { item_key: it.key, status: 'done', until: null, at: t.clock.now(), account_id: it.accountId });
      if (it.accountId !== null) await refreshDue(t.db, [it.accountId], t.config);
      closed = it.kind === 'cadence' || it.kind === 'dormant' ? 'counted as contact today: the clock restarts' : it.kind === 'deal' ? 'the deal’s idle clock restarts today' : 'done';
    }
    return { id: it.key, accountId: it.accountId, closed };
  });
}

export async function snooze(ctx: ServiceContext, id: string, until: string): Promise<{ id: string; accountId: number | null; until: string }> {
  if (until <= ctx.clock.today()) throw new UsageError(`--until must be after today (${ctx.clock.today()})`);
  return inTransaction(ctx, async (t) => {
    const it = await resolveItem(t, id);
    await repo.setDueState(t.db, { item_key: it.key, status: 'snoozed', until, at: t.clock.now(), account_id: it.accountId });
    if (it.accountId !== null) await refreshDue(t.db, [it.accountId], t.config);
    return { id: it.key, accountId: it.accountId, until };
  });
}
