import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { addPromise, finishPromise, listPromises, type PromiseRow } from '../../services/promises.js';
import { examples, idArg } from '../options.js';
import { askText } from '../prompt.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { whenArg } from '../when.js';

const columns: Column<PromiseRow>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'account', key: 'account', max: 28 },
  { header: 'what', key: 'what', max: 40 },
  { header: 'to', key: 'to', max: 16 },
  { header: 'by', key: 'by', max: 12 },
  { header: 'due', get: (p) => (p.dueOn ? `${p.dueOn}${p.overdue ? ' OVERDUE' : ''}` : '') },
  { header: 'status', key: 'status' },
  { header: 'done', get: (p) => p.doneAt?.slice(0, 10) ?? '' },
];

export function register(program: Command): void {
  const promise = program
    .command('promise')
    .description('commitments made to customers: what, to whom, by whom, due when, kept or not')
    .addHelpText('before', examples(['crm promise add "Acme Trading" --what "send the test report" --due +3 --by alice --to 张伟', 'crm promise list --open', 'crm promise list --account "Acme Trading" --json', 'crm promise done 7', 'crm promise done 8 --broken']) + '\n');

  promise
    .command('add')
    .description('record a promise made to the customer')
    .argument('<account>', 'id, contact email or phone, or name')
    .addHelpText('before', examples(['crm promise add 12 --what "quote for 400 units" --due 2026-12-01 --to zhang.wei@acme.cn']) + '\n')
    .option('--what <text>', 'what was promised')
    .option('--due <date>', 'by when: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--by <rep>', 'who promised it (default: config defaultOwner, else the account owner)')
    .option('--to <contact>', 'to whom: a contact name, email or id (or any name)')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const what = o.what ?? (await askText('What was promised', { required: true, flag: '--what' }));
        const id = await addPromise(s, accountId, { what, dueOn: whenArg(s, o.due, '--due'), by: o.by, to: o.to });
        return { kind: 'message', text: `promise ${id} recorded for account ${accountId}`, json: { id, accountId }, data: String(id) };
      });
    });

  promise
    .command('list')
    .description('promises, open first by due date')
    .addHelpText('before', examples(['crm promise list --open', 'crm promise list --by alice --format csv']) + '\n')
    .option('--open', 'only promises not yet kept or broken')
    .option('--account <account>', 'only this account')
    .option('--by <rep>', 'only promises made by this rep')
    .action(async (o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listPromises(s, { open: !!o.open, account: o.account ? await accountArg(s, o.account) : undefined, by: o.by });
        const overdue = rows.filter((r) => r.overdue).length;
        return { kind: 'list', columns, rows, notes: [`${rows.length} promise${rows.length === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}`] };
      });
    });

  promise
    .command('done')
    .description('mark a promise kept (or --broken)')
    .argument('<id>', 'promise id (crm promise list)')
    .option('--broken', 'it was not kept')
    .addHelpText('before', examples(['crm promise done 7', 'crm promise done 8 --broken']) + '\n')
    .action(async (idText: string, o: { broken?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        let id: number;
        try {
          id = idArg(idText);
        } catch (e) {
          throw new UsageError(`promise id "${idText}": ${(e as Error).message}`);
        }
        const r = await finishPromise(s, id, !!o.broken);
        return { kind: 'message', text: `promise ${id} marked ${r.status}`, json: r };
      });
    });
}
