// Reports rows: every report of `crm report` on the 100k-account / ~1M-order database, each a whole
// process under 2 s (issue 7), plus one HTML rendering and a CSV export of the orders for scale.
export default async function reports(b) {
  const accounts = Number(process.env.BENCH_REPORTS_ACCOUNTS ?? 100_000);
  const db = await b.dbFor(accounts);
  const label = accounts >= 1000 ? `${accounts / 1000}k` : String(accounts);
  const crm = (args) => ['--db', db, '--as-of', '2026-11-23', ...args];
  const names = ['funnel', 'sources', 'pareto', 'tiers', 'retention', 'clv', 'satisfaction', 'activity', 'assessment'];
  for (const name of names) b.time(`report ${name} (${label})`, crm(['report', name]), { target: 2000 });
  b.time(`report pareto --format html (${label})`, crm(['report', 'pareto', '--format', 'html']), { target: 2000 });
  b.time(`report retention --by quarter --from 2024-01-01 (${label})`, crm(['report', 'retention', '--by', 'quarter', '--from', '2024-01-01']), { target: 2000 });
  b.time(`export orders --from 2026-01-01 csv (${label})`, crm(['export', 'orders', '--from', '2026-01-01']), {
    runs: Math.min(b.runs, 3),
    extra: (r) => `${r.stdout.length >> 20} MB`,
  });
}
