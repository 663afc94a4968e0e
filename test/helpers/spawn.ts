// Asynchronous runs of the built binary, for tests that need several crm processes at once, a
// process to kill mid-way, or a time limit per run.
import { spawn, type ChildProcess } from 'node:child_process';
import { crmCommand, type Embed, type RunResult } from './cli.js';

export interface AsyncRun {
  child: ChildProcess;
  done: Promise<RunResult & { signal: NodeJS.Signals | null; timedOut: boolean }>;
}

export function spawnCrm(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; input?: string | Buffer; timeoutMs?: number; embed?: Embed } = {},
): AsyncRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CRM_CONFIG: undefined, ...(opts.env ?? {}) };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, crmCommand(args, opts.embed), { cwd: opts.cwd, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    if (stdout.length < 4_000_000) stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 4_000_000) stderr += d;
  });
  child.stdin!.on('error', () => {});
  child.stdin!.end(opts.input ?? '');
  let timedOut = false;
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.timeoutMs)
    : undefined;
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null; timedOut: boolean }>((resolve) => {
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, timedOut });
    });
  });
  return { child, done };
}

/** Runs crm and resolves with its result; never rejects. */
export function crmAsync(args: string[], opts: Parameters<typeof spawnCrm>[1] = {}) {
  return spawnCrm(args, opts).done;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until cond() is true, polling; throws after timeoutMs. */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
