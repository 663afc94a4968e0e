// `crm export`: the customer file, interactions and orders as rows (camelCase keys) for CSV/JSON,
// and contacts as vCard people; orders and interactions as pages of arrays (see ExportStream).
// Filters are those of `crm account list` / `crm contact list`.
import { moneyConfig } from '../domain/money.js';
import type { AccountFilter } from '../db/repositories/accounts.js';
import * as contacts from '../db/repositories/contacts.js';
import * as exportsRepo from '../db/repositories/exports.js';
import { addDays } from '../domain/dates.js';
import { parseDetails, STAGE_RECORD_COLUMNS, stageRecordValues } from '../domain/stage-record.js';
import type { ExportColumn } from '../io/csv-export.js';
import { contactUid, vcardRev } from '../domain/contact-uid.js';
import type { VcardPerson } from '../io/vcard-export.js';
import type { ServiceContext } from './context.js';

export const EXPORT_KINDS = ['accounts', 'contacts', 'interactions', 'orders', 'greetings'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportFilter extends AccountFilter {
  accountId?: number;
  from?: string;
  to?: string;
  /** interactions only */
  kind?: string;
  batchId?: number;
}

export interface ExportTable {
  columns: ExportColumn[];
  rows: Record<string, unknown>[];
}

const cols = (spec: string): ExportColumn[] => spec.split(/\s+/).filter(Boolean).map((k) => ({ key: k, header: k }));

const camelKey = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function camel(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camelKey(k)] = v;
  return out;
}

function groupBy<T extends { account_id: number }>(xs: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const x of xs) {
    const l = m.get(x.account_id);
    if (l) l.push(x);
    else m.set(x.account_id, [x]);
  }
  return m;
}

export async function exportAccounts(ctx: ServiceContext, f: ExportFilter): Promise<ExportTable> {
  const [rows, tags, points] = await Promise.all([
    exportsRepo.exportAccountRows(ctx.db, f),
    exportsRepo.tagsOf(ctx.db, f),
    exportsRepo.companyPointsOf(ctx.db, f),
  ]);
  const tagMap = groupBy(tags);
  const pointMap = groupBy(points);
  const out = rows
    .filter((r) => f.accountId === undefined || r.id === f.accountId)
    .map((r) => {
      const { name_key: _k, extra, batch_id: _b, source_file: _sf, source_line: _sl, owner_id: _o, ...rest } = r;
      const p = pointMap.get(r.id) ?? [];
      return {
        ...camel(rest),
        strategic: r.strategic === 1,
        archived: r.archived_at !== null,
        tags: (tagMap.get(r.id) ?? []).map((t) => t.tag),
        phones: p.filter((x) => x.kind !== 'email' && x.kind !== 'web').map((x) => x.value),
        emails: p.filter((x) => x.kind === 'email').map((x) => x.value),
        extra: extra ? (JSON.parse(extra) as Record<string, string>) : null,
      };
    });
  return {
    columns: cols(
      'id kind name website address city region country postcode industry industryPosition employees mainBusiness businessScope buyingMode supplyChannels source campaign owner referredById notes foundedOn strategic keyFace potential expectedDemand valueScore leadScore tier profitTier ladder lastContactOn lastOrderOn nextDueOn tags phones emails createdAt updatedAt archived',
    ),
    rows: out,
  };
}

export interface ContactExport extends ExportTable {
  people: VcardPerson[];
}

export async function exportContacts(ctx: ServiceContext, f: ExportFilter): Promise<ContactExport> {
  const list = await contacts.listContacts(ctx.db, { ...f });
  const points = await contacts.pointsOfContacts(
    ctx.db,
    list.map((c) => c.id),
  );
  const byContact = new Map<number, typeof points>();
  for (const p of points) if (p.contact_id !== null) byContact.set(p.contact_id, [...(byContact.get(p.contact_id) ?? []), p]);
  const accountIds = [...new Set(list.map((c) => c.account_id))];
  const extraCols = new Map<number, { postcode: string | null; country: string | null; kind: string }>();
  for (const r of await exportsRepo.accountPostal(ctx.db, accountIds)) extraCols.set(r.id, r);
  const rows: Record<string, unknown>[] = [];
  const people: VcardPerson[] = [];
  for (const c of list) {
    const mine = byContact.get(c.id) ?? [];
    const acc = extraCols.get(c.account_id);
    const emails = mine.filter((p) => p.kind === 'email').map((p) => p.value);
    const phones = mine.filter((p) => p.kind === 'phone' || p.kind === 'mobile' || p.kind === 'fax') as { kind: 'phone' | 'mobile' | 'fax'; value: string }[];
    const ims = mine.filter((p) => p.kind === 'im').map((p) => p.value);
    const entryRoles = c.entry_roles ? c.entry_roles.split(',') : [];
    rows.push({
      id: c.id,
      accountId: c.account_id,
      account: c.account_name,
      name: c.name,
      givenName: c.given_name,
      familyName: c.family_name,
      title: c.title,
      department: c.department,
      emails,
      mobiles: phones.filter((p) => p.kind === 'mobile').map((p) => p.value),
      phones: phones.filter((p) => p.kind !== 'mobile').map((p) => p.value),
      ims,
      birthday: c.birthday,
      buyingRole: c.buying_role,
      entryRoles,
      personality: c.personality,
      hobbies: c.hobbies,
      notes: c.notes,
      address: c.address,
      city: c.city,
      region: c.region,
      postcode: acc?.postcode ?? null,
      country: acc?.country ?? null,
      source: c.source,
      campaign: c.campaign,
    });
    people.push({
      name: c.name,
      givenName: c.given_name,
      familyName: c.family_name,
      // A person with no company is an individual account named after them: no ORG then.
      org: acc?.kind === 'individual' ? null : c.account_name,
      title: c.title,
      department: c.department,
      role: c.buying_role,
      emails,
      phones: phones.map((p) => ({ kind: p.kind, value: p.value })),
      ims,
      address: { street: c.address, city: c.city, region: c.region, postcode: acc?.postcode ?? null, country: acc?.country ?? null },
      birthday: c.birthday,
      note: c.notes,
      categories: [],
      uid: contactUid(c.id, c.created_at),
      rev: vcardRev(c.updated_at),
    });
  }
  return {
    columns: cols('id accountId account name givenName familyName title department emails mobiles phones ims birthday buyingRole entryRoles personality hobbies notes address city region postcode country source campaign'),
    rows,
    people,
  };
}

/** A table too big to hold: its rows as arrays in column order, a page at a time. */
export interface ExportStream {
  columns: ExportColumn[];
  pages: AsyncIterable<unknown[][]>;
}

/** Named after the selected fields (`a.name as account` → account, `o.ordered_on` → orderedOn), so columns and row arrays cannot drift apart. */
const fieldColumns = (fields: readonly string[]): ExportColumn[] => cols(fields.map((f) => camelKey(f.split(/\s+as\s+|\./).pop()!)).join(' '));

// Orders and interactions grow with every working day (a million rows is a few years of a busy
// book), so they are read and written a page at a time, one read snapshot for the whole export.

/**
 * Interactions with their whole stage record (issue 19): the materials sent, the other people
 * present, and what the stage command recorded — for CSV one column per field
 * (STAGE_RECORD_COLUMNS), for JSON the details as recorded, nested.
 */
export function exportInteractions(ctx: ServiceContext, f: ExportFilter, shape: 'flat' | 'nested' = 'flat'): ExportStream {
  const filter = { ...f, toEnd: f.to ? addDays(f.to, 1) : undefined };
  const base = exportsRepo.INTERACTION_EXPORT_FIELDS.filter((x) => x !== 'i.details');
  const detailsAt = exportsRepo.INTERACTION_EXPORT_FIELDS.indexOf('i.details');
  const extra = shape === 'flat' ? STAGE_RECORD_COLUMNS.map((c) => c.key) : ['details'];
  return {
    columns: [...fieldColumns(base), ...cols(`materials alsoPresent ${extra.join(' ')}`)],
    pages: ctx.engine.stream(async function* (db) {
      for await (const page of exportsRepo.interactionExportPages(ctx.engine, db, filter)) {
        const { materials, others } = await exportsRepo.interactionExtras(db, page.map((r) => r[0] as number));
        const sent = listsBy(materials.map((m) => [m.interaction_id, m.material]));
        const present = listsBy(others.map((o) => [o.interaction_id, o.name]));
        yield page.map((r) => {
          const id = r[0] as number;
          const details = parseDetails(r[detailsAt] as string | null);
          const row = r.filter((_, i) => i !== detailsAt);
          row.push(sent.get(id) ?? [], present.get(id) ?? []);
          if (shape === 'flat') row.push(...stageRecordValues(details));
          else row.push(details);
          return row;
        });
      }
    }),
  };
}

function listsBy(pairs: [number, string][]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const [k, v] of pairs) {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  }
  return m;
}

export function exportOrders(ctx: ServiceContext, f: ExportFilter): ExportStream {
  // An order stored without a currency is in the base: the file says which, so it reads the same
  // after the base changes or in another book.
  const at = exportsRepo.ORDER_EXPORT_FIELDS.indexOf('o.currency');
  const base = moneyConfig(ctx.config).base;
  const pages = ctx.engine.stream((db) => exportsRepo.orderExportPages(ctx.engine, db, f));
  return {
    columns: fieldColumns(exportsRepo.ORDER_EXPORT_FIELDS),
    pages: (async function* () {
      for await (const page of pages) {
        for (const row of page) if (row[at] === null) row[at] = base;
        yield page;
      }
    })(),
  };
}
