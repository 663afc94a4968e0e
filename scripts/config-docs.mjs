#!/usr/bin/env node
// Writes the README's configuration section from the config schema (src/domain/config-schema.ts),
// so the documented keys and defaults are the ones the code checks and uses. Run it after adding
// or changing a key; test/e2e/config.test.ts fails while README and schema disagree.
//   node scripts/config-docs.mjs          rewrite README.md between the config markers
//   node scripts/config-docs.mjs --print  print the section instead
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- config:start -->';
const END = '<!-- config:end -->';

// The schema is TypeScript: bundle it (with valibot) into memory and import that.
const out = await build({
  entryPoints: [join(ROOT, 'src', 'domain', 'config-schema.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'error',
});
const schema = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);

/** JSON with short objects and lists on one line, the way a person would write the file. */
function oneLine(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  const e = Object.entries(v);
  return e.length ? `{ ${e.map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')} }` : '{}';
}

function compact(value, indent = '') {
  const one = oneLine(value);
  if (one.length + indent.length <= 96 || value === null || typeof value !== 'object') return one;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compact(v, inner)).join(',\n')}\n${indent}]`;
  return `{\n${Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compact(v, inner)}`).join(',\n')}\n${indent}}`;
}

const md = (s) => s.replace(/\|/g, '\\|');
const lines = [
  START,
  '<!-- generated from src/domain/config-schema.ts by `node scripts/config-docs.mjs`: edit the schema, not this -->',
  '',
  '| setting | type | default | what it does |',
  '|---|---|---|---|',
];
for (const [key, s] of Object.entries(schema.SETTINGS)) lines.push(`| \`${key}\` | ${md(schema.typeText(s.schema))} | \`${JSON.stringify(s.default)}\` | ${md(s.doc)} |`);
lines.push('', 'Sections, each with its defaults (every key is optional: the file overrides them key by key):', '');
for (const [key, s] of Object.entries(schema.sectionDefs())) {
  lines.push(`**\`${key}\`**: ${s.doc}.`, '', '```json', compact({ [key]: s.defaults }), '```', '');
}
lines.push('Keys whose type the default does not show:', '');
for (const k of schema.specialKeys()) lines.push(`- \`${k.key}\`: ${k.type}`);
lines.push('', END);
const section = lines.join('\n');

if (process.argv.includes('--print')) {
  process.stdout.write(section + '\n');
} else {
  const file = join(ROOT, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0) {
    console.error(`config-docs: README.md has no ${START} ... ${END} markers`);
    process.exit(1);
  }
  writeFileSync(file, readme.slice(0, a) + section + readme.slice(b + END.length));
  console.error('config-docs: README.md updated');
}
