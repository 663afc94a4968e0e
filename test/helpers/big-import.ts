// A lead file big enough that its import takes seconds, and a wait for the moment it is writing:
// for tests that interrupt or kill an import in the middle of its transaction.
import { existsSync, statSync, writeFileSync } from 'node:fs';

export function writeBigLeads(file: string, rows = 150_000): void {
  const lines = ['Name,Company,Email,Mobile,City'];
  for (let i = 0; i < rows; i++) lines.push(`Person ${i},Company ${i % 5000} Ltd,person${i}@example${i % 5000}.com,+86 139${String(i).padStart(8, '0')},City ${i % 50}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Resolves once the database's WAL has grown past `bytes`: the import is writing, not yet committed. */
export async function whenWriting(db: string, bytes = 4 * 1024 * 1024, timeoutMs = 60_000): Promise<void> {
  const wal = `${db}-wal`;
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (existsSync(wal) && statSync(wal).size > bytes) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
