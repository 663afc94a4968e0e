// CSV written for spreadsheets. Excel runs a cell as a formula when it starts with = + - @ (and
// tab or carriage return can hide one), so a text cell starting with any of them - or with their
// full-width forms, which some CJK locales treat the same - gets a leading apostrophe. Numbers
// from numeric fields (amounts, profits, ids) are written as plain numbers: a number cannot carry a
// formula, and a negative profit must stay a number that sums.

export interface ExportColumn {
  header: string;
  key: string;
}

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export function neutralize(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return neutralize(v.map((x) => String(x)).join('; '));
  return neutralize(String(v));
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function exportCsv(columns: readonly ExportColumn[], rows: readonly Record<string, unknown>[]): string {
  const out = [columns.map((c) => quote(neutralize(c.header))).join(',')];
  for (const r of rows) out.push(columns.map((c) => quote(cellOf(r[c.key]))).join(','));
  return out.join('\r\n') + '\r\n';
}

export interface Encoded {
  bytes: Uint8Array;
  /** characters the encoding has no form for (written as ?) */
  lost: number;
}

/** UTF-8 (with a BOM for Excel when asked) or any encoding iconv-lite knows, e.g. gbk for Chinese Excel. */
export async function encodeText(text: string, encoding: string, bom: boolean): Promise<Encoded> {
  const enc = encoding.toLowerCase().replace(/_/g, '-');
  if (enc === 'utf-8' || enc === 'utf8') return { bytes: Buffer.from((bom ? '\ufeff' : '') + text, 'utf8'), lost: 0 };
  const iconv = (await import('iconv-lite')).default;
  const bytes = iconv.encode(text, enc);
  const back = iconv.decode(bytes, enc);
  let lost = 0;
  if (back !== text) {
    const a = Array.from(text);
    const b = Array.from(back);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) lost++;
  }
  return { bytes, lost };
}

export async function encodingExists(encoding: string): Promise<boolean> {
  const enc = encoding.toLowerCase();
  if (enc === 'utf-8' || enc === 'utf8') return true;
  const iconv = (await import('iconv-lite')).default;
  return iconv.encodingExists(enc);
}
