// Files written by reports and exports: owner-only (0600), since they hold customer data.
import { randomBytes } from 'node:crypto';
import { chmodSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CrmError } from '../domain/errors.js';

export function writeOwnerOnly(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { mode: 0o600 });
  // An existing file keeps its old mode on write; tighten it too.
  chmodSync(path, 0o600);
}

/** Where written bytes go: a file (see openOutFile) or, in the CLI, stdout. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** everything was written: make it final */
  close(): Promise<void>;
  /** the export failed: leave nothing behind */
  abort(): Promise<void>;
}

function writeError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const why: Record<string, string> = {
    ENOENT: `the folder ${dirname(path)} does not exist`,
    ENOTDIR: `${dirname(path)} is not a folder`,
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
  };
  return new CrmError(`cannot write ${path}: ${(code && why[code]) ?? (e as Error).message}`);
}

/**
 * `path` written through a temp file beside it and renamed into place by close(): a failed or
 * interrupted export leaves neither a half-written file nor a damaged older one. The temp file is
 * owner-only from its creation, so customer data is never readable by others, not even briefly.
 */
export async function openOutFile(path: string): Promise<ByteSink> {
  // Found now rather than at the rename, after the whole export has been written.
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // absent: the usual case
  }
  if (isDir) throw new CrmError(`cannot write ${path}: it is a folder`);
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600).catch((e: unknown) => {
    throw writeError(path, e);
  });
  // The umask could have taken the owner's write bit; the final file has the mode of this one.
  await fh.chmod(0o600);
  // Ctrl-C in the middle of a big export: the temp file goes first, then the signal does what it
  // would have (the CLI's handler exits 130, else the default kills the process).
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.prependOnceListener('SIGINT', onSignal);
  process.prependOnceListener('SIGTERM', onSignal);
  let done = false;
  const finish = async () => {
    done = true;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await fh.close().catch(() => {});
  };
  return {
    async write(bytes) {
      try {
        for (let at = 0; at < bytes.length; ) at += (await fh.write(bytes, at)).bytesWritten;
      } catch (e) {
        throw writeError(path, e);
      }
    },
    async close() {
      try {
        // on disk before the rename, or a crash could leave the new name on an empty file
        await fh.datasync();
        await finish();
        await rename(tmp, path);
      } catch (e) {
        await unlink(tmp).catch(() => {});
        throw writeError(path, e);
      }
    },
    async abort() {
      if (done) return;
      await finish();
      await unlink(tmp).catch(() => {});
    },
  };
}
