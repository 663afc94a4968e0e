#!/usr/bin/env node
// `npm run bench`: times whole `crm` processes on generated databases and prints a table of
// figures (median of several runs, CPU time, peak RSS). Rows live in bench/rows/*.mjs, one file per area;
// each exports `default async function (b)` and calls b.time(...) / b.timeCmd(...).
//
//   npm run bench                       all rows, default sizes
//   npm run bench -- --only find,show   rows whose file name contains one of these words
//   npm run bench -- --runs 3           fewer runs per figure
//   npm run bench -- --big              include the 1M-account / 1M-row figures
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const only = opt('only', '')?.split(',').filter(Boolean) ?? [];
const RUNS = Number(opt('runs', '7'));
const BIG = args.includes('--big');

// NODE_EXTRA_CA_CERTS adds ~100 ms to every node start and users do not have it set.
const ENV = { ...process.env };
delete ENV.NODE_EXTRA_CA_CERTS;
delete ENV.NODE_OPTIONS;
ENV.NO_COLOR = '1';
// The generated books sell in yuan, euros and pounds: every figure needs the rates (bench/config.json).
ENV.CRM_CONFIG ??= join(ROOT, 'bench', 'config.json');

mkdirSync(OUT, { recursive: true });
if (!existsSync(join(ROOT, 'dist', 'crm.cjs'))) {
  console.error('bench: building first');
  spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const results = [];

function runOnce(cmd, argv, opts) {
  // user and system CPU seconds and peak RSS in KB, on the last line of stderr: on a machine
  // shared with other work, CPU time is the figure that does not depend on the load
  const full = TIME ? [TIME, ['-f', '%U %S %M', cmd, ...argv]] : [cmd, argv];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], {
    cwd: opts.cwd ?? ROOT,
    env: { ...ENV, ...(opts.env ?? {}) },
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`bench: ${cmd} ${argv.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(-500)}`);
  }
  const lines = (r.stderr ?? '').trim().split('\n');
  const [user, sys, rss] = TIME ? lines[lines.length - 1].split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: (user + sys) * 1000, rssKb: rss, stdout: r.stdout, stderr: r.stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const b = {
  root: ROOT,
  out: OUT,
  runs: RUNS,
  big: BIG,
  env: ENV,
  /** Path of a generated database with `accounts` accounts (cached in bench/out). */
  async dbFor(accounts, options = {}) {
    const { ensureDb } = await import(join(ROOT, 'bench', 'generate.mjs'));
    return ensureDb(OUT, accounts, options);
  },
  /** Times `crm ...argv` as a whole process. opts: runs, env, cwd, target (ms), setup() before each run. */
  time(label, argv, opts = {}) {
    return b.timeCmd(label, process.execPath, [join(ROOT, 'bin', 'crm'), ...argv], opts);
  },
  /** Times any command, e.g. a reference like `sqlite3 .import` or `node -e 0`. */
  timeCmd(label, cmd, argv, opts = {}) {
    const runs = opts.runs ?? RUNS;
    const samples = [];
    let last;
    for (let i = 0; i < runs; i++) {
      opts.setup?.();
      last = runOnce(cmd, argv, opts);
      samples.push(last);
    }
    const row = {
      label,
      medianMs: median(samples.map((s) => s.ms)),
      minMs: Math.min(...samples.map((s) => s.ms)),
      cpuMs: median(samples.map((s) => s.cpuMs)),
      peakRssMb: Math.max(...samples.map((s) => s.rssKb)) / 1024,
      runs,
      target: opts.target,
      extra: opts.extra?.(last, median(samples.map((s) => s.ms))),
    };
    results.push(row);
    const t = row.target !== undefined ? `  target ${row.target.toFixed(0)} ms ${row.medianMs <= row.target ? 'ok' : 'MISSED'}` : '';
    console.error(`  ${label}: ${row.medianMs.toFixed(0)} ms (min ${row.minMs.toFixed(0)}), CPU ${row.cpuMs.toFixed(0)} ms, ${row.peakRssMb.toFixed(0)} MB${t}`);
    return row;
  },
  /** Median start-up of `node -e 0`: the base of the start-up targets. */
  nodeBaseline() {
    if (!b._base) b._base = b.timeCmd('node -e 0 (baseline)', process.execPath, ['-e', '0'], { runs: Math.max(RUNS, 9) }).medianMs;
    return b._base;
  },
};

const rowsDir = join(ROOT, 'bench', 'rows');
const files = readdirSync(rowsDir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.error(`bench: ${f}`);
  const mod = await import(join(rowsDir, f));
  await mod.default(b);
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const w = Math.max(10, ...results.map((r) => r.label.length));
console.log(`${pad('figure', w)}  ${lpad('median ms', 10)}  ${lpad('min ms', 8)}  ${lpad('CPU ms', 8)}  ${lpad('peak RSS MB', 11)}  ${lpad('target ms', 9)}  result  extra`);
for (const r of results) {
  const verdict = r.target === undefined ? '' : r.medianMs <= r.target ? 'ok' : 'MISSED';
  console.log(
    `${pad(r.label, w)}  ${lpad(r.medianMs.toFixed(0), 10)}  ${lpad(r.minMs.toFixed(0), 8)}  ${lpad(Number.isNaN(r.cpuMs) ? '' : r.cpuMs.toFixed(0), 8)}  ${lpad(r.peakRssMb.toFixed(0), 11)}  ${lpad(r.target === undefined ? '' : r.target.toFixed(0), 9)}  ${pad(verdict, 6)}  ${r.extra ?? ''}`,
  );
}
