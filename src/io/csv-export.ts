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

const headerLine = (columns: readonly ExportColumn[]) => columns.map((c) => quote(neutralize(c.header))).join(',');

export function exportCsv(columns: readonly ExportColumn[], rows: readonly Record<string, unknown>[]): string {
  const out = [headerLine(columns)];
  for (const r of rows) out.push(columns.map((c) => quote(cellOf(r[c.key]))).join(','));
  return out.join('\r\n') + '\r\n';
}

/**
 * The text exportCsv would give for rows held as arrays in column order and read a page at a time:
 * one string per page, each ending with a line break (an encoder never sees half a character).
 */
export async function* csvText(columns: readonly ExportColumn[], pages: AsyncIterable<readonly (readonly unknown[])[]>): AsyncGenerator<string> {
  yield headerLine(columns) + '\r\n';
  const n = columns.length;
  for await (const rows of pages) {
    const lines: string[] = [];
    for (const r of rows) {
      const cells: string[] = [];
      for (let i = 0; i < n; i++) cells.push(quote(cellOf(r[i])));
      lines.push(cells.join(','));
    }
    if (lines.length > 0) yield lines.join('\r\n') + '\r\n';
  }
}

/** Turns text into bytes piece by piece; the bytes of all pieces are those of the whole text at once. */
export interface StreamEncoder {
  write(text: string): Uint8Array;
  end(): Uint8Array;
  /** characters the encoding has no form for (written as ?), counted so far */
  readonly lost: number;
}

/** UTF-8 (with a BOM for Excel when asked) or any encoding iconv-lite knows, e.g. gbk for Chinese Excel. */
export async function streamEncoder(encoding: string, bom: boolean): Promise<StreamEncoder> {
  const enc = encoding.toLowerCase().replace(/_/g, '-');
  let started = false;
  if (enc === 'utf-8' || enc === 'utf8') {
    const BOM = '\ufeff';
    return {
      write(text) {
        const first = !started;
        started = true;
        return Buffer.from(first && bom ? BOM + text : text, 'utf8');
      },
      end: () => (started || !bom ? new Uint8Array(0) : Buffer.from(BOM, 'utf8')),
      lost: 0,
    };
  }
  const iconv = (await import('iconv-lite')).default;
  // The streaming coders carry state across pieces (a surrogate pair, a UTF-16 byte-order mark).
  const encoder = iconv.getEncoder(enc);
  const decoder = iconv.getDecoder(enc);
  const lost = new LostCount();
  return {
    write(text) {
      const bytes = encoder.write(text);
      lost.add(text, decoder.write(bytes));
      return bytes;
    },
    end() {
      const bytes = encoder.end() ?? Buffer.alloc(0);
      lost.add('', (bytes.length > 0 ? decoder.write(bytes) : '') + (decoder.end() ?? ''));
      return bytes;
    },
    get lost() {
      return lost.count;
    },
  };
}

/**
 * Characters that did not survive the round trip, counted as when the whole text was encoded at
 * once: text and decoded bytes compared code point by code point, position against position. An
 * encoding that writes a ? per UTF-16 unit turns an emoji into two characters and shifts every
 * later position, and the count has always followed that; so the unmatched tail of the longer side
 * is carried over to the next piece rather than dropped.
 */
class LostCount {
  count = 0;
  #text: string[] = [];
  #back: string[] = [];

  add(text: string, back: string): void {
    if (text === back && this.#text.length === 0 && this.#back.length === 0) return;
    const a = this.#text.concat(Array.from(text));
    const b = this.#back.concat(Array.from(back));
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) this.count++;
    this.#text = a.slice(n);
    this.#back = b.slice(n);
  }
}

export async function encodingExists(encoding: string): Promise<boolean> {
  const enc = encoding.toLowerCase();
  if (enc === 'utf-8' || enc === 'utf8') return true;
  const iconv = (await import('iconv-lite')).default;
  return iconv.encodingExists(enc);
}
