// Many rows into a table through COPY FROM STDIN (pg-copy-streams): one stream instead of a
// statement per row or per few hundred rows, for copies of whole books and big imports.
import { once } from 'node:events';
import type { pg } from './driver.js';
import { pgDriver } from './load-driver.js';

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** One value in COPY's text format: \N for NULL, backslash escapes for the separators. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Buffer.isBuffer(v)) return '\\\\x' + v.toString('hex');
  return String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const CHUNK_BYTES = 256 * 1024;

export async function copyRows(c: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const stream = c.query(pgDriver().copyFrom(`COPY ${quoteId(table)} (${columns.map(quoteId).join(', ')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let buf = '';
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) line += (i ? '\t' : '') + field(r[i]);
    buf += line + '\n';
    if (buf.length >= CHUNK_BYTES) {
      if (!stream.write(buf)) await Promise.race([once(stream, 'drain'), done]);
      buf = '';
    }
  }
  if (buf) stream.write(buf);
  stream.end();
  await done;
}
