import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { backupDatabase, defaultBackupPath, restoreDatabase } from '../../services/backup.js';
import { dbInfo } from '../../services/database.js';
import { examples } from '../options.js';
import { askConfirm } from '../prompt.js';
import { mainOptions } from '../overrides.js';
import { canPrompt, clockFor, dbPath, globals, openLocation, outputFormat, print, terminal, withSession } from '../runtime.js';

function kib(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

export function register(program: Command): void {
  program
    .command('backup')
    .description('copy the database to a backup file (safe while other crm commands run)')
    .argument('[file]', 'backup file or folder (default: beside the database, named with the date and time)')
    .option('--force', 'overwrite FILE if it exists')
    .addHelpText(
      'before',
      examples([
        'crm backup                              # crm-backup-20261122-181500.db beside the database',
        'crm backup ~/Dropbox/crm-backups/       # into a folder, with the dated name',
        'crm backup /media/usb/crm.db --force',
        '0 19 * * * crm backup -q                # nightly, from cron',
      ]) + '\n',
    )
    .action(async (file: string | undefined, o: { force?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const now = s.clock.now();
        let target: string;
        if (!file) target = defaultBackupPath(s.engine, now);
        else if (existsSync(file) && statSync(file).isDirectory()) target = defaultBackupPath(s.engine, now, file);
        else target = file;
        const r = await backupDatabase(s.engine, target, { overwrite: !!o.force });
        return {
          kind: 'message',
          text: `backed up ${s.engine.location} to ${r.file} (${kib(r.bytes)}); restore it with: crm restore ${r.file}`,
          json: r,
          data: r.file,
        };
      });
    });

  program
    .command('restore')
    .description('replace the database with a backup (checked first; the current database is kept aside)')
    .argument('<file>', 'a file made by crm backup (or an automatic .bak copy)')
    .option('-y, --yes', 'do not ask for confirmation on a terminal')
    .addHelpText(
      'before',
      examples([
        'crm restore ~/.local/share/crm/crm-backup-20261122-181500.db',
        'crm restore crm.db.v1-2026-11-22T18-15-00-000Z.bak --yes',
      ]) + '\n',
    )
    .action(async (file: string, o: { yes?: boolean }, cmd: Command) => {
      // Not through withSession: the current database may be damaged or unreadable, which is
      // exactly when a restore is needed. It is opened only to copy it aside.
      const g = globals(cmd);
      const format = outputFormat(g);
      const path = dbPath(g);
      if (canPrompt() && !o.yes) {
        const ok = await askConfirm(`Replace ${path} with ${file}? (the current database is kept as a .replaced-….bak copy)`, false);
        if (!ok) {
          await print({ kind: 'message', text: 'nothing restored' }, { format, term: terminal(g), globals: g });
          return;
        }
      }
      const r = await restoreDatabase(path, file, clockFor(g), () => openLocation(path), mainOptions().migrations);
      // Opening it the normal way migrates an older backup to this crm's schema.
      await withSession(cmd, async (s) => {
        const counts = (await dbInfo(s)).counts;
        const text = [
          `restored ${path} from ${r.file} (schema version ${r.schemaVersion}${r.needsMigration ? ', migrated to the current schema' : ''}; ${counts.accounts} accounts, ${counts.contacts} contacts)`,
          r.replacedKeptAt ? `the database it replaced is kept at ${r.replacedKeptAt}` : undefined,
        ]
          .filter(Boolean)
          .join('\n');
        return { kind: 'message', text, json: { ...r, counts }, data: path };
      });
    });
}
