// The daily due list and visit plans on the 100k-account database (1M interactions).
// Targets (issue 6): `crm due` as a whole process under 2× `node -e 0` + 150 ms;
// `crm plan visits --days 5` under 1 s.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const AS_OF = '2026-11-23';

/** The generator inserts rows directly: build the stored due items once (crm due --refresh) if missing. */
export function ensureDueItems(b, db) {
  const h = new Database(db, { readonly: true });
  let has = false;
  try {
    has = !!h.prepare('select 1 from due_items limit 1').get();
  } finally {
    h.close();
  }
  if (has) return;
  console.error('  building stored due items (crm due --refresh, once per database)');
  const r = spawnSync(process.execPath, [join(b.root, 'bin', 'crm'), '--db', db, '--as-of', AS_OF, '--quiet', 'due', '--refresh'], { env: b.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`crm due --refresh failed: ${r.stderr}`);
}

export default async function (b) {
  const base = b.nodeBaseline();
  const sizes = b.big ? [100_000, 1_000_000] : [100_000];
  for (const n of sizes) {
    const db = await b.dbFor(n);
    ensureDueItems(b, db);
    const label = n >= 1_000_000 ? '1M' : `${n / 1000}k`;
    b.time(`crm due (${label} accounts)`, ['--db', db, '--as-of', AS_OF, 'due'], { target: 2 * base + 150 });
    b.time(`crm due --days 7 --format json (${label})`, ['--db', db, '--as-of', AS_OF, 'due', '--days', '7', '--format', 'json']);
    b.time(`crm due --format markdown, cron (${label})`, ['--db', db, '--as-of', AS_OF, 'due', '--format', 'markdown']);
    b.time(`crm plan visits --days 5 (${label})`, ['--db', db, '--as-of', AS_OF, 'plan', 'visits', '--days', '5'], { target: 1000, runs: Math.min(b.runs, 5) });
  }
}
