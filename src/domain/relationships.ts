// Relationship breadth (domain.md, stage 8): for strategic accounts the relationship should widen
// from person-to-person to department-to-department to company-to-company. Pure rules: who counts
// as reached, how warm each person is, which level the account is at, and when a strategic
// account hangs on one person (a risk signal). "Today" is always passed in.
import { section, type Config } from './config.js';
import { addDays, daysBetween } from './dates.js';
import { BUYING_ROLES, ENTRY_ROLES } from './vocab.js';

export interface RelationshipsConfig {
  /** the window people are counted in: reached = a real contact in the last `days` days */
  days: number;
  /** a strategic account reaching fewer named people than this in the window is single-threaded */
  minPeople: number;
  /** company-to-company: people reached in at least this many departments, one of them deciding */
  companyDepartments: number;
  /** which accounts are strategic: marked by hand (--strategic), in one of these ABC tiers, or with one of these key faces */
  strategic: { marked: boolean; tiers: string[]; faces: string[] };
  /** a person last contacted within warmDays is warm, within `days` cooling, before that cold */
  warmDays: number;
}

export const RELATIONSHIPS_DEFAULTS: RelationshipsConfig = {
  days: 90,
  minPeople: 2,
  companyDepartments: 3,
  strategic: { marked: true, tiers: ['A'], faces: ['red', 'white', 'black'] },
  warmDays: 30,
};

export function relationshipsConfig(config: Config): RelationshipsConfig {
  return section(config, 'relationships', RELATIONSHIPS_DEFAULTS);
}

/**
 * Kinds of interaction that are real contact with a person: a conversation or a meeting. Desk
 * research, a direct mailing and a gift reach nobody in the relationship sense.
 */
export const REAL_CONTACT_KINDS = ['visit', 'call', 'meeting', 'email', 'message', 'event'] as const;

/** The first day of the window that ends today (both included). */
export function windowStart(today: string, cfg: RelationshipsConfig): string {
  return addDays(today, -(cfg.days - 1));
}

export function isStrategic(a: { strategic: boolean; tier: string | null; face: string | null }, cfg: RelationshipsConfig): boolean {
  if (cfg.strategic.marked && a.strategic) return true;
  if (a.tier !== null && cfg.strategic.tiers.includes(a.tier)) return true;
  return a.face !== null && cfg.strategic.faces.includes(a.face);
}

/** Why an account is strategic, in words (for the account file). */
export function strategicWhy(a: { strategic: boolean; tier: string | null; face: string | null }, cfg: RelationshipsConfig): string | null {
  const why: string[] = [];
  if (cfg.strategic.marked && a.strategic) why.push('marked strategic');
  if (a.tier !== null && cfg.strategic.tiers.includes(a.tier)) why.push(`tier ${a.tier}`);
  if (a.face !== null && cfg.strategic.faces.includes(a.face)) why.push(`${a.face} key face`);
  return why.length ? why.join(', ') : null;
}

export type Warmth = 'warm' | 'cooling' | 'cold' | 'never';

export function warmth(lastContactOn: string | null, today: string, cfg: RelationshipsConfig): Warmth {
  if (!lastContactOn) return 'never';
  const d = daysBetween(lastContactOn.slice(0, 10), today);
  if (d < cfg.warmDays) return 'warm';
  if (d < cfg.days) return 'cooling';
  return 'cold';
}

/** One of the customer's people and our contact with them. */
export interface PersonReach {
  id: number;
  name: string;
  title: string | null;
  department: string | null;
  buyingRole: string | null;
  entryRoles: string[];
  /** last real contact (date or timestamp), null when never */
  lastContactOn: string | null;
  /** real contacts in the window */
  recent: number;
}

/** Department names as typed vary ("Purchasing", "purchasing ", "ＰＵＲＣＨＡＳＩＮＧ"): one key for them. */
export function departmentKey(d: string | null): string {
  return (d ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

const DECIDING = new Set(['decision-maker', 'power']);

export type BreadthLevel = 'not reached' | 'person-to-person' | 'department-to-department' | 'company-to-company';

export interface DepartmentReach {
  department: string;
  people: number;
  reached: number;
  names: string[];
  roles: string[];
  lastContactOn: string | null;
}

export interface Breadth {
  level: BreadthLevel;
  days: number;
  /** named people with a real contact in the window */
  peopleReached: number;
  people: number;
  departmentsReached: number;
  departments: DepartmentReach[];
  /** buying and entry roles held by people reached in the window */
  rolesReached: string[];
  /** buying roles nobody reached holds */
  rolesMissing: string[];
  entryRolesMissing: string[];
  /** the level in words, e.g. "person-to-person: only 张伟 in 90 days" */
  summary: string;
}

/**
 * Where the relationship stands: nobody reached; one person (person-to-person); several people
 * (department-to-department); or people in companyDepartments departments or more, one of them a
 * decision-maker or the power (company-to-company). People without a department count as one.
 */
export function breadth(people: readonly PersonReach[], cfg: RelationshipsConfig): Breadth {
  const reached = people.filter((p) => p.recent > 0);
  const byDept = new Map<string, DepartmentReach>();
  for (const p of people) {
    const key = departmentKey(p.department);
    let d = byDept.get(key);
    if (!d) byDept.set(key, (d = { department: key ? p.department!.normalize('NFKC').trim() : '(no department)', people: 0, reached: 0, names: [], roles: [], lastContactOn: null }));
    d.people++;
    if (p.recent > 0) {
      d.reached++;
      d.names.push(p.name);
      for (const r of [p.buyingRole, ...p.entryRoles]) if (r && !d.roles.includes(r)) d.roles.push(r);
    }
    if (p.lastContactOn && (!d.lastContactOn || p.lastContactOn > d.lastContactOn)) d.lastContactOn = p.lastContactOn;
  }
  const departments = [...byDept.values()].sort((a, b) => b.reached - a.reached || b.people - a.people || a.department.localeCompare(b.department));
  const departmentsReached = departments.filter((d) => d.reached > 0).length;
  const rolesReached = [...new Set(reached.flatMap((p) => [p.buyingRole, ...p.entryRoles]).filter((r): r is string => !!r))];
  const deciding = reached.some((p) => (p.buyingRole && DECIDING.has(p.buyingRole)) || p.entryRoles.some((r) => DECIDING.has(r)));
  let level: BreadthLevel;
  if (reached.length === 0) level = 'not reached';
  else if (reached.length === 1) level = 'person-to-person';
  else if (departmentsReached >= cfg.companyDepartments && deciding) level = 'company-to-company';
  else level = 'department-to-department';
  const names = reached.map((p) => p.name);
  const summary =
    level === 'not reached'
      ? `nobody reached in ${cfg.days} days`
      : level === 'person-to-person'
        ? `${level}: only ${names[0]} in ${cfg.days} days`
        : `${level}: ${reached.length} people in ${departmentsReached} department${departmentsReached === 1 ? '' : 's'} in ${cfg.days} days${deciding ? '' : ', no decision-maker'}`;
  return {
    level,
    days: cfg.days,
    peopleReached: reached.length,
    people: people.length,
    departmentsReached,
    departments,
    rolesReached,
    rolesMissing: BUYING_ROLES.filter((r) => !rolesReached.includes(r)),
    entryRolesMissing: ENTRY_ROLES.filter((r) => !rolesReached.includes(r)),
    summary,
  };
}

/** A named person reached in the window: enough to tell one from several. */
export interface ReachedName {
  name: string;
  contacts: number;
}

/**
 * The single-threaded signal: a strategic account whose real contact in the window went to fewer
 * than minPeople named people (at least one: nobody at all is cooling contact, its own signal).
 */
export function singleThreaded(reached: readonly ReachedName[], peopleOnFile: number, cfg: RelationshipsConfig): { signal: 'single-threaded'; evidence: string } | null {
  if (reached.length === 0 || reached.length >= cfg.minPeople) return null;
  const names = reached.map((r) => r.name).join(', ');
  const n = reached.reduce((s, r) => s + r.contacts, 0);
  const others = peopleOnFile - reached.length;
  return {
    signal: 'single-threaded',
    evidence: `only ${names} in ${cfg.days} days (${n} contact${n === 1 ? '' : 's'}; ${others > 0 ? `${others} other ${others === 1 ? 'person' : 'people'} on file not reached` : 'nobody else on file'})`,
  };
}
