#!/usr/bin/env node
// `npm run lint` (run by `npm test`): the layering rules of docs/architecture.md.
// 1. dependency-cruiser checks which folder may import which (.dependency-cruiser.cjs).
// 2. Two rules no import graph shows, checked on the TypeScript syntax tree of src/:
//    - raw SQL (`sql` from kysely) is written only in src/db, where engine differences are handled;
//    - the clock is read only in src/domain/dates.ts (`new Date()` without arguments), so
//      --as-of makes every output reproducible.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let failed = false;

const cruise = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (cruise.status !== 0) {
  process.stderr.write(cruise.stdout + cruise.stderr);
  failed = true;
}

const problems = [];
function check(file) {
  const rel = relative(ROOT, file).split(sep).join('/');
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const at = (node) => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'kysely' && !rel.startsWith('src/db/')) {
      const named = node.importClause?.namedBindings;
      if (named && ts.isNamedImports(named) && named.elements.some((e) => (e.propertyName ?? e.name).text === 'sql'))
        problems.push(`${at(node)}: \`sql\` from kysely outside src/db (put the query in a repository or src/db/queries)`);
    }
    if (ts.isNewExpression(node) && node.expression.getText(sf) === 'Date' && (node.arguments?.length ?? 0) === 0 && rel !== 'src/domain/dates.ts')
      problems.push(`${at(node)}: new Date() reads the clock outside src/domain/dates.ts (take the Clock from the context)`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
for (const f of readdirSync(join(ROOT, 'src'), { recursive: true })) {
  if (String(f).endsWith('.ts')) check(join(ROOT, 'src', String(f)));
}
if (problems.length) {
  process.stderr.write(problems.map((p) => `lint: ${p}\n`).join(''));
  failed = true;
}
if (failed) process.exit(1);
console.error('lint: layers ok');
