// Running crm "as of" a day in a sandbox, failing the test on a non-zero exit: for tests that walk
// through several days (the due list before and after). Each run lets the test worker's event
// loop turn afterwards: a long row of blocking spawns would keep it from answering the test
// runner on a loaded machine.
import type { Sandbox } from './cli.js';

export interface DueRow {
  id: string;
  kind: string;
  reason: string;
  dueOn: string;
  accountId: number;
}

const breathe = () => new Promise((r) => setImmediate(r));

/** `sandbox` is read on every call, so a test file may give each test its own. */
export function dated(sandbox: () => Sandbox, defaultAsOf: string) {
  const ok = async (args: string[], asOf = defaultAsOf) => {
    const r = sandbox().crm(['--as-of', asOf, ...args]);
    await breathe();
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  const json = async (args: string[], asOf = defaultAsOf) => JSON.parse((await ok([...args, '--format', 'json'], asOf)).stdout);
  /** every due item as of a day (and `days` ahead) */
  const due = async (asOf: string, days = 0): Promise<DueRow[]> => (await json(['due', '--days', String(days), '--limit', '0'], asOf)).items;
  return { ok, json, due };
}
