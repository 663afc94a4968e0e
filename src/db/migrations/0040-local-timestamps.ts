import { sql, type Kysely } from 'kysely';

// Instants were stored in UTC ('…Z'); they are now stored with the local offset, so that their
// first ten characters are the user's day (why: the top of src/domain/dates.ts). This rewrites
// the old ones in the time zone in force when the migration runs (TZ, or config `timezone`). The
// instant does not change, only how it is written. Portable SQL: keyset pages, one CASE update
// per page.
const COLUMNS: [table: string, key: string, columns: string[]][] = [
  ['reps', 'id', ['created_at']],
  ['accounts', 'id', ['archived_at', 'created_at', 'updated_at']],
  ['contacts', 'id', ['archived_at', 'created_at', 'updated_at']],
  ['contact_points', 'id', ['created_at']],
  ['deals', 'id', ['stage_entered_at', 'created_at', 'updated_at', 'closed_at']],
  ['deal_stage_history', 'id', ['at']],
  ['interactions', 'id', ['occurred_at', 'created_at']],
  ['promises', 'id', ['done_at', 'created_at']],
  ['complaints', 'id', ['created_at']],
  ['orders', 'id', ['created_at']],
  ['surveys', 'id', ['created_at']],
  ['handoffs', 'id', ['at']],
  ['campaigns', 'id', ['created_at']],
  ['import_batches', 'id', ['started_at', 'finished_at', 'undone_at']],
  ['due_state', 'item_key', ['at']],
  ['visit_plans', 'id', ['created_at']],
];

const PAGE = 500;

// The form of src/domain/dates.ts toLocalIso, kept here as it was when this migration was written
// (a migration must not change with later code, and this layer imports nothing from above it).
const two = (n: number) => String(n).padStart(2, '0');
function toLocalIso(d: Date): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}${off < 0 ? '-' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, key, columns] of COLUMNS) {
    for (const column of columns) await rewrite(db, table, key, column);
  }
}

async function rewrite(db: Kysely<any>, table: string, key: string, column: string): Promise<void> {
  let after: string | number | null = null;
  for (;;) {
    let q = db.selectFrom(table).select([`${key} as k`, `${column} as v`]).where(column, 'like', '%Z').orderBy(key).limit(PAGE);
    if (after !== null) q = q.where(key, '>', after);
    const rows = (await q.execute()) as { k: string | number; v: string }[];
    if (!rows.length) return;
    const cases = rows.map((r) => sql`when ${r.k} then cast(${toLocalIso(new Date(r.v))} as text)`);
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = case ${sql.ref(key)} ${sql.join(cases, sql` `)} end where ${sql.ref(key)} in (${sql.join(rows.map((r) => r.k))})`.execute(db);
    after = rows[rows.length - 1]!.k;
    if (rows.length < PAGE) return;
  }
}

export async function down(): Promise<void> {
  // Nothing to undo: both forms name the same instant.
}
