import type { Command } from 'commander';
import { find, type FindHit } from '../../services/find.js';
import { examples, limitArg } from '../options.js';
import type { Column } from '../render.js';
import { withSession } from '../runtime.js';

const columns: Column<FindHit>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'account', key: 'name', max: 36 },
  { header: 'city', key: 'city', max: 14 },
  { header: 'contacts', key: 'contacts', max: 36 },
  { header: 'phones', key: 'phones', max: 34 },
  { header: 'emails', key: 'emails', max: 40 },
];

export function register(program: Command): void {
  program
    .command('find')
    .description('search names, companies, emails, phones and notes (Chinese too)')
    .argument('<text...>', 'words to find; every word must match')
    .option('--limit <n>', 'at most n accounts', limitArg, 50)
    .addHelpText('before', examples(['crm find 张伟', 'crm find acme shenzhen', 'crm find 1381234', 'crm find @acme.cn --json']) + '\n')
    .action(async (words: string[], o: { limit: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await find(s, words.join(' '), o.limit);
        return { kind: 'list', columns, rows, notes: rows.length ? [] : [`nothing matches "${words.join(' ')}"`] };
      });
    });
}
