// The import's merge rules, as pure functions: given the row already stored and the lead read from
// a file, which fields to set and which values conflict. A merge only fills empty fields; a
// differing value stays as it was and is reported. The writer decides with these and records the
// previous values, so an undo can put them back (revertPatch).
import type { Lead, LeadPoint } from './lead.js';
import { cleanText, webDomain } from './normalize.js';

/** A field the merge sets: [value before, value after]. */
export type FieldChanges = Record<string, [unknown, unknown]>;

export interface FieldConflict {
  field: string;
  existing: string;
  incoming: string;
}

export interface MergeResult {
  set: FieldChanges;
  conflicts: FieldConflict[];
}

/** Equal as a person would read them: case, width and spacing aside. */
export function same(a: unknown, b: unknown): boolean {
  return cleanText(String(a ?? '')).toLowerCase() === cleanText(String(b ?? '')).toLowerCase();
}

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** The stored contact columns a merge reads. */
export interface ContactFields {
  name: string;
  name_key: string;
  given_name: string | null;
  family_name: string | null;
  title: string | null;
  department: string | null;
  personality: string | null;
  hobbies: string | null;
  birthday: string | null;
  buying_role: string | null;
  notes: string | null;
  extra: string | null;
}

/** The stored account columns a merge reads. */
export interface AccountFields {
  kind: string;
  name: string;
  name_key: string;
  website: string | null;
  domain: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  postcode: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  main_business: string | null;
  business_scope: string | null;
  source: string | null;
  campaign: string | null;
  owner_id: number | null;
  notes: string | null;
  extra: string | null;
}

/** Adds the keys of `incoming` that `cur` (a JSON object or null) lacks; a differing value is a conflict. */
export function mergeExtra(cur: string | null, incoming: Readonly<Record<string, string>>, out: MergeResult, prefix = 'extra.'): void {
  const keys = Object.keys(incoming);
  if (!keys.length) return;
  const obj = cur ? (JSON.parse(cur) as Record<string, string>) : {};
  let added = false;
  for (const k of keys) {
    if (!(k in obj)) {
      obj[k] = incoming[k]!;
      added = true;
    } else if (!same(obj[k], incoming[k])) out.conflicts.push({ field: prefix + k, existing: String(obj[k]), incoming: String(incoming[k]) });
  }
  if (added) out.set.extra = [cur, JSON.stringify(obj)];
}

/** A known person seen again: fill their empty fields, report differing ones (not the name parts). */
export function mergeContact(c: ContactFields, l: Lead): MergeResult {
  const out: MergeResult = { set: {}, conflicts: [] };
  if (l.name && l.nameKey !== c.name_key && !l.points.some((p) => p.value === l.name)) out.conflicts.push({ field: 'name', existing: c.name, incoming: l.name });
  const fields: [keyof ContactFields, unknown][] = [
    ['given_name', l.givenName],
    ['family_name', l.familyName],
    ['title', l.title],
    ['department', l.department],
    ['personality', l.personality],
    ['hobbies', l.hobbies],
    ['birthday', l.birthday],
    ['buying_role', l.buyingRole],
    ['notes', l.notes],
  ];
  for (const [col, v] of fields) {
    if (empty(v)) continue;
    const cur = c[col];
    if (cur === null || cur === '') out.set[col] = [cur, v];
    else if (!same(cur, v) && col !== 'given_name' && col !== 'family_name') out.conflicts.push({ field: col, existing: String(cur), incoming: String(v) });
  }
  mergeExtra(c.extra, l.extra, out);
  return out;
}

/** What a lead says about its account, with the import's --source/--campaign as defaults. */
export function accountValues(l: Lead, defaults: { source: string | null; campaign: string | null }): Record<string, unknown> {
  return {
    website: l.website,
    address: l.address,
    city: l.city,
    region: l.region,
    postcode: l.postcode,
    country: l.country,
    industry: l.industry,
    employees: l.employees,
    main_business: l.mainBusiness,
    business_scope: l.businessScope,
    source: l.source ?? defaults.source,
    campaign: l.campaign ?? defaults.campaign,
    notes: l.accountNotes ?? (l.name ? null : l.notes),
  };
}

/**
 * A known account seen again. `owner` is the rep the row would give it (used only when it has
 * none). Where the account first came from (source, campaign) stays: the batch is in import_rows.
 */
export function mergeAccount(a: AccountFields, l: Lead, values: Record<string, unknown>, owner: number | null): MergeResult {
  const out: MergeResult = { set: {}, conflicts: [] };
  if (l.company) {
    if (a.kind === 'company' && l.companyKey !== a.name_key) out.conflicts.push({ field: 'company', existing: a.name, incoming: l.company });
    else if (a.kind === 'individual') out.conflicts.push({ field: 'company', existing: '(none)', incoming: l.company });
  }
  for (const [col, v] of Object.entries(values)) {
    if (empty(v)) continue;
    const cur = (a as unknown as Record<string, unknown>)[col];
    if (cur === null || cur === '') {
      out.set[col] = [cur, v];
      if (col === 'website' && !a.domain && webDomain(String(v))) out.set.domain = [a.domain, webDomain(String(v))];
    } else if (col === 'source' || col === 'campaign') {
      // kept as first recorded
    } else if (col === 'website' ? webDomain(String(cur)) !== webDomain(String(v)) : !same(cur, v)) out.conflicts.push({ field: col, existing: String(cur), incoming: String(v) });
  }
  if (a.owner_id === null && owner !== null) out.set.owner_id = [null, owner];
  if (!l.name) mergeExtra(a.extra, l.extra, out);
  return out;
}

export interface PointKey {
  kind: string;
  match_key: string | null;
}

/**
 * The points of `incoming` that `existing` does not have yet, each with whether it becomes the
 * primary one (the first point of someone who had none). A number is the same number whatever
 * kind (phone, mobile, fax) it was filed under; an email or IM only as the same kind.
 */
export function pointsToAdd(existing: readonly PointKey[], incoming: readonly LeadPoint[]): { point: LeadPoint; primary: boolean }[] {
  // kinds seen per key: a card with 100k emails must not compare each with all the others
  const seen = new Map<string | null, string[]>();
  const note = (key: string | null, kind: string) => {
    const kinds = seen.get(key);
    if (kinds) kinds.push(kind);
    else seen.set(key, [kind]);
  };
  for (const e of existing) note(e.match_key, e.kind);
  const number = (kind: string) => kind !== 'email' && kind !== 'im';
  const has = (p: LeadPoint) => seen.get(p.key)?.some((k) => k === p.kind || (number(p.kind) && number(k))) ?? false;
  let primary = existing.length === 0;
  const out: { point: LeadPoint; primary: boolean }[] = [];
  for (const p of incoming) {
    if (has(p)) continue;
    out.push({ point: p, primary });
    primary = false;
    note(p.key, p.kind);
  }
  return out;
}

/**
 * Undo of one merge: the fields still holding what the import set go back to their previous
 * value; a field edited by hand since is kept (and counted).
 */
export function revertPatch(cur: Readonly<Record<string, unknown>>, changes: FieldChanges, strictEqual = false): { patch: Record<string, unknown>; kept: number } {
  const patch: Record<string, unknown> = {};
  let kept = 0;
  for (const [col, [prev, next]] of Object.entries(changes)) {
    if (same(cur[col], next) || (strictEqual ? cur[col] === next : col === 'extra' && cur[col] === next)) patch[col] = prev;
    else kept++;
  }
  return { patch, kept };
}
