// The app's own pure functions (search text, name keys, email/phone normalisation) for the bench
// generator and the demo loader, which insert rows with better-sqlite3 directly. They are bundled
// from src/ with esbuild rather than copied, so generated databases index accounts exactly as the
// app does (the production bundle in dist/ is minified and split, so its exports are not usable).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The source files whose behaviour a generated database depends on (their hash names caches). */
export const APP_LIB_SOURCES = [
  'src/db/repositories/accounts.ts',
  'src/db/search-text.ts',
  'src/domain/normalize.ts',
  'src/domain/pinyin.ts',
];

const ENTRY = `
export { accountSearchParts } from './src/db/repositories/accounts.ts';
export { searchBody } from './src/db/search-text.ts';
// names are indexed with their pinyin, as the CLI does when it opens a database
import { setNameVariants } from './src/db/search-text.ts';
import { pinyinSearchText } from './src/domain/pinyin.ts';
setNameVariants(pinyinSearchText);
export { companyKey, personKey, emailKey, normalizeEmail, normalizePhone, splitName, webDomain } from './src/domain/normalize.ts';
`;

export function appLibHash() {
  const h = createHash('sha256');
  for (const f of APP_LIB_SOURCES) h.update(readFileSync(join(ROOT, f)));
  return h.digest('hex').slice(0, 8);
}

let cached;
/**
 * @returns {Promise<{
 *   accountSearchParts: (a: object, contacts: object[], points: object[]) => (string|null)[],
 *   searchBody: (parts: (string|null|undefined)[]) => string,
 *   companyKey: (s: string) => string, personKey: (s: string) => string,
 *   emailKey: (s: string) => string, normalizeEmail: (s: string) => string|undefined,
 *   normalizePhone: (s: string, cc?: string) => any, splitName: (s: string) => {given: string|null, family: string|null},
 *   webDomain: (s: string) => string|undefined,
 * }>}
 */
export async function loadAppLib() {
  if (cached) return cached;
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'app-lib-entry.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // a data: URL module has no file location: libraries loaded lazily (pinyin-pro) resolve from here
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(ROOT, 'scripts', 'lib', 'app-lib.mjs')).href) },
  });
  const code = out.outputFiles[0].text;
  cached = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return cached;
}
