import type { Command } from 'commander';
import { SCHEMA_VERSION } from '../../db/migrate.js';
import { examples } from '../options.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  program
    .command('init')
    .description('create the database (commands that write also create it on first use; commands that only read never do)')
    .addHelpText('before', examples(['crm init', 'crm --db ~/sales/crm.db init', 'CRM_DB=./team.db crm init']) + '\n')
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => ({
        kind: 'message',
        text: `${s.engine.created ? 'created' : 'using'} ${s.engine.location} (schema version ${SCHEMA_VERSION})`,
        json: { path: s.engine.location, created: s.engine.created, schemaVersion: SCHEMA_VERSION },
        data: s.engine.location,
      }));
    });
}
