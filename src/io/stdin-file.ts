// `crm import -`: standard input is copied to a private temporary file first, so the reader can
// sample it for encoding and header, then stream it like any file (and a worker can reopen it).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../domain/errors.js';

export interface SpooledInput {
  path: string;
  cleanup(): void;
}

export async function spoolStdin(): Promise<SpooledInput> {
  if (process.stdin.isTTY) throw new UsageError('"-" reads the file from standard input, which is a terminal here', 'pipe it in: crm import - < leads.csv');
  const dir = mkdtempSync(join(tmpdir(), 'crm-stdin-'));
  const path = join(dir, 'stdin');
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    cleanup();
    throw e;
  }
  return { path, cleanup };
}
