// Reading, checking and writing the config file. What keys exist is src/domain/config-schema.ts.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_CONFIG, mergeConfig, type Config } from '../domain/config.js';
import { checkConfig, type ConfigProblem } from '../domain/config-schema.js';
import { CrmError } from '../domain/errors.js';

export interface ConfigFile {
  path: string;
  /** the file as written */
  raw: Record<string, unknown>;
  /** the file over the defaults */
  config: Config;
}

export function parseConfigText(path: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CrmError(`config file ${path} is not valid JSON: ${(e as Error).message}`, 'crm config path shows the file; crm config set KEY VALUE writes valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CrmError(`config file ${path} must hold a JSON object ({ "key": value, ... })`);
  return parsed as Record<string, unknown>;
}

export function configError(path: string, problems: readonly ConfigProblem[]): CrmError {
  const more = problems.slice(1).map((p) => p.message);
  return new CrmError(
    `config file ${path}: ${problems[0]!.message}`,
    more.length ? `also: ${more.slice(0, 5).join('; ')}${more.length > 5 ? `; and ${more.length - 5} more` : ''}` : 'crm config show lists every key with its value',
  );
}

/** Reads and checks the config file; a misspelt key or a wrong type is an error, never ignored. */
export function readConfigFile(path: string): ConfigFile {
  if (!existsSync(path)) throw new CrmError(`config file ${path} not found`, 'create it (crm config set KEY VALUE), or drop --config / CRM_CONFIG');
  const raw = parseConfigText(path, readFileSync(path, 'utf8'));
  const problems = checkConfig(raw);
  if (problems.length) throw configError(path, problems);
  return { path, raw, config: configOver(raw) };
}

export function configOver(raw: Record<string, unknown>): Config {
  const { $schema: _, ...rest } = raw;
  return mergeConfig(DEFAULT_CONFIG as Config, rest);
}

/** Writes the file whole and then renames it into place: a crash never leaves half a config. */
export function writeConfigFile(path: string, raw: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
