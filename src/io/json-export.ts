// JSON exports of tables read a page at a time. The text is exactly JSON.stringify(rows, null, 2)
// plus a newline, as when the whole table was one array in memory, so files stay comparable.

import type { ExportColumn } from './csv-export.js';

/** A value as JSON.stringify writes it two levels deep (array, then row object); undefined where it leaves the property out. */
function valueText(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) as string | undefined;
  // only objects (a Buffer from a BLOB) span lines; the text of a string never holds a raw newline
  return (JSON.stringify(v, null, 2) as string | undefined)?.replace(/\n/g, '\n    ');
}

/**
 * The JSON array of rows given as arrays in column order, one string per page. A page's text ends
 * with a whole row, so an encoder never sees half a character.
 */
export async function* jsonArrayText(columns: readonly ExportColumn[], pages: AsyncIterable<readonly (readonly unknown[])[]>): AsyncGenerator<string> {
  const keys = columns.map((c) => `    ${JSON.stringify(c.key)}: `);
  let first = true;
  for await (const rows of pages) {
    if (rows.length === 0) continue;
    const items: string[] = [];
    for (const r of rows) {
      const props: string[] = [];
      for (let i = 0; i < keys.length; i++) {
        const text = valueText(r[i]);
        if (text !== undefined) props.push(keys[i] + text);
      }
      items.push(props.length > 0 ? `  {\n${props.join(',\n')}\n  }` : '  {}');
    }
    yield (first ? '[\n' : ',\n') + items.join(',\n');
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}
