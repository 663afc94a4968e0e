// Seeded synthetic data generator for the benchmark. TODO(bench helper): fill every table.
export async function ensureDb(outDir, accounts, options = {}) {
  throw new Error('bench/generate.mjs: not written yet');
}
