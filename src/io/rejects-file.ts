// The --rejects file: every row that could not be imported, with its file, line and reason, as a
// CSV that opens in Excel (UTF-8 with BOM) so the user can fix the rows and import them again.
import { chmodSync, createWriteStream, existsSync, type WriteStream } from 'node:fs';

function esc(s: string): string {
  // A cell starting with = + - @ is a formula to Excel: a hostile row must not run one when the
  // user opens this file, so such text is shown as text.
  const t = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export interface RejectsWriter {
  write(r: { file: string; line: number; reason: string; data: string }): void;
  close(): Promise<void>;
}

export function openRejectsFile(path: string): RejectsWriter {
  // Rejected rows are customer data: owner-only, like the database.
  if (existsSync(path)) chmodSync(path, 0o600);
  const out: WriteStream = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  out.write('\uFEFFfile,line,reason,data\r\n');
  return {
    write(r) {
      out.write(`${esc(r.file)},${r.line},${esc(r.reason)},${esc(r.data)}\r\n`);
    },
    close: () => new Promise((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve()))),
  };
}
