import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0004 from './0004-value.js';

// Migrations live in code (not on disk) so the bundled binary carries them. Names sort in order;
// add new ones at the end with the next number.
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0004-value': m0004,
};
