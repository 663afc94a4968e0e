// Relationship breadth of one account (crm show) and of all accounts (the value refresh's
// single-threaded signal): whom we reach, in which departments and roles, and how warm each is.
import * as repo from '../db/repositories/relationships.js';
import {
  breadth,
  isStrategic,
  REAL_CONTACT_KINDS,
  relationshipsConfig,
  singleThreaded,
  strategicWhy,
  warmth,
  windowStart,
  type Breadth,
  type PersonReach,
  type Warmth,
} from '../domain/relationships.js';
import type { ServiceContext } from './context.js';

export interface PersonWarmth extends PersonReach {
  warmth: Warmth;
}

export interface AccountRelationship {
  strategic: boolean;
  /** why the account counts as strategic (marked, tier, key face), null when it does not */
  strategicWhy: string | null;
  breadth: Breadth;
  people: PersonWarmth[];
  /** the evidence of the single-threaded signal, when it fires */
  singleThreaded: string | null;
}

export async function accountRelationship(
  ctx: ServiceContext,
  accountId: number,
  a: { strategic: boolean; tier: string | null; face: string | null },
): Promise<AccountRelationship> {
  const cfg = relationshipsConfig(ctx.config);
  const today = ctx.clock.today();
  const from = windowStart(today, cfg);
  const [rows, touches] = await Promise.all([repo.peopleOfAccount(ctx.db, accountId), repo.contactTouches(ctx.db, accountId, REAL_CONTACT_KINDS, from)]);
  const byContact = new Map<number, { last: string | null; recent: number }>();
  for (const t of touches) {
    const x = byContact.get(t.contactId) ?? { last: null, recent: 0 };
    if (t.last && (!x.last || t.last > x.last)) x.last = t.last;
    x.recent += t.recent;
    byContact.set(t.contactId, x);
  }
  const people: PersonWarmth[] = rows.map((c) => {
    const t = byContact.get(c.id);
    const last = t?.last ?? null;
    return {
      id: c.id,
      name: c.name,
      title: c.title,
      department: c.department,
      buyingRole: c.buying_role,
      entryRoles: c.entry_roles ? c.entry_roles.split(',').filter(Boolean) : [],
      lastContactOn: last ? last.slice(0, 10) : null,
      recent: t?.recent ?? 0,
      warmth: warmth(last, today, cfg),
    };
  });
  const strategic = isStrategic(a, cfg);
  const b = breadth(people, cfg);
  const reached = people.filter((p) => p.recent > 0).map((p) => ({ name: p.name, contacts: p.recent }));
  return {
    strategic,
    strategicWhy: strategicWhy(a, cfg),
    breadth: b,
    people,
    singleThreaded: strategic ? singleThreaded(reached, people.length, cfg)?.evidence ?? null : null,
  };
}

/**
 * For the value refresh: the named people each account reached in the window, by account, so the
 * single-threaded signal can be checked once tiers and faces are known.
 */
export async function reachedByAccount(ctx: ServiceContext): Promise<Map<number, Map<number, number>>> {
  const cfg = relationshipsConfig(ctx.config);
  const rows = await repo.recentPeopleAll(ctx.engine, REAL_CONTACT_KINDS, windowStart(ctx.clock.today(), cfg));
  const out = new Map<number, Map<number, number>>();
  for (const r of rows) {
    let m = out.get(r.accountId);
    if (!m) out.set(r.accountId, (m = new Map()));
    m.set(r.contactId, (m.get(r.contactId) ?? 0) + r.n);
  }
  return out;
}

/**
 * The single-threaded signal of each strategic account that reached too few people: names and
 * headcounts are read only for those few.
 */
export async function singleThreadedSignals(
  ctx: ServiceContext,
  candidates: readonly { id: number; strategic: boolean; tier: string | null; face: string | null }[],
  reached: Map<number, Map<number, number>>,
): Promise<Map<number, { signal: string; evidence: string }>> {
  const cfg = relationshipsConfig(ctx.config);
  const thin = candidates.filter((a) => {
    const n = reached.get(a.id)?.size ?? 0;
    return n > 0 && n < cfg.minPeople && isStrategic(a, cfg);
  });
  const out = new Map<number, { signal: string; evidence: string }>();
  if (!thin.length) return out;
  const contactIds = thin.flatMap((a) => [...reached.get(a.id)!.keys()]);
  const { names, headcounts } = await repo.namesAndHeadcounts(ctx.db, contactIds, thin.map((a) => a.id));
  for (const a of thin) {
    const people = [...reached.get(a.id)!].map(([id, n]) => ({ name: names.get(id) ?? `contact ${id}`, contacts: n })).sort((x, y) => x.name.localeCompare(y.name));
    const s = singleThreaded(people, headcounts.get(a.id) ?? people.length, cfg);
    if (s) out.set(a.id, s);
  }
  return out;
}
