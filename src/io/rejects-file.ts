// The --rejects file: every row that could not be imported, with its file, line and reason, as a
// CSV that opens in Excel (UTF-8 with BOM) so the user can fix the rows and import them again.
import { createWriteStream, type WriteStream } from 'node:fs';

function esc(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface RejectsWriter {
  write(r: { file: string; line: number; reason: string; data: string }): void;
  close(): Promise<void>;
}

export function openRejectsFile(path: string): RejectsWriter {
  const out: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  out.write('\uFEFFfile,line,reason,data\r\n');
  return {
    write(r) {
      out.write(`${esc(r.file)},${r.line},${esc(r.reason)},${esc(r.data)}\r\n`);
    },
    close: () => new Promise((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve()))),
  };
}
