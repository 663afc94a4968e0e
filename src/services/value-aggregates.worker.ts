// Worker thread of the value refresh: runs the interactions aggregate (the largest read) on its own
// connection while the main thread reads the other tables, so a refresh uses both cores.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { interactionAggregateRows, type InteractionWindows } from '../db/repositories/value.js';

const { path, windows } = workerData as { path: string; windows: InteractionWindows };
const h = openDatabase(path, { readonly: true });
try {
  parentPort!.postMessage({ rows: interactionAggregateRows(h, windows) });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
} finally {
  await h.close();
}
