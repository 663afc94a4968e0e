// Waiting for the write lock of a SQLite file. SQLite only says "busy"; which process holds the
// lock, and what it is doing, is written by the holder beside the database (DB-writer), so a
// writer that must wait can say what it waits for, and keep waiting while that process lives.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { LockHolder, OpenOptions } from '../engine.js';
import type { RawDb } from './connection.js';
import { isBusy, WRITE_LOCK_WAIT_MS } from './dialect.js';

/** One attempt's own wait inside SQLite: short, so the loop can look at the holder and Ctrl-C works. */
const ATTEMPT_MS = 200;
/** A wait shorter than this goes unmentioned. */
const TELL_AFTER_MS = 1000;

export const holderFile = (path: string) => `${path}-writer`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(holderFile(path), 'utf8')) as LockHolder;
    return Number.isSafeInteger(h.pid) && alive(h.pid) ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Notes this process as the holder; best effort (a full disk must not stop the write itself). */
export function noteHolder(path: string, command: string): void {
  try {
    writeFileSync(holderFile(path), JSON.stringify({ pid: process.pid, command }), { mode: 0o600 });
  } catch {
    // the waiting writer then says less
  }
}

export function clearHolder(path: string): void {
  try {
    rmSync(holderFile(path), { force: true });
  } catch {
    // nothing to clear
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Takes the write lock (BEGIN IMMEDIATE), waiting for another process that holds it: as long as
 * it takes while the holder is a running crm, else up to lockWaitMs. Between attempts the event
 * loop runs, so Ctrl-C ends the wait.
 */
export async function beginImmediate(raw: RawDb, path: string | undefined, options: OpenOptions, busyTimeoutMs: number): Promise<void> {
  const started = Date.now();
  const limit = options.lockWaitMs ?? WRITE_LOCK_WAIT_MS;
  let told = false;
  raw.pragma(`busy_timeout = ${ATTEMPT_MS}`);
  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt) await sleep(10);
      try {
        raw.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if (!isBusy(e)) throw e;
        const holder = path ? readHolder(path) : undefined;
        if (!told && Date.now() - started >= TELL_AFTER_MS) {
          told = true;
          options.onWait?.(holder);
        }
        if (!holder && Date.now() - started >= limit) throw e;
      }
    }
  } finally {
    raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}
