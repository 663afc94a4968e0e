import type { Command } from 'commander';
import { resolveLocation } from '../../db/open.js';
import { UsageError } from '../../domain/errors.js';
import { copyDatabase, dbInfo } from '../../services/database.js';
import { examples } from '../options.js';
import { clockFor, globals, openSessionEngine, outputFormat, print, terminal, withSession } from '../runtime.js';

export function register(program: Command): void {
  const db = program
    .command('db')
    .description('the database: info, and copying a whole book between a file and a server')
    .addHelpText(
      'before',
      examples(['crm db info', 'crm db info --json', 'crm db copy ~/.local/share/crm/crm.db postgres://alice@db.example.com/sales']) + '\n',
    );
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
                ...Object.entries(i.store),
              ],
            },
            { title: 'Rows', fields: Object.entries(i.counts) },
          ],
        };
      });
    });

  db.command('copy')
    .description('copy a whole book into a new file or an empty server database (ids kept, one transaction)')
    .argument('<src>', 'the book to copy: a file path or a postgres:// URL')
    .argument('<dst>', 'where to: a new file path, or the URL of an empty database')
    .addHelpText(
      'before',
      examples([
        'crm db copy ~/.local/share/crm/crm.db postgres://alice@db.example.com/sales   # a solo book onto the team server',
        'crm db copy postgres://alice@db.example.com/sales ./sales-copy.db               # and back into a file',
        'PGPASSWORD=... crm db copy crm.db postgres://alice@localhost:5432/sales        # the password never goes in the URL',
      ]) + '\n',
    )
    .action(async (src: string, dst: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      const format = outputFormat(g);
      const clock = clockFor(g);
      const from = resolveLocation(src);
      const to = resolveLocation(dst);
      if (from === to) throw new UsageError('the source and the destination are the same book');
      // The source is upgraded like any book a command opens; the destination gets this crm's schema.
      const source = await openSessionEngine(g, clock, { location: from, create: false, command: cmd });
      try {
        const target = await openSessionEngine(g, clock, { location: to, command: cmd });
        try {
          const r = await copyDatabase(source, target);
          const n = (t: string) => r.rows[t] ?? 0;
          await print(
            {
              kind: 'message',
              text: `copied ${source.location} to ${target.location}: ${n('accounts')} accounts, ${n('contacts')} contacts, ${n('orders')} orders, ${n('interactions')} interactions (${Object.values(r.rows).reduce((a, b) => a + b, 0)} rows in ${Object.keys(r.rows).length} tables)`,
              json: r,
              data: target.location,
            },
            { format, term: terminal(g), globals: g },
          );
        } finally {
          await target.close().catch(() => {});
        }
      } finally {
        await source.close();
      }
    });
}
