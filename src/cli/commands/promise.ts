import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { addPromise, cancelPromise, deletePromise, editPromise, finishPromise, listPromises, type PromiseRow } from '../../services/promises.js';
import { confirmDelete } from '../confirm.js';
import { examples, recordId } from '../options.js';

const promiseId = recordId('promise', 'crm promise list');
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
    .addHelpText(
      'before',
      examples([
        'crm promise add "Acme Trading" --what "send the test report" --due +3 --by alice --to 张伟',
        'crm promise list --open',
        'crm promise list --account "Acme Trading" --json',
        'crm promise done 7                         # kept (same as crm done promise:7)',
        'crm promise done 8 --broken',
        'crm promise reschedule 7 --due 2026-12-05  # same id, new date',
        'crm promise edit 7 --what "send the test report and the certificate"',
        'crm promise cancel 9                       # withdrawn on purpose: neither kept nor broken',
        'crm promise delete 10 --yes                # recorded by mistake',
      ]) + '\n',
    );

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
        const id = promiseId(idText);
        const r = await finishPromise(s, id, !!o.broken);
        return { kind: 'message', text: `promise ${id} marked ${r.status}`, json: r };
      });
    });

  promise
    .command('edit')
    .description('change what was promised, to whom, by whom or by when (same id)')
    .argument('<id>', 'promise id (crm promise list)')
    .option('--what <text>', 'what was promised')
    .option('--due <date>', 'by when: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--by <rep>', 'who promised it')
    .option('--to <contact>', 'to whom: a contact name, email or id (or any name)')
    .addHelpText('before', examples(['crm promise edit 7 --what "quote for 500 units" --to "Li Na"']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = promiseId(idText);
        const r = await editPromise(s, id, { what: o.what, dueOn: whenArg(s, o.due, '--due'), by: o.by, to: o.to });
        return { kind: 'message', text: `updated promise ${id} (${r.changed.join(', ')})`, json: r, data: String(id) };
      });
    });

  promise
    .command('reschedule')
    .description('move an open promise to another date, in place (same id on the due list)')
    .argument('<id>', 'promise id (crm promise list)')
    .option('--due <date>', 'the new date: YYYY-MM-DD, tomorrow, +3, 2w')
    .addHelpText('before', examples(['crm promise reschedule 7 --due 2026-12-05', 'crm promise reschedule 7 --due +7']) + '\n')
    .action(async (idText: string, o: { due?: string }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = promiseId(idText);
        if (!o.due) throw new UsageError('missing --due', 'give the new date');
        const due = whenArg(s, o.due, '--due')!;
        const r = await editPromise(s, id, { dueOn: due });
        return { kind: 'message', text: `promise ${id} rescheduled to ${due}`, json: { ...r, dueOn: due }, data: String(id) };
      });
    });

  promise
    .command('cancel')
    .description('withdraw an open promise on purpose: off the due list, counted neither kept nor broken')
    .argument('<id>', 'promise id (crm promise list)')
    .addHelpText('before', examples(['crm promise cancel 9']) + '\n')
    .action(async (idText: string, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = promiseId(idText);
        const r = await cancelPromise(s, id);
        return { kind: 'message', text: `promise ${id} cancelled`, json: r, data: String(id) };
      });
    });

  promise
    .command('delete')
    .description('delete a promise recorded by mistake (asks first on a terminal)')
    .argument('<id>', 'promise id (crm promise list)')
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .addHelpText('before', examples(['crm promise delete 10', 'crm promise delete 10 --yes']) + '\n')
    .action(async (idText: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = promiseId(idText);
        if (!(await confirmDelete(`promise ${id}`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deletePromise(s, id);
        return { kind: 'message', text: `deleted promise ${id}: ${r.what}`, json: r, data: String(id) };
      });
    });
}

