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
  { header: 'also known as', key: 'aliases', max: 30 },
  { header: 'phones', key: 'phones', max: 34 },
  { header: 'emails', key: 'emails', max: 40 },
];

const callerColumns: Column<FindHit>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'account', key: 'name', max: 36 },
  { header: 'contact', get: (h) => h.callerId?.contact ?? '(the account\'s own number)', max: 24 },
  { header: 'title', get: (h) => h.callerId?.title, max: 20 },
  { header: 'city', key: 'city', max: 14 },
  { header: 'number', get: (h) => h.callerId?.number },
];

export function register(program: Command): void {
  program
    .command('find')
    .description('search names, companies, emails, phones and notes (Chinese too)')
    .argument('<text...>', 'words to find; every word must match')
    .option('--limit <n>', 'at most n accounts', limitArg, 50)
    .addHelpText(
      'before',
      examples([
        'crm find 张伟',
        'crm find zhangwei          # pinyin; also "zhang wei" and the initials "zw"',
        'crm find acme shenzhen',
        'crm find 1381234',
        'crm find +8613812345678    # caller ID: whose number is this?',
        'crm find @acme.cn --json',
      ]) + '\n',
    )
    .action(async (words: string[], o: { limit: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await find(s, words.join(' '), o.limit);
        if (rows[0]?.callerId) {
          const c = rows[0].callerId;
          const who = `${c.contact ? `${c.contact}${c.title ? ` (${c.title})` : ''} at ` : ''}${rows[0].name}`;
          return { kind: 'list', columns: callerColumns, rows, notes: [`${c.number} is ${who}${rows.length > 1 ? ` (and ${rows.length - 1} more)` : ''}`] };
        }
        return { kind: 'list', columns, rows, notes: rows.length ? [] : [`nothing matches "${words.join(' ')}"`] };
      });
    });
}
