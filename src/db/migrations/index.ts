import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-account-name-index.js';
import * as m0004 from './0004-value.js';
import * as m0006 from './0006-due.js';
import * as m0007 from './0007-report-indexes.js';
import * as m0008 from './0008-lookup-indexes.js';
import * as m0015 from './0015-next-steps.js';
import * as m0016 from './0016-stable-due-ids.js';
import * as m0017 from './0017-due-hidden-index.js';
import * as m0018 from './0018-history.js';
import * as m0019 from './0019-aliases.js';
import * as m0034 from './0034-currencies.js';
import * as m0040 from './0040-local-timestamps.js';
import * as m0050 from './0050-interaction-contacts.js';

// Migrations live in code (not on disk) so the bundled binary carries them. Names sort in order;
// add new ones at the end with the next number.
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-account-name-index': m0002,
  '0004-value': m0004,
  '0006-due': m0006,
  '0007-report-indexes': m0007,
  '0008-lookup-indexes': m0008,
  '0015-next-steps': m0015,
  '0016-stable-due-ids': m0016,
  '0017-due-hidden-index': m0017,
  '0018-history': m0018,
  '0019-aliases': m0019,
  '0034-currencies': m0034,
  '0040-local-timestamps': m0040,
  '0050-interaction-contacts': m0050,
};
