// crm config show|get|set|unset|path|check: the checked configuration. No database involved.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, mergeConfig } from '../../domain/config.js';
import { checkConfig, knownKeys, sectionDefs, suggestKeys } from '../../domain/config-schema.js';
import { UsageError } from '../../domain/errors.js';
import { configError, configOver, parseConfigText, writeConfigFile } from '../config-file.js';
import { examples } from '../options.js';
import type { Output } from '../render.js';
import { configTarget, globals, outputFormat, print, terminal } from '../runtime.js';

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The file as written ({} when there is none yet). */
function rawFile(path: string): Record<string, unknown> {
  return existsSync(path) ? parseConfigText(path, readFileSync(path, 'utf8')) : {};
}

/** The config file of this command line, read and checked (a broken file is an error). */
function checkedFile(cmd: Command): { path: string; raw: Record<string, unknown> } {
  const path = configTarget(globals(cmd));
  const raw = rawFile(path);
  const problems = checkConfig(raw);
  if (problems.length) throw configError(path, problems);
  return { path, raw };
}

/** Everything in effect: the settings and every section over its defaults. */
function effective(raw: Record<string, unknown>): Record<string, unknown> {
  const merged = configOver(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(DEFAULT_CONFIG)) out[k] = merged[k];
  for (const [k, s] of Object.entries(sectionDefs())) out[k] = mergeConfig(s.defaults, raw[k]);
  return out;
}

function lookup(obj: unknown, key: string): { found: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (!isPlainObject(cur) || !(part in cur)) return { found: false, value: undefined };
    cur = cur[part];
  }
  return { found: true, value: cur };
}

function flatten(obj: Record<string, unknown>, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length) flatten(v, key, out);
    else out.push([key, v]);
  }
  return out;
}

function unknownKey(key: string): UsageError {
  const hints = suggestKeys(key);
  return new UsageError(`unknown config key "${key}"${hints.length ? `: did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?` : ''}`, 'crm config show lists every key');
}

/** A value typed on the command line: JSON when it reads as JSON (7, true, null, [..], {..}), else text. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

async function out(cmd: Command, o: Output): Promise<void> {
  const g = globals(cmd);
  await print(o, { format: outputFormat(g), term: terminal(g), globals: g });
}

export function register(program: Command): void {
  const config = program
    .command('config')
    .description('the configuration file: show, get, set, unset, path, check (every key is checked; see README "Configuration")')
    .addHelpText(
      'before',
      examples([
        'crm config show',
        'crm config show --changed',
        'crm config get due.fatigue.days',
        'crm config set timezone Asia/Shanghai',
        'crm config set cadence.A 21',
        'crm config set scoring.targetIndustries \'["electronics","textiles"]\'',
        'crm config unset cadence.A',
        'crm config path',
      ]) + '\n',
    );

  config
    .command('show')
    .description('every key with the value in effect (the file over the defaults)')
    .option('--changed', 'only the keys set in the file')
    .action(async (o: { changed?: boolean }, cmd: Command) => {
      const { path, raw } = checkedFile(cmd);
      const { $schema: _, ...set } = raw;
      const shown = o.changed ? set : effective(raw);
      const setKeys = new Set(flatten(set).map(([k]) => k));
      const rows = flatten(shown).map(([key, value]) => ({ key, value: show(value), set: setKeys.has(key) }));
      await out(cmd, {
        kind: 'list',
        columns: [
          { header: 'key', key: 'key' },
          { header: 'value', key: 'value' },
          { header: 'set', get: (r: { set: boolean }) => (r.set ? 'file' : '') },
        ],
        rows,
        json: shown,
        notes: [existsSync(path) ? `config file: ${path}` : `no config file yet (defaults); it would be ${path}`],
      });
    });

  config
    .command('get')
    .description('the value of one key (objects and lists as JSON)')
    .argument('<key>', 'a dotted key, e.g. due.days')
    .action(async (key: string, _o: unknown, cmd: Command) => {
      const { raw } = checkedFile(cmd);
      const r = lookup(effective(raw), key);
      if (!r.found) throw unknownKey(key);
      await out(cmd, { kind: 'message', text: '', data: show(r.value), json: r.value });
    });

  config
    .command('set')
    .description('set a key in the file (created if needed); the whole file is checked before it is written')
    .argument('<key>', 'a dotted key, e.g. cadence.A')
    .argument('<value>', 'the value: a number, true/false, null, text, or JSON for lists and objects')
    .action(async (key: string, text: string, _o: unknown, cmd: Command) => {
      const path = configTarget(globals(cmd));
      const raw = rawFile(path);
      const parts = key.split('.');
      if (!knownKeys().includes(key) && !lookup(effective(raw), parts.slice(0, -1).join('.')).found) throw unknownKey(key);
      let cur = raw;
      for (const p of parts.slice(0, -1)) {
        if (!isPlainObject(cur[p])) cur[p] = {};
        cur = cur[p] as Record<string, unknown>;
      }
      cur[parts[parts.length - 1]!] = parseValue(text);
      const problems = checkConfig(raw);
      if (problems.length) throw new UsageError(`not set: ${problems[0]!.message}`, 'nothing was written');
      writeConfigFile(path, raw);
      await out(cmd, { kind: 'message', text: `set ${key} = ${show(parseValue(text))} in ${path}`, json: { file: path, key, value: parseValue(text) } });
    });

  config
    .command('unset')
    .description('remove a key from the file: its default applies again')
    .argument('<key>', 'a dotted key')
    .action(async (key: string, _o: unknown, cmd: Command) => {
      const path = configTarget(globals(cmd));
      const raw = rawFile(path);
      const parts = key.split('.');
      const parent = parts.length > 1 ? lookup(raw, parts.slice(0, -1).join('.')).value : raw;
      const last = parts[parts.length - 1]!;
      if (!isPlainObject(parent) || !(last in parent)) {
        if (!knownKeys().includes(key)) throw unknownKey(key);
        return out(cmd, { kind: 'message', text: `${key} is not set in ${path}; nothing to do`, json: { file: path, key, removed: false } });
      }
      delete parent[last];
      writeConfigFile(path, raw);
      await out(cmd, { kind: 'message', text: `unset ${key} in ${path}`, json: { file: path, key, removed: true } });
    });

  config
    .command('path')
    .description('where the config file is (or would be created)')
    .action(async (_o: unknown, cmd: Command) => {
      const path = configTarget(globals(cmd));
      const exists = existsSync(path);
      await out(cmd, { kind: 'message', text: exists ? '' : '(no file there yet: crm config set creates it)', data: path, json: { file: path, exists } });
    });

  config
    .command('check')
    .description('check the file: unknown keys and wrong types are errors (exit 1)')
    .action(async (_o: unknown, cmd: Command) => {
      const path = configTarget(globals(cmd));
      if (!existsSync(path)) return out(cmd, { kind: 'message', text: `no config file at ${path}: the defaults apply`, json: { file: path, exists: false, problems: [] } });
      const problems = checkConfig(rawFile(path));
      if (problems.length) throw configError(path, problems);
      await out(cmd, { kind: 'message', text: `config file ${path} is valid`, json: { file: path, exists: true, problems: [] } });
    });
}
