#!/usr/bin/env node
// Runs the built CLI (dist/crm.cjs) in this process with options only a program can pass to its
// main(): they are function parameters, never environment switches in the product.
//
//   node embedded-crm.mjs [--newer] [--pause-in-migration FILE] [--answers JSON] -- <crm args>
//
// --newer               one more migration than this crm has (a "newer crm"): it adds
//                       accounts.test_probe and fills it on every account, rewriting the table
// --pause-in-migration  once the migrations ran but before they commit, create FILE and wait
//                       (a test then kills the process at the worst moment)
// --answers             answer the prompts from this JSON list, in order, on or off a terminal;
//                       each question and its answer is echoed to stderr ('' takes the default)
import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const sep = args.indexOf('--');
const own = sep < 0 ? [] : args.slice(0, sep);
const crmArgs = sep < 0 ? args : args.slice(sep + 1);
const opt = (name) => {
  const i = own.indexOf(name);
  return i < 0 ? undefined : own[i + 1];
};

const options = {};
const migrations = {};
if (own.includes('--newer')) {
  migrations.extra = {
    '9999-test-probe': {
      async up(db) {
        await db.schema.alterTable('accounts').addColumn('test_probe', 'text').execute();
        await db.updateTable('accounts').set((eb) => ({ test_probe: eb.ref('name') })).execute();
      },
    },
  };
}
const marker = opt('--pause-in-migration');
if (marker) {
  migrations.beforeCommit = () => {
    closeSync(openSync(marker, 'w'));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  };
}
if (migrations.extra || migrations.beforeCommit) options.migrations = migrations;

const answersJson = opt('--answers');
if (answersJson !== undefined) {
  const answers = JSON.parse(answersJson).map(String);
  const next = (message) => {
    if (!answers.length) {
      process.stderr.write(`? ${message} (no answer left)\n`);
      throw new Error(`no scripted answer left for "${message}"`);
    }
    const a = answers.shift();
    process.stderr.write(`? ${message} ${a}\n`);
    return a;
  };
  options.prompter = {
    input: async (q) => next(q.message),
    select: async (q) => next(q.message),
    checkbox: async (q) =>
      next(q.message)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    confirm: async (q) => {
      const a = next(q.message).trim().toLowerCase();
      return a ? ['y', 'yes', 'true', '1'].includes(a) : !!q.default;
    },
  };
}

const { main } = createRequire(import.meta.url)(join(ROOT, 'dist', 'crm.cjs'));
await main(['node', 'crm', ...crmArgs], options);
