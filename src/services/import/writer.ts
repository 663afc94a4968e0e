// The import's writer: decides every row of a batch in JavaScript (match, merge or create), with
// the merge rules of domain/merge.ts, and hands the rows to the engine's batch writer, which
// writes them at the batch boundary. Before deciding, it asks the database once per kind of key
// for everything the batch could match (repositories/import-lookups.ts); a Bloom filter of the keys
// already stored keeps most keys of a fresh file out of those questions. Rows created earlier in
// the same batch are matched from the same maps, so a batch decides exactly as row-by-row would.
import type { BatchWriter } from '../../db/batch.js';
import type { Db } from '../../db/engine.js';
import { getOrCreateRep } from '../../db/repositories/accounts.js';
import * as look from '../../db/repositories/import-lookups.js';
import { parseContactUid, uidMatches } from '../../domain/contact-uid.js';
import { InputError } from '../../domain/errors.js';
import type { KeyFilter } from '../../domain/key-filter.js';
import type { Lead, OrderRow } from '../../domain/lead.js';
import { accountValues, mergeAccount, mergeContact, pointsToAdd, type AccountFields, type ContactFields, type FieldChanges, type FieldConflict, type PointKey } from '../../domain/merge.js';
import { companyKey, personKey } from '../../domain/normalize.js';
import type { RejectsWriter } from '../../io/rejects-file.js';
import type { ConflictItem, ImportSummary, RejectItem } from './types.js';

export const LIST_CAP = 500;
const BATCH_ROWS = 250;

/** What an import_rows row says a merge changed, so undo can revert it. */
export interface Changes {
  account?: FieldChanges;
  contact?: FieldChanges;
  tags?: string[];
}

interface AccountState {
  row: AccountFields & { id: number };
  tags: Set<string>;
  /** company-level points (no person) */
  points: PointKey[];
}
interface ContactState {
  row: ContactFields & { id: number; account_id: number };
  points: PointKey[];
}
interface NumberEntry {
  id: number;
  kind: string;
  contact: number;
  account: number;
  nameKey: string;
}
interface Hit {
  contact: number;
  account: number;
}

/** Everything a batch can match, from the database and from the rows decided before in the batch. */
class BatchView {
  email = new Map<string, Hit>();
  numbers = new Map<string, NumberEntry[]>();
  company = new Map<string, number>();
  domain = new Map<string, number>();
  nameIn = new Map<string, number>();
  individual = new Map<string, Hit>();
  /** contacts named by a vCard UID crm wrote (by contact id), checked against their creation instant */
  uid = new Map<number, Hit>();
  accounts = new Map<number, AccountState>();
  contacts = new Map<number, ContactState>();
  /** other names kept on the accounts and people read for the batch (aliasKey) */
  aliasKeys = new Set<string>();
}

const nameInKey = (nameKey: string, account: number) => `${nameKey}\u0000${account}`;
const aliasKey = (account: number, contact: number | null, nameKey: string) => `${account}\u0000${contact ?? ''}\u0000${nameKey}`;

export interface WriterSetup {
  db: Db;
  bw: BatchWriter;
  batchId: number;
  summary: ImportSummary;
  now: string;
  strict: boolean;
  rejects: RejectsWriter | undefined;
  /** the rep of rows without an owner column */
  ownerId: number | null;
  reps: Map<string, number>;
  tags: string[];
  defaults: { source: string | null; campaign: string | null };
  /** accounts with a higher id were created by this import */
  createdAfter: number;
  /** null: every key is looked up */
  keys: KeyFilter | null;
  /** orders: the currency of amounts whose row names none */
  currency?: string | null;
  /** whether the database holds other names (aliases): asked about only then, so an import of new leads pays nothing */
  aliases: boolean;
}

export class ImportWriter {
  /** accounts that existed before this import and changed: their search text is rebuilt */
  private dirty = new Set<number>();
  /** orders this import created (account, day, amount, reference, product): a repeated line is one order */
  private orderSigs = new Set<string>();
  private v = new BatchView();

  constructor(private s: WriterSetup) {}

  private may(tag: string, key: string): boolean {
    return this.s.keys === null || this.s.keys.has(tag, key);
  }

  private remember(tag: string, key: string | null): void {
    if (this.s.keys !== null && key) this.s.keys.add(tag, key);
  }

  private reject(file: string, line: number, reason: string, data: string | undefined): void {
    const r: RejectItem = { file, line, reason, data: data ?? '' };
    this.s.rejects?.write(r);
    if (this.s.strict) throw new InputError(`${reason} (--strict: nothing was imported)`, { file, line });
    const sum = this.s.summary;
    sum.rejectedCount++;
    if (sum.rejected.length < LIST_CAP) sum.rejected.push(r);
    this.row({ file, line, action: 'rejected', account_id: null, contact_id: null, order_id: null, changes: null, conflicts: null, reason });
  }

  private row(r: { file: string; line: number; action: 'created' | 'merged' | 'rejected' | 'unchanged'; account_id: number | null; contact_id: number | null; order_id: number | null; changes: string | null; conflicts: string | null; reason: string | null }): void {
    this.s.bw.insert('import_rows', { batch_id: this.s.batchId, ...r });
  }

  private flag(l: { file: string; line: number; flags: string[] }): void {
    if (!l.flags.length) return;
    const sum = this.s.summary;
    sum.flaggedCount++;
    for (const problem of l.flags) if (sum.flagged.length < LIST_CAP) sum.flagged.push({ file: l.file, line: l.line, problem });
  }

  private repId(name: string | null): number | null {
    if (!name) return this.s.ownerId;
    return this.s.reps.get(name) ?? null;
  }

  /** Reps named by the batch: looked up once per name, created on first sight. */
  private async loadReps(names: Set<string>): Promise<void> {
    const missing = [...names].filter((n) => !this.s.reps.has(n));
    if (!missing.length) return;
    for (const r of await look.repsByName(this.s.db, missing)) this.s.reps.set(r.name, r.id);
    for (const n of missing) {
      if (this.s.reps.has(n)) continue;
      this.s.reps.set(n, await getOrCreateRep(this.s.db, n, this.s.now));
    }
  }

  // ---- leads ----

  /**
   * Decides and writes leads, BATCH_ROWS at a time: what a batch stages lives until its flush, so
   * a smaller batch keeps less of it alive (a thousand rows cost a fifth more peak memory than 250,
   * for no gain in speed).
   */
  async leads(rows: readonly Lead[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH_ROWS) await this.leadBatch(rows.slice(i, i + BATCH_ROWS));
  }

  private async leadBatch(batch: readonly Lead[]): Promise<void> {
    let t = performance.now();
    await this.prepare(batch);
    t = this.time('lookups', t);
    for (const l of batch) this.lead(l);
    t = this.time('decide', t);
    await this.s.bw.flush();
    this.time('flush', t);
    this.v = new BatchView();
  }

  /** Where the rows phase went: batched lookups, decisions in memory, writes (shown by --debug after the phases). */
  readonly rowTimings: Record<'lookups' | 'decide' | 'flush', number> = { lookups: 0, decide: 0, flush: 0 };

  private time(phase: 'lookups' | 'decide' | 'flush', t: number): number {
    const now = performance.now();
    this.rowTimings[phase] += now - t;
    return now;
  }

  /** The batched lookups: every key of the batch the filter cannot rule out, once per kind. */
  private async prepare(batch: readonly Lead[]): Promise<void> {
    const db = this.s.db;
    const v = this.v;
    const emails = new Set<string>();
    const numbers = new Set<string>();
    const companies = new Set<string>();
    const domains = new Set<string>();
    const names = new Set<string>();
    const individuals = new Set<string>();
    const owners = new Set<string>();
    for (const l of batch) {
      if (l.reject) continue;
      if (l.owner) owners.add(l.owner);
      for (const p of l.points) {
        if (p.kind === 'email') {
          if (this.may('e', p.key)) emails.add(p.key);
        } else if ((p.kind === 'mobile' || p.kind === 'phone' || p.kind === 'fax') && this.may('n', p.key)) numbers.add(p.key);
      }
      if (l.companyKey && this.may('a', l.companyKey)) companies.add(l.companyKey);
      if (l.domain && l.company && this.may('d', l.domain)) domains.add(l.domain);
      if (l.nameKey && this.may('c', l.nameKey)) {
        if (l.companyKey) names.add(l.nameKey);
        else if (!l.company) individuals.add(l.nameKey);
      }
    }
    await this.loadReps(owners);
    const contactIds = new Set<number>();
    const accountIds = new Set<number>();
    // vCard UIDs crm wrote (issue 18): the contacts they name are read with the others below
    const uids = new Map<number, { createdMs: number }>();
    for (const l of batch) {
      const u = l.reject ? undefined : parseContactUid(l.uid);
      if (u) {
        uids.set(u.id, u);
        contactIds.add(u.id);
      }
    }
    const hit = (contact: number, account: number) => {
      contactIds.add(contact);
      accountIds.add(account);
    };
    if (emails.size)
      for (const r of await look.contactsByEmail(db, [...emails])) {
        if (!v.email.has(r.match_key!)) v.email.set(r.match_key!, { contact: r.contact_id!, account: r.account_id });
        hit(r.contact_id!, r.account_id);
      }
    if (numbers.size)
      for (const r of await look.contactsByNumber(db, [...numbers])) {
        const list = v.numbers.get(r.match_key);
        const e = { id: r.id, kind: r.kind, contact: r.contact_id, account: r.account_id, nameKey: r.name_key };
        if (list) list.push(e);
        else v.numbers.set(r.match_key, [e]);
        hit(r.contact_id, r.account_id);
      }
    if (companies.size)
      for (const r of await look.companiesByKey(db, [...companies])) {
        if (!v.company.has(r.name_key)) v.company.set(r.name_key, r.id);
        accountIds.add(r.id);
      }
    // a company known under another name (its English name, a former name), when its name is not
    const unnamed = this.s.aliases ? [...companies].filter((k) => !v.company.has(k)) : [];
    if (unnamed.length)
      for (const r of await look.companiesByAlias(db, unnamed)) {
        if (!v.company.has(r.name_key)) v.company.set(r.name_key, r.id);
        accountIds.add(r.id);
      }
    if (domains.size)
      for (const r of await look.companiesByDomain(db, [...domains])) {
        if (!v.domain.has(r.domain!)) v.domain.set(r.domain!, r.id);
        accountIds.add(r.id);
      }
    // a person at a known company: asked as (name, company) pairs, never names × companies
    const pairs = new Map<string, [string, number]>();
    for (const l of batch) {
      if (l.reject || !l.nameKey || !l.companyKey || !names.has(l.nameKey)) continue;
      const acc = v.company.get(l.companyKey);
      if (acc !== undefined) pairs.set(nameInKey(l.nameKey, acc), [l.nameKey, acc]);
    }
    if (pairs.size)
      for (const r of await look.contactsByNameIn(db, [...pairs.values()])) {
        const k = nameInKey(r.name_key, r.account_id);
        if (!v.nameIn.has(k)) v.nameIn.set(k, r.id);
        hit(r.id, r.account_id);
      }
    const otherPairs = this.s.aliases ? [...pairs].filter(([k]) => !v.nameIn.has(k)).map(([, p]) => p) : [];
    if (otherPairs.length)
      for (const r of await look.contactsByAliasIn(db, otherPairs)) {
        const k = nameInKey(r.name_key, r.account_id);
        if (!v.nameIn.has(k)) v.nameIn.set(k, r.contact_id);
        hit(r.contact_id, r.account_id);
      }
    if (individuals.size)
      for (const r of await look.individualsByName(db, [...individuals])) {
        if (!v.individual.has(r.name_key)) v.individual.set(r.name_key, { contact: r.id, account: r.account_id });
        hit(r.id, r.account_id);
      }
    const otherIndividuals = this.s.aliases ? [...individuals].filter((k) => !v.individual.has(k)) : [];
    if (otherIndividuals.length)
      for (const r of await look.individualsByAlias(db, otherIndividuals)) {
        if (!v.individual.has(r.name_key)) v.individual.set(r.name_key, { contact: r.contact_id, account: r.account_id });
        hit(r.contact_id, r.account_id);
      }
    // the stored rows a merge may read: few (only what matched)
    if (contactIds.size) {
      const ids = [...contactIds];
      for (const c of await look.contactsForMerge(db, ids)) {
        v.contacts.set(c.id, { row: c, points: [] });
        const u = uids.get(c.id);
        if (u && uidMatches(u, c.created_at)) {
          v.uid.set(c.id, { contact: c.id, account: c.account_id });
          accountIds.add(c.account_id);
        }
      }
      for (const p of await look.pointKeysOfContacts(db, ids)) v.contacts.get(p.contact_id!)?.points.push({ kind: p.kind, match_key: p.match_key });
    }
    if (accountIds.size) {
      const ids = [...accountIds];
      for (const a of await look.accountsForMerge(db, ids)) v.accounts.set(a.id, { row: a, tags: new Set(), points: [] });
      for (const p of await look.companyPointKeys(db, ids)) v.accounts.get(p.account_id)?.points.push({ kind: p.kind, match_key: p.match_key });
      for (const t of await look.tagsOf(db, ids)) v.accounts.get(t.account_id)?.tags.add(t.tag);
      if (this.s.aliases) for (const a of await look.aliasesOf(db, ids)) v.aliasKeys.add(aliasKey(a.account_id, a.contact_id, a.name_key));
    }
  }

  private lead(l: Lead): void {
    const sum = this.s.summary;
    sum.rows++;
    if (l.reject) {
      this.reject(l.file, l.line, l.reject, l.raw);
      return;
    }
    this.flag(l);
    const match = this.findContact(l);
    const changes: Changes = {};
    const conflicts: ConflictItem[] = [];
    let action: 'created' | 'merged' | 'unchanged';
    let accountId: number;
    let contactId: number | null = null;
    if (match) {
      accountId = match.account;
      contactId = match.contact;
      const changed = this.mergeContact(l, match.contact, changes, conflicts) | this.mergeAccount(l, accountId, changes, conflicts);
      action = changed ? 'merged' : 'unchanged';
      if (changed) this.touch(accountId);
    } else {
      const existing = this.findAccount(l);
      if (existing !== undefined) {
        // a known company (findAccount needs one): a new person there, or the company row again
        accountId = existing;
        const changed = this.mergeAccount(l, accountId, changes, conflicts);
        if (l.name) {
          contactId = this.createContact(l, accountId);
          action = 'created';
        } else action = changed ? 'merged' : 'unchanged';
        if (action !== 'unchanged') this.touch(accountId);
      } else {
        accountId = this.createAccount(l);
        contactId = l.name ? this.createContact(l, accountId) : null;
        action = 'created';
      }
    }
    if (action === 'created') sum.created++;
    else if (action === 'merged') sum.merged++;
    else sum.unchanged++;
    if (conflicts.length) {
      sum.conflictCount++;
      for (const c of conflicts) if (sum.conflicts.length < LIST_CAP) sum.conflicts.push(c);
    }
    const hasChanges = changes.account || changes.contact || changes.tags;
    this.row({
      file: l.file,
      line: l.line,
      action,
      account_id: accountId,
      contact_id: contactId,
      order_id: null,
      changes: hasChanges ? JSON.stringify(changes) : null,
      conflicts: conflicts.length ? JSON.stringify(conflicts.map(({ field, existing, incoming }) => ({ field, existing, incoming }))) : null,
      reason: l.flags.length ? l.flags.join('; ') : null,
    });
  }

  private findContact(l: Lead): Hit | undefined {
    const v = this.v;
    // a card crm exported merges into the contact it came from, before any other matching
    const u = l.uid ? parseContactUid(l.uid) : undefined;
    const byUid = u && v.uid.get(u.id);
    if (byUid) return byUid;
    for (const p of l.points) {
      if (p.kind !== 'email') continue;
      const m = v.email.get(p.key);
      if (m) return m;
    }
    for (const p of l.points) {
      const list = v.numbers.get(p.key);
      if (!list) continue;
      if (p.kind === 'mobile') {
        // a mobile belongs to one person, whatever kind it was filed under before: the first
        // filed as a mobile, else as a phone
        let best: NumberEntry | undefined;
        for (const e of list) if (!best || e.kind < best.kind || (e.kind === best.kind && e.id < best.id)) best = e;
        if (best) return { contact: best.contact, account: best.account };
      } else if ((p.kind === 'phone' || p.kind === 'fax') && l.nameKey) {
        // a landline is often the company switchboard: shared by colleagues, so the name must agree
        let best: NumberEntry | undefined;
        for (const e of list) if (e.nameKey === l.nameKey && (!best || e.id < best.id)) best = e;
        if (best) return { contact: best.contact, account: best.account };
      }
    }
    if (l.nameKey && l.companyKey) {
      const acc = v.company.get(l.companyKey);
      if (acc === undefined) return undefined;
      const c = v.nameIn.get(nameInKey(l.nameKey, acc));
      return c === undefined ? undefined : { contact: c, account: acc };
    }
    if (l.nameKey && !l.company) return v.individual.get(l.nameKey);
    return undefined;
  }

  private findAccount(l: Lead): number | undefined {
    const byName = l.companyKey ? this.v.company.get(l.companyKey) : undefined;
    if (byName !== undefined) return byName;
    if (l.domain && l.company) return this.v.domain.get(l.domain);
    return undefined;
  }

  private touch(accountId: number): void {
    if (accountId <= this.s.createdAfter) this.dirty.add(accountId);
  }

  private createAccount(l: Lead): number {
    const s = this.s;
    const company = !!l.company;
    const name = (company ? l.company : l.name)!;
    const nameKey = company ? l.companyKey! : personKey(name);
    const id = s.bw.nextId('accounts');
    const row = {
      id,
      kind: company ? ('company' as const) : ('individual' as const),
      name,
      name_key: nameKey,
      domain: l.domain,
      ...(accountValues(l, s.defaults) as Omit<AccountFields, 'kind' | 'name' | 'name_key' | 'domain' | 'owner_id' | 'extra'>),
      owner_id: this.repId(l.owner),
      extra: l.company && !l.name && Object.keys(l.extra).length ? JSON.stringify(l.extra) : null,
      batch_id: s.batchId,
      source_file: l.file,
      source_line: l.line,
      created_at: s.now,
      updated_at: s.now,
    };
    s.bw.insert('accounts', row);
    const tags = new Set([...s.tags, ...l.tags]);
    for (const t of tags) s.bw.insert('account_tags', { account_id: id, tag: t });
    const st: AccountState = { row, tags, points: [] };
    this.v.accounts.set(id, st);
    this.remember('a', nameKey);
    if (company && !this.v.company.has(nameKey)) this.v.company.set(nameKey, id);
    if (l.domain) {
      this.remember('d', l.domain);
      if (company && !this.v.domain.has(l.domain)) this.v.domain.set(l.domain, id);
    }
    this.addPoints(id, null, l.companyPoints, st.points);
    return id;
  }

  private createContact(l: Lead, accountId: number): number {
    const s = this.s;
    const id = s.bw.nextId('contacts');
    const row = {
      id,
      account_id: accountId,
      name: l.name!,
      name_key: l.nameKey!,
      given_name: l.givenName,
      family_name: l.familyName,
      title: l.title,
      department: l.department,
      personality: l.personality,
      hobbies: l.hobbies,
      birthday: l.birthday,
      buying_role: l.buyingRole,
      notes: l.notes,
      extra: Object.keys(l.extra).length ? JSON.stringify(l.extra) : null,
      batch_id: s.batchId,
      source_file: l.file,
      source_line: l.line,
      created_at: s.now,
      updated_at: s.now,
    };
    s.bw.insert('contacts', row);
    const st: ContactState = { row, points: [] };
    this.v.contacts.set(id, st);
    this.remember('c', l.nameKey);
    const account = this.v.accounts.get(accountId);
    if (l.nameKey) {
      const k = nameInKey(l.nameKey, accountId);
      if (!this.v.nameIn.has(k)) this.v.nameIn.set(k, id);
      if (account?.row.kind === 'individual' && account.row.name_key === l.nameKey && !this.v.individual.has(l.nameKey)) this.v.individual.set(l.nameKey, { contact: id, account: accountId });
    }
    this.addPoints(accountId, id, l.points, st.points);
    return id;
  }

  /** Adds the points not already there (into `existing` too); returns how many were added. */
  private addPoints(accountId: number, contactId: number | null, points: Lead['points'], existing: PointKey[]): number {
    const s = this.s;
    const add = pointsToAdd(existing, points);
    for (const { point: p, primary } of add) {
      const id = s.bw.nextId('contact_points');
      s.bw.insert('contact_points', {
        id,
        account_id: accountId,
        contact_id: contactId,
        kind: p.kind,
        label: p.label,
        value: p.value,
        raw: p.raw,
        match_key: p.key,
        is_primary: primary ? 1 : 0,
        batch_id: s.batchId,
        created_at: s.now,
      });
      existing.push({ kind: p.kind, match_key: p.key });
      const tag = look.pointTag(p.kind);
      if (tag) this.remember(tag, p.key);
      if (contactId === null) continue;
      // later rows of the batch match this person by it
      if (p.kind === 'email') {
        if (!this.v.email.has(p.key)) this.v.email.set(p.key, { contact: contactId, account: accountId });
      } else if (p.kind === 'mobile' || p.kind === 'phone') {
        const nameKey = this.v.contacts.get(contactId)?.row.name_key ?? '';
        const e = { id, kind: p.kind, contact: contactId, account: accountId, nameKey };
        const list = this.v.numbers.get(p.key);
        if (list) list.push(e);
        else this.v.numbers.set(p.key, [e]);
      }
    }
    return add.length;
  }

  private mergeContact(l: Lead, contactId: number, changes: Changes, conflicts: ConflictItem[]): number {
    const c = this.v.contacts.get(contactId);
    if (!c) return 0;
    const m = mergeContact(c.row, l);
    let n = 0;
    // the same person under another name (张伟 in one file, Zhang Wei in another): the name is kept
    // as an alias, reported once
    m.conflicts = m.conflicts.filter((f) => f.field !== 'name' || !l.nameKey || this.keepAlias(c.row.account_id, contactId, l.name!, l.nameKey, () => n++));
    this.conflicts(l, c.row.account_id, contactId, m.conflicts, conflicts);
    if (Object.keys(m.set).length) {
      const patch = { ...Object.fromEntries(Object.entries(m.set).map(([k, [, v]]) => [k, v])), updated_at: this.s.now };
      Object.assign(c.row, patch);
      this.s.bw.update('contacts', contactId, patch);
      changes.contact = m.set;
      n++;
    }
    n += this.addPoints(c.row.account_id, contactId, l.points, c.points);
    return n;
  }

  /**
   * A differing name seen on a known record: kept as an alias of the account (contactId null) or
   * the person the first time (returns true: reported as a conflict, `added` called), known
   * already the next times (false: nothing to report).
   */
  private keepAlias(accountId: number, contactId: number | null, name: string, key: string, added: () => void): boolean {
    const k = aliasKey(accountId, contactId, key);
    if (this.v.aliasKeys.has(k)) return false;
    this.v.aliasKeys.add(k);
    const s = this.s;
    s.bw.insert('aliases', { account_id: accountId, contact_id: contactId, name, name_key: key, source: 'import', batch_id: s.batchId, created_at: s.now });
    s.aliases = true;
    this.remember(contactId === null ? 'a' : 'c', key);
    // later rows of the batch find the record under that name too
    if (contactId === null) {
      if (!this.v.company.has(key)) this.v.company.set(key, accountId);
    } else {
      const nk = nameInKey(key, accountId);
      if (!this.v.nameIn.has(nk)) this.v.nameIn.set(nk, contactId);
      if (this.v.accounts.get(accountId)?.row.kind === 'individual' && !this.v.individual.has(key)) this.v.individual.set(key, { contact: contactId, account: accountId });
    }
    added();
    return true;
  }

  private conflicts(l: Lead, accountId: number, contactId: number | null, found: FieldConflict[], out: ConflictItem[]): void {
    for (const f of found) out.push({ file: l.file, line: l.line, accountId, contactId, ...f });
  }

  private mergeAccount(l: Lead, accountId: number, changes: Changes, conflicts: ConflictItem[]): number {
    const a = this.v.accounts.get(accountId);
    if (!a) return 0;
    const s = this.s;
    const m = mergeAccount(a.row, l, accountValues(l, s.defaults), a.row.owner_id === null ? this.repId(l.owner) : null);
    let n = 0;
    // a company known under another name (its English name, a former name): kept as an alias
    if (a.row.kind === 'company' && l.companyKey)
      m.conflicts = m.conflicts.filter((f) => f.field !== 'company' || this.keepAlias(accountId, null, l.company!, l.companyKey!, () => n++));
    this.conflicts(l, accountId, null, m.conflicts, conflicts);
    if (m.set.domain) this.remember('d', m.set.domain[1] as string);
    if (Object.keys(m.set).length) {
      const patch = { ...Object.fromEntries(Object.entries(m.set).map(([k, [, v]]) => [k, v])), updated_at: s.now };
      Object.assign(a.row, patch);
      s.bw.update('accounts', accountId, patch);
      changes.account = m.set;
      n++;
    }
    const added: string[] = [];
    for (const t of new Set([...s.tags, ...l.tags])) {
      if (a.tags.has(t)) continue;
      a.tags.add(t);
      s.bw.insert('account_tags', { account_id: accountId, tag: t });
      added.push(t);
    }
    if (added.length) {
      changes.tags = added;
      n++;
    }
    if (l.companyPoints.length) n += this.addPoints(accountId, null, l.companyPoints, a.points);
    return n;
  }

  // ---- orders ----

  /** Decides and stages one batch of orders, then writes it. */
  async orders(batch: readonly OrderRow[]): Promise<void> {
    const db = this.s.db;
    const ids = new Set<number>();
    const pointKeys = new Set<string>();
    const nameKeys = new Set<string>();
    const personKeys = new Set<string>();
    for (const o of batch) {
      if (o.reject) continue;
      if (o.accountId !== null) ids.add(o.accountId);
      else {
        if (o.emailKey) pointKeys.add(o.emailKey);
        if (o.phoneKey) pointKeys.add(o.phoneKey);
        if (o.customer) {
          nameKeys.add(companyKey(o.customer));
          nameKeys.add(personKey(o.customer));
          personKeys.add(personKey(o.customer));
        }
      }
    }
    const known = new Set(ids.size ? await look.existingAccountIds(db, [...ids]) : []);
    const byPoint = new Map<string, number[]>();
    const push = (m: Map<string, number[]>, k: string, id: number) => {
      const l = m.get(k);
      if (!l) m.set(k, [id]);
      else if (l.length < 2 && !l.includes(id)) l.push(id);
    };
    if (pointKeys.size)
      for (const r of await look.accountsByPointKey(db, [...pointKeys])) {
        const kind = r.kind === 'email' ? 'email' : r.kind === 'phone' || r.kind === 'mobile' || r.kind === 'fax' ? 'number' : null;
        if (kind) push(byPoint, `${kind}:${r.match_key}`, r.account_id);
      }
    const byName = new Map<string, number[]>();
    if (nameKeys.size) for (const r of await look.accountsByNameKey(db, [...nameKeys])) push(byName, r.name_key, r.id);
    const byContact = new Map<string, number[]>();
    if (personKeys.size) for (const r of await look.accountsByContactName(db, [...personKeys])) push(byContact, r.name_key, r.account_id);
    // which account each row goes to, or why none
    const decided = batch.map((o): { accountId?: number; why?: string } => {
      if (o.reject) return {};
      if (o.accountId !== null) return known.has(o.accountId) ? { accountId: o.accountId } : { why: `no account with id ${o.accountId}` };
      const sets: number[][] = [];
      if (o.emailKey) sets.push(byPoint.get(`email:${o.emailKey}`) ?? []);
      if (o.phoneKey) sets.push(byPoint.get(`number:${o.phoneKey}`) ?? []);
      if (o.customer) {
        const found = new Set<number>([...(byName.get(companyKey(o.customer)) ?? []), ...(byName.get(personKey(o.customer)) ?? [])]);
        if (!found.size) for (const id of byContact.get(personKey(o.customer)) ?? []) found.add(id);
        sets.push([...found]);
      }
      // the first identifier that names exactly one account decides
      const decisive = sets.find((x) => x.length === 1);
      if (decisive) return { accountId: decisive[0]! };
      if (sets.some((x) => x.length > 1)) return { why: `customer matches several accounts (${[...new Set(sets.flat())].join(', ')}); use an account id column` };
      return { why: `no account matches ${[o.customer && `"${o.customer}"`, o.emailKey, o.phoneKey].filter(Boolean).join(' / ')}` };
    });
    const accounts = [...new Set(decided.map((d) => d.accountId).filter((x): x is number => x !== undefined))];
    const days = [...new Set(batch.map((o) => o.date).filter((x): x is string => !!x))];
    const sig = (account: number, on: string | null, amount: number | null, reference: string | null, product: string | null) => JSON.stringify([account, on, amount, reference, product]);
    const stored = new Set((await look.ordersOn(db, accounts, days)).map((r) => sig(r.account_id, r.ordered_on, r.amount, r.reference, r.product)));
    const sum = this.s.summary;
    batch.forEach((o, i) => {
      sum.rows++;
      if (o.reject) {
        this.reject(o.file, o.line, o.reject, o.raw);
        return;
      }
      this.flag(o);
      const d = decided[i]!;
      if (d.accountId === undefined) {
        this.reject(o.file, o.line, d.why!, o.raw);
        return;
      }
      const key = sig(d.accountId, o.date, o.amount, o.reference, o.product);
      let orderId: number | null = null;
      let action: 'created' | 'unchanged' = 'unchanged';
      if (!stored.has(key) && !this.orderSigs.has(key)) {
        orderId = this.s.bw.nextId('orders');
        this.s.bw.insert('orders', {
          id: orderId,
          account_id: d.accountId,
          ordered_on: o.date!,
          amount: o.amount!,
          profit: o.profit,
          product: o.product,
          quantity: o.quantity,
          currency: o.currency ?? this.s.currency ?? null,
          reference: o.reference,
          batch_id: this.s.batchId,
          source_file: o.file,
          source_line: o.line,
          created_at: this.s.now,
        } as never);
        this.orderSigs.add(key);
        action = 'created';
        sum.created++;
      } else sum.unchanged++;
      this.row({ file: o.file, line: o.line, action, account_id: d.accountId, contact_id: null, order_id: orderId, changes: null, conflicts: null, reason: o.flags.length ? o.flags.join('; ') : null });
    });
    await this.s.bw.flush();
  }

  /** Puts the accounts the import created into the search index, and re-indexes those it changed. */
  async finish(): Promise<void> {
    await this.s.bw.flush();
    await this.s.bw.indexCreated(this.s.createdAfter);
    await this.s.bw.reindex(this.dirty);
  }
}
