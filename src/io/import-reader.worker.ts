// Worker thread: reads, decodes, parses and normalises one import file while the main thread
// writes to the database, so a big import uses both cores. At most a few batches are in flight:
// the worker waits for the writer's acknowledgements, which keeps memory flat on any file size.
import { parentPort, workerData } from 'node:worker_threads';
import { readPlanned, type FilePlan, type ReaderOptions } from './lead-reader.js';

const MAX_IN_FLIGHT = 4;
const { plan, opts } = workerData as { plan: FilePlan; opts: ReaderOptions };
let inFlight = 0;
let wake: (() => void) | null = null;
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  }
});

async function run(): Promise<void> {
  let bytes = 0;
  try {
    for await (const items of readPlanned(plan, opts, (n) => (bytes = n))) {
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
      inFlight++;
      parentPort!.postMessage({ type: 'batch', items, bytes });
    }
    parentPort!.postMessage({ type: 'done' });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ type: 'error', name: err.name, message: err.message });
  }
}
void run();
