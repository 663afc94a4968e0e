import { sql, type Kysely, type Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-account-name-index.js';
import * as m0004 from './0004-value.js';
import * as m0006 from './0006-due.js';
import * as m0007 from './0007-report-indexes.js';
import * as m0008 from './0008-lookup-indexes.js';
import * as m0040 from './0040-local-timestamps.js';

// Migrations live in code (not on disk) so the bundled binary carries them. Names sort in order;
// add new ones at the end with the next number.
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-account-name-index': m0002,
  '0004-value': m0004,
  '0006-due': m0006,
  '0007-report-indexes': m0007,
  '0008-lookup-indexes': m0008,
  '0040-local-timestamps': m0040,
};

/**
 * Test-only: with CRM_TEST_MIGRATION=1 one more migration exists after the real ones, so the
 * tests of automatic backups, interrupted migrations and newer-schema refusal have a migration to
 * run whatever the real schema version is. It adds a column and fills it on every account, which
 * rewrites the whole table. Never set in normal use.
 */
if (process.env.CRM_TEST_MIGRATION === '1') {
  migrations['9999-test-probe'] = {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('accounts').addColumn('test_probe', 'text').execute();
      await sql`UPDATE accounts SET test_probe = name`.execute(db);
    },
  };
}
