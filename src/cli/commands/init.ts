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
        text: `${s.handle.created ? 'created' : 'using'} ${s.handle.path} (schema version ${SCHEMA_VERSION})`,
        json: { path: s.handle.path, created: s.handle.created, schemaVersion: SCHEMA_VERSION },
        data: s.handle.path,
      }));
    });
}
