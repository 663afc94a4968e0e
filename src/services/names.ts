// Name forms (issue 13, point 8): a company or person keeps every name it was known under. The
// current name is accounts.name / contacts.name; the others are aliases, matched by find, ACCOUNT
// resolution and the duplicate checks like the name itself.
import type { Db, Engine } from '../db/engine.js';
import { getMeta, setMeta } from '../db/meta.js';
import * as accounts from '../db/repositories/accounts.js';
import * as aliases from '../db/repositories/aliases.js';
import { NAME_KEY_VERSION, cleanOrNull, companyKey, personKey } from '../domain/normalize.js';
import { NotFoundError } from '../domain/errors.js';

export type NameOwner = 'company' | 'individual' | 'contact';

/** The matching key of a name: companies by companyKey (legal forms aside), people by personKey. */
export function nameKey(owner: NameOwner | string, name: string): string {
  return owner === 'company' ? companyKey(name) : personKey(name);
}

export interface KeepAlias {
  accountId: number;
  /** null: a name of the account itself */
  contactId: number | null;
  owner: NameOwner | string;
  name: string;
  /** the key of the current name: a name with the same key is the same name, not an alias */
  currentKey: string;
  source: 'edit' | 'merge' | 'import' | 'hand';
  batchId?: number | null;
  now: string;
}

/** Keeps `name` as another name of the account or contact, unless it is already known. Returns whether it was added. */
export async function keepAlias(db: Db, a: KeepAlias): Promise<boolean> {
  const name = cleanOrNull(a.name);
  if (!name) return false;
  const key = nameKey(a.owner, name);
  if (!key || key === a.currentKey) return false;
  const known = await aliases.aliasesOf(db, a.accountId, a.contactId);
  if (known.some((x) => x.name_key === key)) return false;
  await aliases.insertAlias(db, {
    account_id: a.accountId,
    contact_id: a.contactId,
    name,
    name_key: key,
    source: a.source,
    batch_id: a.batchId ?? null,
    created_at: a.now,
  });
  return true;
}

/**
 * A rename: the old name becomes an alias, and an alias equal to the new name stops being one
 * (it is the name now).
 */
export async function renamed(db: Db, r: { accountId: number; contactId: number | null; owner: NameOwner | string; oldName: string; newName: string; now: string }): Promise<void> {
  const newKey = nameKey(r.owner, r.newName);
  const known = await aliases.aliasesOf(db, r.accountId, r.contactId);
  await aliases.deleteAliases(
    db,
    known.filter((x) => x.name_key === newKey).map((x) => x.id),
  );
  await keepAlias(db, { accountId: r.accountId, contactId: r.contactId, owner: r.owner, name: r.oldName, currentKey: newKey, source: 'edit', now: r.now });
}

/**
 * Forgets other names of an account (contactId null) or a person: a mistyped former name should not
 * stay findable. Each must be one of its aliases (by its key, so spelling and spaces may differ).
 */
export async function dropAliases(db: Db, r: { accountId: number; contactId: number | null; owner: NameOwner | string; names: readonly string[] }): Promise<void> {
  if (!r.names.length) return;
  const known = await aliases.aliasesOf(db, r.accountId, r.contactId);
  const ids: number[] = [];
  for (const name of r.names) {
    const hit = known.find((x) => x.name_key === nameKey(r.owner, name));
    if (!hit) {
      const list = known.length ? `its other names: ${known.map((x) => `"${x.name}"`).join(', ')}` : 'it has no other names';
      throw new NotFoundError(`"${name}" is not another name of ${r.contactId === null ? `account ${r.accountId}` : `contact ${r.contactId}`} (${list})`);
    }
    ids.push(hit.id);
  }
  await aliases.deleteAliases(db, ids);
}

/**
 * Keys every account name and alias again when the key functions changed since the database was
 * keyed (NAME_KEY_VERSION): run with the migrations, in their transaction.
 */
export async function keyNamesAgain(engine: Engine, db: Db): Promise<number> {
  const done = await getMeta(db, 'names.key_version');
  if (done === String(NAME_KEY_VERSION)) return 0;
  const changed: [number, string][] = [];
  await accounts.forEachAccountName(engine, (id, kind, name, key) => {
    const k = nameKey(kind, name);
    if (k !== key) changed.push([id, k]);
  });
  await accounts.setAccountNameKeys(db, changed);
  let n = changed.length;
  for (const al of await aliases.allAliasKeys(db)) {
    const k = nameKey(al.contact_id === null ? al.kind : 'contact', al.name);
    if (k !== al.name_key) {
      await aliases.setAliasKey(db, al.id, k);
      n++;
    }
  }
  await setMeta(db, 'names.key_version', String(NAME_KEY_VERSION));
  return n;
}
