// Acting on one due item: done or snoozed, after checking the id against what the data holds.
import * as repo from '../../db/repositories/due.js';
import { addDays } from '../../domain/dates.js';
import { accountCandidates, annualCandidate, dueSettings } from '../../domain/due.js';
import { NotFoundError, UsageError } from '../../domain/errors.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { loadInputs, refreshDue } from './refresh.js';

const ITEM_ID = /^([a-z-]+):(.+)$/;

/** Checks an item id against what the data holds, returning the account it belongs to (or null). */
async function resolveItem(ctx: ServiceContext, id: string): Promise<{ accountId: number | null }> {
  const m = ITEM_ID.exec(id.trim());
  if (!m) throw new UsageError(`"${id}" is not a due item id (like promise:12:3 or cadence:12); see crm due`);
  const kind = m[1]!;
  const rest = m[2]!.split(':');
  const s = dueSettings(ctx.config);
  if (kind === 'holiday') {
    const name = rest[0];
    if (!s.holidays.list.some((h) => h.name === name)) throw new NotFoundError(`no holiday "${name}" in the calendar`, `holidays: ${s.holidays.list.map((h) => h.name).join(', ')}`);
    if (!/^\d{4}$/.test(rest[1] ?? '')) throw new UsageError(`"${id}": a holiday item is holiday:NAME:YEAR`);
    return { accountId: null };
  }
  const accountId = Number(rest[0]);
  if (!Number.isInteger(accountId)) throw new UsageError(`"${id}" is not a due item id; see crm due`);
  const accounts = await repo.accountsByIds(ctx.db, [accountId]);
  if (!accounts.length) throw new NotFoundError(`no due item ${id}: account ${accountId} not found`);
  const today = ctx.clock.today();
  const { inputs } = await loadInputs(ctx.db, accounts);
  const states = inputs[0]!.states;
  inputs[0]!.states = new Map(); // the item may be snoozed or done already: still a known item
  const known = new Set(accountCandidates(inputs[0]!, s).map((c) => c.id));
  inputs[0]!.states = states;
  if (kind === 'birthday' || kind === 'anniversary') {
    const annual = await repo.annualDatesOf(ctx.db, accountId);
    for (const r of annual) {
      const c = annualCandidate({ id: r.id, accountId: r.account_id, contactId: r.contact_id, kind: r.kind, date: r.date, label: r.label, contactName: r.name }, today, addDays(today, 366), s);
      if (c) known.add(c.id);
    }
  }
  if (!known.has(id.trim())) throw new NotFoundError(`no due item ${id}`, 'copy the id from crm due');
  return { accountId };
}

export async function markDone(ctx: ServiceContext, id: string): Promise<{ id: string; accountId: number | null }> {
  return inTransaction(ctx, async (t) => {
    const { accountId } = await resolveItem(t, id);
    const key = id.trim();
    await repo.setDueState(t.db, { item_key: key, status: 'done', until: null, at: t.clock.now(), account_id: accountId });
    if (accountId !== null) await refreshDue(t.db, [accountId], t.config);
    return { id: key, accountId };
  });
}

export async function snooze(ctx: ServiceContext, id: string, until: string): Promise<{ id: string; accountId: number | null; until: string }> {
  if (until <= ctx.clock.today()) throw new UsageError(`--until must be after today (${ctx.clock.today()})`);
  return inTransaction(ctx, async (t) => {
    const { accountId } = await resolveItem(t, id);
    const key = id.trim();
    await repo.setDueState(t.db, { item_key: key, status: 'snoozed', until, at: t.clock.now(), account_id: accountId });
    if (accountId !== null) await refreshDue(t.db, [accountId], t.config);
    return { id: key, accountId, until };
  });
}
