#!/usr/bin/env node
// One writer of the concurrency tests: runs a list of crm command lines one after the other in
// this process (each its own open, transaction and close, as separate crm runs would be, without
// paying Node's start-up for each), and prints one JSON line per run: its exit code and stderr.
//
//   node crm-writer.mjs '<JSON list of argument lists>'
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { main } = createRequire(import.meta.url)(join(ROOT, 'dist', 'crm.cjs'));
const runs = JSON.parse(process.argv[2]);
const realErr = process.stderr.write.bind(process.stderr);
const realOut = process.stdout.write.bind(process.stdout);
const results = [];
for (const args of runs) {
  let err = '';
  process.stderr.write = (chunk) => ((err += String(chunk)), true);
  process.stdout.write = () => true;
  process.exitCode = 0;
  try {
    await main(['node', 'crm', ...args]);
  } catch (e) {
    err += String(e?.stack ?? e);
    process.exitCode = 99;
  } finally {
    process.stderr.write = realErr;
    process.stdout.write = realOut;
  }
  results.push({ code: process.exitCode ?? 0, stderr: err });
}
process.exitCode = 0;
realOut(JSON.stringify(results) + '\n');
