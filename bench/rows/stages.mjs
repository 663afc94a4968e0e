// Sales stages: logging a call on a large database is what a rep does after every call, so it must
// feel instant. Target (issue 5): under 2× `node -e 0` + 60 ms as a whole process.
export default async function stages(b) {
  const accounts = Number(process.env.BENCH_STAGES_ACCOUNTS ?? 100_000);
  const db = await b.dbFor(accounts);
  const target = 2 * b.nodeBaseline() + 60;
  // Each run logs one more call: the account keeps growing its history as a real one would.
  const account = String(Math.max(1, Math.floor(accounts / 2)));
  b.time(`crm log ACCOUNT --kind call (${accounts} accounts)`, ['--db', db, 'log', account, '--kind', 'call', '--summary', 'bench call', '--outcome', 'interested', '--next', 'send quote', '--due', '+3', '--material', 'brochure'], { target });
  b.time(`crm approach ACCOUNT --channel call (${accounts} accounts)`, ['--db', db, 'approach', account, '--channel', 'call', '--outcome', 'interested', '--new-deal'], {});
  b.time(`crm deals --stale (${accounts} accounts)`, ['--db', db, 'deals', '--stale', '--format', 'csv'], { runs: Math.min(b.runs, 3) });
}
