// Bundles src/ into dist/ with esbuild. One bundle with code splitting: every command is its own
// chunk, loaded only when that command runs, so `crm find` does not pay for inquirer or reports.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// Worker threads need their own entry files: any src/**/*.worker.ts becomes dist/<name>.js.
const entryPoints = { cli: 'src/cli/main.ts' };
for (const f of readdirSync('src', { recursive: true })) {
  const m = /([^/]+)\.worker\.ts$/.exec(String(f));
  if (m) entryPoints[`${m[1]}.worker`] = join('src', String(f));
}
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: false,
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Native addon: must be loaded from node_modules at run time.
  external: ['better-sqlite3'],
  banner: {
    js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
