import type { Command } from 'commander';
import { SCHEMA_VERSION } from '../../db/migrate.js';
import { CrmError } from '../../domain/errors.js';
import { examples } from '../options.js';
import { migrateSession, withSession } from '../runtime.js';

export function register(program: Command): void {
  program
    .command('init')
    .description('create the database, or check a server database and set it up (commands that write also create it on first use; commands that only read never do)')
    .addHelpText(
      'before',
      examples([
        'crm init',
        'crm --db ~/sales/crm.db init',
        'CRM_DB=./team.db crm init',
        'crm --db postgres://alice@db.example.com/sales init   # checks the server, creates pg_trgm',
      ]) + '\n',
    )
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(
        cmd,
        async (s) => {
          // What a server must provide is checked (and created where crm may) before any table.
          const requirements = await s.engine.setUp();
          const missing = requirements.filter((r) => !r.ok);
          if (missing.length) {
            for (const r of missing) s.warn(`${r.what}: found ${r.found}${r.fix ? `; ${r.fix}` : ''}`);
            throw new CrmError(`${s.engine.location} is not ready for crm: ${missing.map((r) => r.what).join(', ')}`, missing[0]!.fix);
          }
          const created = s.engine.created;
          await migrateSession(s.engine, s.clock);
          const server = requirements.map((r) => `${r.what} ${r.found}`).join(', ');
          return {
            kind: 'message',
            text: `${created ? 'created' : 'using'} ${s.engine.location} (schema version ${SCHEMA_VERSION}${server ? `; ${server}` : ''})`,
            json: { path: s.engine.location, created, schemaVersion: SCHEMA_VERSION, requirements },
            data: s.engine.location,
          };
        },
        // the book is migrated in the body, after the server checks: nothing may read it before
        { migrate: false, followUp: false },
      );
    });
}
