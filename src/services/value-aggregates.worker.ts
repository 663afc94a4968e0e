// Worker thread of the value refresh: runs the interactions aggregate (the largest read) on its own
// connection while the main thread reads the other tables, so a refresh uses both cores.
import { parentPort, workerData } from 'node:worker_threads';
import { openEngine } from '../db/open.js';
import { interactionAggregateRows, type InteractionWindows } from '../db/repositories/value.js';

const { location, windows } = workerData as { location: string; windows: InteractionWindows };
const engine = await openEngine(location, { readonly: true });
try {
  parentPort!.postMessage({ rows: await interactionAggregateRows(engine, windows) });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
} finally {
  await engine.close();
}
