// Terminal rows (issue 18): the whole contact file as a table (fitted to 100 columns, as a
// terminal would), next to the same list as CSV in the same run; the pinyin and caller-ID
// lookups of `crm find`.
import Database from 'better-sqlite3';

export default async function terminal(b) {
  const db = await b.dbFor(30_000);
  const count = new Database(db, { readonly: true, fileMustExist: true });
  const contacts = count.prepare('SELECT count(*) AS n FROM contacts').get().n;
  const mobile = count.prepare("SELECT value FROM contact_points WHERE kind = 'mobile' AND value LIKE '+86%' AND contact_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5000").get()?.value;
  count.close();
  const label = `${Math.round(contacts / 1000)}k contacts`;
  const crm = (args) => ['--db', db, '--as-of', '2026-11-23', ...args];
  const lines = (r) => `${r.stdout.split('\n').length - 1} lines`;
  const env = { COLUMNS: '100' };
  b.time(`contact list, table at 100 columns (${label})`, crm(['contact', 'list']), { env, target: 2000, extra: lines, runs: 3 });
  b.time(`contact list --format csv (${label})`, crm(['contact', 'list', '--format', 'csv']), { env, extra: lines, runs: 3 });
  b.time(`contact list --format tsv (${label})`, crm(['contact', 'list', '--format', 'tsv']), { env, extra: lines, runs: 3 });
  b.time(`contact list --ids (${label})`, crm(['contact', 'list', '--ids']), { env, extra: lines, runs: 3 });
  const base = b.nodeBaseline();
  b.time(`find zhangwei (full pinyin, 30k accounts)`, crm(['find', 'zhangwei']), { target: 2 * base + 60, extra: lines });
  b.time(`find zw (pinyin initials, 30k accounts)`, crm(['find', 'zw']), { target: 2 * base + 60, extra: lines });
  if (mobile) b.time(`find ${mobile} (caller ID, 30k accounts)`, crm(['find', mobile]), { target: 2 * base + 60, extra: lines });
}
