// The --rejects file: every row that could not be imported, with its file, line and reason, as a
// CSV that opens in Excel (UTF-8 with BOM) so the user can fix the rows and import them again.
import { chmodSync, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { csvLines } from './csv-writer.js';

export interface RejectsWriter {
  write(r: { file: string; line: number; reason: string; data: string }): void;
  close(): Promise<void>;
}

export function openRejectsFile(path: string): RejectsWriter {
  // Rejected rows are customer data: owner-only, like the database.
  if (existsSync(path)) chmodSync(path, 0o600);
  const out: WriteStream = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  // A row's text could start with = + - @: the CSV writer shows such cells as text in Excel.
  out.write('\uFEFF' + csvLines([['file', 'line', 'reason', 'data']]));
  return {
    write(r) {
      out.write(csvLines([[r.file, r.line, r.reason, r.data]]));
    },
    close: () => new Promise((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve()))),
  };
}
