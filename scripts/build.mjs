// Bundles src/ into dist/ with esbuild.
//
// Start-up time is a product feature (`crm due` from cron, `crm find` while on the phone), so:
// - the CLI is one CommonJS bundle, dist/crm.cjs: CommonJS loads without the ESM loader's
//   per-module cost, and bin/crm runs it with a V8 code cache (dist/crm.cjs.cache) made at build
//   time, so most of its code is not even compiled on a normal run;
// - commands are still loaded lazily: each `import('./commands/x.js')` becomes a lazily
//   initialised module inside the bundle, so its top-level code runs only when that command runs;
// - only the libraries on the common path are bundled; big ones that few commands need (prompts,
//   encodings, holidays...) stay in node_modules and load on demand.
// Worker threads need files of their own: any src/**/<name>.worker.ts becomes dist/<name>.worker.js.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLED = new Set([
  'commander',
  'kysely',
  'chalk',
  'cli-table3',
  'string-width',
  'strip-ansi',
  'ansi-regex',
  'emoji-regex',
  'is-fullwidth-code-point',
  '@colors/colors',
  'libphonenumber-js',
  'csv-parse',
  'valibot',
  'csv-stringify',
  // its JavaScript only: the native addon is loaded from node_modules (see src/db/sqlite/connection.ts)
  'better-sqlite3',
  'bindings',
  'file-uri-to-path',
]);

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externals = new Set();

/** Everything in node_modules that is not on the common path stays external. */
const externalRarePackages = {
  name: 'external-rare-packages',
  setup(b) {
    // The PostgreSQL driver is its own file (below), required only by the PostgreSQL engine.
    b.onResolve({ filter: /\/driver\.js$/ }, (args) =>
      /src[\\/]db[\\/]postgres$/.test(args.resolveDir) ? { path: './pg-driver.cjs', external: true } : undefined,
    );
    b.onResolve({ filter: /^[^./#]/ }, (args) => {
      if (/^(node:)?child_process$/.test(args.path) && /node_modules[\\/]commander/.test(args.importer))
        return { path: fileURLToPath(new URL('./shims/lazy-child-process.cjs', import.meta.url)) };
      if (args.path === 'string-width' && /node_modules[\\/]cli-table3/.test(args.importer))
        return { path: fileURLToPath(new URL('./shims/string-width.cjs', import.meta.url)) };
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (BUNDLED.has(packageName(args.path))) return undefined;
      externals.add(args.path);
      return { path: args.path, external: true };
    });
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // CRM_NO_MINIFY=1 keeps names readable in CPU profiles
  minify: !process.env.CRM_NO_MINIFY,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [externalRarePackages],
};

await build({
  ...common,
  entryPoints: { crm: 'src/cli/main.ts' },
  outdir: 'dist',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // The bundle runs inside vm.Script (for the code cache), where import() is not available on
  // Node 20 without a flag: lazy imports become require() calls.
  supported: { 'dynamic-import': false },
  // import.meta.url has no CommonJS form; code that locates files next to itself gets the bundle's URL.
  define: { 'import.meta.url': '__crm_import_meta_url' },
  banner: { js: "const __crm_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
});

// An external package must be loadable with require() (see above); an ESM-only one must be bundled.
const requireFromRoot = createRequire(new URL('../package.json', import.meta.url));
const notRequirable = [];
for (const spec of externals) {
  if (spec.startsWith('node:')) continue;
  try {
    requireFromRoot(spec);
  } catch (e) {
    if (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') notRequirable.push(`${spec} (${e.code})`);
  }
}
if (notRequirable.length) {
  console.error(`build: these packages cannot be require()d; add them to BUNDLED in scripts/build.mjs: ${notRequirable.join(', ')}`);
  process.exit(1);
}

// The PostgreSQL driver (pg with its cursor and COPY streams) as one file: loaded only for a book
// on a server, it is the only network code of crm; one file reads faster than pg's ~60 modules.
// pg probes for Cloudflare Workers when it loads by constructing a fetch Response, which makes
// Node load its whole fetch implementation (undici): tens of milliseconds on every start.
const noCloudflareProbe = {
  name: 'no-cloudflare-probe',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const out = text.replace('if (isCloudflareRuntime())', 'if (false)');
      if (out === text) throw new Error('build: pg/lib/stream.js changed; check the Cloudflare probe patch');
      return { contents: out, loader: 'js' };
    });
  },
};

await build({
  ...common,
  plugins: [noCloudflareProbe],
  entryPoints: { 'pg-driver': 'src/db/postgres/driver.ts' },
  outdir: 'dist',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // optional parts of pg that crm does not use
  external: ['pg-native', 'pg-cloudflare'],
});

const workers = {};
for (const f of readdirSync('src', { recursive: true })) {
  const m = /([^/]+)\.worker\.ts$/.exec(String(f));
  if (m) workers[`${m[1]}.worker`] = join('src', String(f));
}
if (Object.keys(workers).length) {
  await build({
    ...common,
    entryPoints: workers,
    outdir: 'dist',
    format: 'esm',
    banner: { js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);" },
  });
}

// The code cache: run a few typical commands in one process, then save what V8 compiled.
const warm = spawnSync(process.execPath, ['bin/crm'], {
  env: { ...process.env, CRM_WARM_CACHE: '1', NODE_EXTRA_CA_CERTS: '' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (warm.status !== 0) console.error('build: warning: the code cache was not made; crm will start a little slower');

// The man page, generated from the registered commands (package.json "man" installs it).
const man = spawnSync(process.execPath, ['bin/crm', 'man'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '' }, encoding: 'utf8' });
if (man.status !== 0) {
  console.error(`build: the man page was not made: ${man.stderr}`);
  process.exit(1);
}
writeFileSync('dist/crm.1', man.stdout);
