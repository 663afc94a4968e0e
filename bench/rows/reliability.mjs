// Reliability figures: how long the safety commands take on a full-size customer file. No
// targets are set for them in the issue; they are reported so a slow backup or doctor shows up.
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function (b) {
  const db = await b.dbFor(100_000);
  const out = join(b.out, 'reliability-backup.db');
  b.time('crm backup (100k accounts)', ['--db', db, 'backup', out, '--force', '-q'], {
    runs: 3,
    setup: () => rmSync(out, { force: true }),
  });
  b.time('crm doctor (100k accounts)', ['--db', db, 'doctor', '-q'], { runs: 3 });
  rmSync(out, { force: true });
}
