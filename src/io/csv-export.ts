// CSV exports for spreadsheets, through the one CSV writer (csv-writer.ts: quoting and the
// formula guard). Numeric fields (amounts, profits, ids) stay numbers; text is guarded.
import { csvLines, type CsvValue } from './csv-writer.js';

export interface ExportColumn {
  header: string;
  key: string;
}

export function exportCsv(columns: readonly ExportColumn[], rows: readonly Record<string, unknown>[]): string {
  return csvLines([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => r[c.key] as CsvValue))]);
}

/**
 * The text exportCsv would give for rows held as arrays in column order and read a page at a time:
 * one string per page, each ending with a line break (an encoder never sees half a character).
 */
export async function* csvText(columns: readonly ExportColumn[], pages: AsyncIterable<readonly (readonly unknown[])[]>): AsyncGenerator<string> {
  yield csvLines([columns.map((c) => c.header)]);
  for await (const rows of pages) if (rows.length > 0) yield csvLines(rows as readonly (readonly CsvValue[])[]);
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
