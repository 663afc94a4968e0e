// The layers of crm (see docs/architecture.md), checked by `npm test` (npm run lint):
//   src/cli → src/services → src/domain,   src/db under services; src/io for cli and services.
// Each layer imports only downward; only src/db knows the database driver, and only
// src/db/sqlite knows it is SQLite.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is pure logic: no database, files, services or CLI',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(db|io|services|cli)/' },
    },
    {
      name: 'db-below-everything',
      comment: 'src/db is the bottom layer: it knows nothing of the domain, files, services or CLI',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(domain|io|services|cli)/' },
    },
    {
      name: 'io-below-services',
      comment: 'src/io (file formats) is used by cli and services, and uses only domain',
      severity: 'error',
      from: { path: '^src/io/' },
      to: { path: '^src/(db|services|cli)/' },
    },
    {
      name: 'services-below-cli',
      comment: 'services return data; only src/cli prints, prompts and exits',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'engine-hidden',
      comment: 'nothing above src/db knows which engine it has: use src/db/engine.ts and src/db/open.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/' },
      to: { path: '^src/db/sqlite/' },
    },
    {
      name: 'driver-in-db-only',
      comment: 'better-sqlite3 is used only by the SQLite engine',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/sqlite/' },
      to: { path: 'node_modules/better-sqlite3/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|dist|bench|scripts)/' },
  },
};
