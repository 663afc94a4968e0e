import type { Command } from 'commander';
import { dbInfo } from '../../services/database.js';
import { examples } from '../options.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  const db = program
    .command('db')
    .description('the database file: info')
    .addHelpText('before', examples(['crm db info', 'crm db info --json']) + '\n');
  db.command('info')
    .description('path, size, schema version and row counts')
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const i = await dbInfo(s);
        return {
          kind: 'doc',
          json: i,
          sections: [
            {
              title: 'Database',
              fields: [
                ['path', i.path],
                ...(i.sizeBytes !== null
                  ? [['size', `${(i.sizeBytes / 1024).toFixed(0)} KiB${i.walBytes !== null ? ` (+${(i.walBytes / 1024).toFixed(0)} KiB WAL)` : ''}`] as [string, string]]
                  : []),
                ['schema version', `${i.schemaVersion} (latest ${i.latestSchemaVersion})`],
                ['engine', i.sqliteVersion],
              ],
            },
            { title: 'Rows', fields: Object.entries(i.counts) },
          ],
        };
      });
    });
}
