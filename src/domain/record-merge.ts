// Merging two records of the same company or person (crm account merge / contact merge): the kept
// record's empty fields are filled from the other one; where both have a value and they differ,
// the kept value stays and the other is reported, so it can be kept visible (in the notes). The
// rule is the import's (fill empty fields, report differing ones), applied to two stored rows.
import { cleanText } from './normalize.js';

export interface FieldConflict {
  field: string;
  kept: string;
  other: string;
}

export interface RecordMerge {
  /** the columns to set on the kept record */
  set: Record<string, unknown>;
  conflicts: FieldConflict[];
}

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** Equal as a person would read them: case, width and spacing aside. */
export function sameValue(a: unknown, b: unknown): boolean {
  return cleanText(String(a ?? '')).toLowerCase() === cleanText(String(b ?? '')).toLowerCase();
}

/**
 * Fills the kept record's empty `fields` from the other record; differing values are conflicts.
 * `lists` are comma lists merged as sets (entry roles); `either` are flags kept when either has
 * them (strategic); `text` fields (notes) are joined rather than compared.
 */
export function mergeRecords(
  kept: Readonly<Record<string, unknown>>,
  other: Readonly<Record<string, unknown>>,
  fields: { plain: readonly string[]; lists?: readonly string[]; either?: readonly string[]; text?: readonly string[]; json?: readonly string[] },
): RecordMerge {
  const out: RecordMerge = { set: {}, conflicts: [] };
  for (const f of fields.plain) {
    const a = kept[f];
    const b = other[f];
    if (empty(b)) continue;
    if (empty(a)) out.set[f] = b;
    else if (!sameValue(a, b)) out.conflicts.push({ field: f, kept: String(a), other: String(b) });
  }
  for (const f of fields.lists ?? []) {
    const items = (v: unknown) => (empty(v) ? [] : String(v).split(',').map((x) => x.trim()).filter(Boolean));
    const all = [...new Set([...items(kept[f]), ...items(other[f])])];
    if (all.length !== items(kept[f]).length) out.set[f] = all.join(',');
  }
  for (const f of fields.either ?? []) if (!kept[f] && other[f]) out.set[f] = other[f];
  for (const f of fields.text ?? []) {
    const a = kept[f];
    const b = other[f];
    if (empty(b) || (!empty(a) && cleanText(String(a)).includes(cleanText(String(b))))) continue;
    out.set[f] = empty(a) ? b : `${String(a)}\n${String(b)}`;
  }
  for (const f of fields.json ?? []) {
    if (empty(other[f])) continue;
    const a = empty(kept[f]) ? {} : (JSON.parse(String(kept[f])) as Record<string, unknown>);
    const b = JSON.parse(String(other[f])) as Record<string, unknown>;
    let added = false;
    for (const [k, v] of Object.entries(b)) {
      if (!(k in a)) {
        a[k] = v;
        added = true;
      } else if (!sameValue(a[k], v)) out.conflicts.push({ field: `${f}.${k}`, kept: String(a[k]), other: String(v) });
    }
    if (added) out.set[f] = JSON.stringify(a);
  }
  return out;
}

/** The note that keeps the other record's differing values visible on the kept one. */
export function mergeNote(what: string, on: string, conflicts: readonly FieldConflict[]): string {
  const vals = conflicts.map((c) => `${c.field.replace(/_/g, ' ')}: ${c.other} (kept ${c.kept})`).join('; ');
  return `[merged ${what} on ${on}] other values: ${vals}`;
}
