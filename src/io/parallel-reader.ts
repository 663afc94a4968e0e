// Feeds the writer from a worker thread when the file is big enough to be worth a thread.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CrmError, InputError } from '../domain/errors.js';
import { readPlanned, type FilePlan, type ReadItem, type ReaderOptions } from './lead-reader.js';

/** Below this size a thread costs more to start than it saves. */
export const WORKER_MIN_BYTES = 1024 * 1024;

function workerPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  if (basename(dir) === 'chunks') dir = dirname(dir);
  const p = join(dir, 'import-reader.worker.js');
  return existsSync(p) ? p : undefined;
}

export async function* readFileItems(plan: FilePlan, opts: ReaderOptions, onBytes?: (n: number) => void): AsyncGenerator<ReadItem[]> {
  const path = plan.format === 'csv' && plan.size >= WORKER_MIN_BYTES && !process.env.CRM_IMPORT_NO_WORKER ? workerPath() : undefined;
  if (!path) {
    yield* readPlanned(plan, opts, onBytes);
    return;
  }
  // A small heap for the reader: it only holds a few batches, and V8 would otherwise let garbage
  // grow to hundreds of MB before collecting (the issue caps peak RSS at 250 MB).
  const worker = new Worker(path, { workerData: { plan, opts }, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } });
  const queue: ({ type: 'batch'; items: ReadItem[]; bytes: number } | { type: 'done' } | { type: 'error'; name: string; message: string })[] = [];
  let wake: (() => void) | null = null;
  let exited = false;
  worker.on('message', (m) => {
    queue.push(m);
    wake?.();
    wake = null;
  });
  worker.on('error', (e) => {
    queue.push({ type: 'error', name: 'Error', message: e.message });
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  try {
    for (;;) {
      if (!queue.length) {
        if (exited) throw new CrmError('the import reader stopped unexpectedly');
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const m = queue.shift()!;
      if (m.type === 'done') return;
      if (m.type === 'error') throw m.name === 'InputError' ? new InputError(m.message) : new CrmError(m.message);
      onBytes?.(m.bytes);
      yield m.items;
      worker.postMessage({ type: 'ack' });
    }
  } finally {
    await worker.terminate();
  }
}
