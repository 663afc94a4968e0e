// Foundation rows: start-up, `crm find` and `crm show` on 100k accounts (issue 2's targets), with
// the same lookups on 10k accounts to show how they scale. Query values are read from the
// generated database, so every lookup hits real rows.
import Database from 'better-sqlite3';

const CJK2 = /^[\u4e00-\u9fff]{2}$/u;

export function samples(path, accounts) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // A common two-character Chinese name (several people share it, as in real files).
    const names = db.prepare('SELECT name FROM contacts ORDER BY id LIMIT 2000').all().map((r) => r.name);
    const counts = new Map();
    for (const n of names) if (CJK2.test(n)) counts.set(n, (counts.get(n) ?? 0) + 1);
    const cjkName = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '张伟';
    // Part of a Chinese mobile number as people type it: the last eight digits.
    const mobile = db.prepare("SELECT value FROM contact_points WHERE kind = 'mobile' AND value LIKE '+861%' AND account_id > ? ORDER BY account_id LIMIT 1").get(Math.floor(accounts / 3));
    const partialPhone = mobile ? mobile.value.slice(-8) : '12345678';
    // An exact email of one contact, as `crm show` resolves it.
    const email = db.prepare("SELECT value FROM contact_points WHERE kind = 'email' AND contact_id IS NOT NULL AND value LIKE '%.com.cn' AND account_id > ? ORDER BY account_id LIMIT 1").get(Math.floor(accounts * 0.6));
    return { cjkName, partialPhone, email: email?.value, id: String(Math.floor(accounts / 2) + 7) };
  } finally {
    db.close();
  }
}

export default async function foundation(b) {
  const base = b.nodeBaseline();
  const target = 2 * base + 60;
  const asOf = ['--as-of', '2026-11-23'];

  b.time('crm --version', ['--version'], { target });

  const rows = async (accounts, label) => {
    const db = await b.dbFor(accounts);
    const s = samples(db, accounts);
    const crm = (args) => ['--db', db, ...asOf, ...args];
    const hits = (r) => `${r.stdout.trim().split('\n').length} lines`;
    b.time(`find ${s.cjkName} (CJK 2 chars, ${label})`, crm(['find', s.cjkName]), { target, extra: hits });
    b.time(`find Schneider (latin, ${label})`, crm(['find', 'Schneider']), { target, extra: hits });
    b.time(`find ${s.partialPhone} (partial phone, ${label})`, crm(['find', s.partialPhone]), { target, extra: hits });
    b.time(`show ${s.id} (id, ${label})`, crm(['show', s.id]), { target });
    if (s.email) b.time(`show ${s.email} (email, ${label})`, crm(['show', s.email]), { target });
    b.time(`account list --limit 50 (${label})`, crm(['account', 'list', '--limit', '50']), { target });
  };
  await rows(10_000, '10k');
  await rows(100_000, '100k');
  if (b.big) await rows(1_000_000, '1M');
}
