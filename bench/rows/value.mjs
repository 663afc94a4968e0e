// Value area (issue 4): a full refresh of scores, tiers, ladder and churn risk on 100k accounts
// with ~1M orders and ~1M interactions, then the listings that read the stored results.
//   npm run bench -- --only value
// SMALL=1 (or b.small) runs the same rows on 2k accounts as a smoke test.
export default async function (b) {
  const n = process.env.SMALL ? 2_000 : 100_000;
  const db = await b.dbFor(n);
  const g = ['--db', db];
  // The first run backfills the ladder history and writes every account; later runs write only
  // what changed. Both are whole processes, as a user (or an import) would trigger them.
  b.time(`crm score --refresh (${n / 1000}k accounts, full recompute)`, [...g, 'score', '--refresh', '--limit', '10'], { target: 5000 });
  b.time(`crm tiers --json (${n / 1000}k accounts, every account listed)`, [...g, 'tiers', '--json'], { target: 1000 });
  b.time(`crm tiers --limit 50 (${n / 1000}k accounts, table)`, [...g, 'tiers', '--limit', '50'], { target: 1000 });
  b.time(`crm risk --json (${n / 1000}k accounts)`, [...g, 'risk', '--json'], { target: 1000 });
}
