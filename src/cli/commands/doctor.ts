import type { Command } from 'commander';
import { dbErrorKind } from '../../db/errors.js';
import { runDoctor, type DoctorReport, type Finding } from '../../services/doctor.js';
import { backupDatabase, defaultBackupPath } from '../../services/backup.js';
import { examples } from '../options.js';
import type { Column, Output } from '../render.js';
import { dbPath, globals, outputFormat, print, terminal, withSession } from '../runtime.js';

const columns: Column<Finding>[] = [
  { header: 'check', key: 'check' },
  { header: 'rows', key: 'count', align: 'right' },
  { header: 'problem', key: 'message', max: 90 },
  { header: 'status', get: (f) => (f.fixed ? 'fixed' : f.fixable ? 'crm doctor --fix repairs it' : (f.hint ?? 'not repairable')) },
];

function output(r: DoctorReport): Output {
  const advice = r.findings.filter((f) => f.advice).length;
  const notes = r.findings.length > advice
    ? [
        `${r.problems} problem(s) left in ${r.path}` + (r.backup ? `; a backup was taken first: ${r.backup}` : ''),
        ...(r.findings.some((f) => f.fixable && !f.fixed) ? ['run crm doctor --fix to make the safe repairs'] : []),
      ]
    : [`${r.path}: no problems found (${r.checks.join(', ')})`];
  if (advice) notes.push(`${advice} group(s) of likely duplicates: look at them and merge the ones that are the same (not counted as problems)`);
  return { kind: 'list', columns, rows: r.findings, json: r, notes };
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check the database: integrity, foreign keys, orphans, search index, history, file permissions; list likely duplicates')
    .option('--fix', 'make the safe repairs (rebuild the search index, clear dangling references...), after a backup')
    .addHelpText('before', examples(['crm doctor', 'crm doctor --fix', 'crm doctor --json']) + '\n')
    .addHelpText('after', '\nExit code 0 when the database is sound, 1 when problems remain.\n')
    .action(async (o: { fix?: boolean }, cmd: Command) => {
      try {
        // No migration: the doctor looks at the file as it is and changes it only with --fix.
        await withSession(
          cmd,
          async (s) => {
            const r = await runDoctor(s, {
              fix: o.fix,
              backup: async () => (await backupDatabase(s.engine, defaultBackupPath(s.engine, s.clock.now()))).file,
            });
            if (r.problems) process.exitCode = 1;
            return output(r);
          },
          { migrate: false, followUp: false },
        );
      } catch (e) {
        if (dbErrorKind(e) !== 'corrupt') throw e;
        // The file cannot even be opened: that is the finding.
        const g = globals(cmd);
        const r: DoctorReport = {
          path: dbPath(g),
          checks: ['integrity'],
          findings: [{ check: 'integrity', count: 1, message: `the database file cannot be read: ${(e as Error).message}`, hint: 'restore the latest backup: crm restore FILE', fixable: false, fixed: false }],
          problems: 1,
        };
        process.exitCode = 1;
        await print(output(r), { format: outputFormat(g), term: terminal(g), globals: g });
      }
    });
}
