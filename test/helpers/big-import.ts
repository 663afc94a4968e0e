// A lead file big enough that its import takes seconds, and a wait for the moment it is writing:
// for tests that interrupt or kill an import in the middle of its transaction.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { pgQuery } from './engines.js';

export function writeBigLeads(file: string, rows = 150_000): void {
  const lines = ['Name,Company,Email,Mobile,City'];
  for (let i = 0; i < rows; i++) lines.push(`Person ${i},Company ${i % 5000} Ltd,person${i}@example${i % 5000}.com,+86 139${String(i).padStart(8, '0')},City ${i % 50}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

/**
 * Resolves once a crm is writing into the book, not yet committed: the file's WAL has grown past
 * `bytes`, or on a server a crm session's transaction has written (it holds a transaction id) for
 * a moment.
 */
export async function whenWriting(db: string, bytes = 4 * 1024 * 1024, timeoutMs = 60_000): Promise<void> {
  const server = /^postgres(ql)?:/.test(db);
  const wal = `${db}-wal`;
  const t0 = Date.now();
  let writingSince = 0;
  while (Date.now() - t0 < timeoutMs) {
    if (!server && existsSync(wal) && statSync(wal).size > bytes) return;
    if (server) {
      const [{ n }] = pgQuery(db, `select count(*) n from pg_stat_activity where datname = current_database() and application_name = 'crm' and backend_xid is not null`);
      if (n > 0) {
        writingSince ||= Date.now();
        if (Date.now() - writingSince > 1000) return;
      } else writingSince = 0;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
