// Next steps, retries and check-ins: open commitments until done or cancelled on purpose.
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { addNextStep, editNextStep, finishNextStep, listNextSteps, type NextStepRow } from '../../services/next-steps.js';
import { examples } from '../options.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { saySteps } from '../steps.js';
import { whenArg } from '../when.js';

const columns: Column<NextStepRow>[] = [
  { header: 'id', key: 'id' },
  { header: 'account', key: 'account', max: 28 },
  { header: 'what', key: 'what', max: 40 },
  { header: 'due', get: (r) => (r.dueOn ? `${r.dueOn}${r.overdue ? ' OVERDUE' : ''}` : '') },
  { header: 'contact', key: 'contact', max: 14 },
  { header: 'set by', key: 'setBy', max: 36 },
  { header: 'status', key: 'status' },
  { header: 'note', key: 'note', max: 40 },
];

export function register(program: Command): void {
  const next = program
    .command('next')
    .description('next steps, retries and check-ins: open commitments until done, rescheduled or cancelled on purpose')
    .addHelpText(
      'before',
      examples([
        'crm next list                             # every open step, the soonest first',
        'crm next list "Acme Trading" --all        # with the done, cancelled and replaced ones',
        'crm next done next:34 --note "samples sent by courier"',
        'crm next reschedule next:34 --due 2026-12-03',
        'crm next cancel retry:12 --note "they signed with a competitor"',
        'crm next add "Acme Trading" --what "send the 2027 catalogue" --due 2w',
      ]) + '\n',
    );

  next
    .command('list')
    .description('open next steps (with --all every status), the soonest first')
    .argument('[account]', 'only this account')
    .option('--all', 'also the done, cancelled and replaced ones')
    .addHelpText('before', examples(['crm next list', 'crm next list 12 --all --json']) + '\n')
    .action(async (ref: string | undefined, o: { all?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listNextSteps(s, { accountId: ref !== undefined ? await accountArg(s, ref) : undefined, all: !!o.all });
        const overdue = rows.filter((r) => r.overdue).length;
        return { kind: 'list', columns, rows, notes: [`${rows.length} step${rows.length === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}`] };
      });
    });

  next
    .command('add')
    .description('a next step on its own, not set by a logged interaction')
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--what <text>', 'what is to be done')
    .option('--due <date>', 'by when: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--replaces <step>', 'an open step it replaces (next:12)')
    .addHelpText('before', examples(['crm next add 12 --what "send the 2027 catalogue" --due 2w', 'crm next add 12 --what "call on Monday instead" --due 2026-12-07 --replaces next:34']) + '\n')
    .action(async (ref: string, o: { what?: string; due?: string; replaces?: string }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        if (!o.what) throw new UsageError('missing --what', 'say what is to be done');
        const r = await addNextStep(s, accountId, { what: o.what, dueOn: whenArg(s, o.due, '--due'), replaces: o.replaces });
        saySteps(s, { steps: [r], stillOpen: r.stillOpen }, accountId);
        return { kind: 'message', text: `next step ${r.id} for account ${accountId}: ${r.what}${r.dueOn ? ` by ${r.dueOn}` : ''}`, json: r, data: r.id };
      });
    });

  for (const [name, status, desc] of [
    ['done', 'done', 'the step was done: it closes (same as crm done ID)'],
    ['cancel', 'cancelled', 'the step is dropped on purpose: it closes, and the reason is kept'],
  ] as const) {
    next
      .command(name)
      .description(desc)
      .argument('<step>', 'step id: next:12, retry:12, check-in:12 (or 12)')
      .option('--note <text>', status === 'done' ? 'how it was done' : 'why it is dropped')
      .addHelpText('before', examples([`crm next ${name} next:34`, `crm next ${name} retry:12 --note "${status === 'done' ? 'called, they agreed to a visit' : 'they signed with a competitor'}"`]) + '\n')
      .action(async (ref: string, o: { note?: string }, cmd: Command) => {
        await withSession(cmd, async (s) => {
          const r = await finishNextStep(s, ref, status, o.note);
          return { kind: 'message', text: `${r.id} ${status}: ${r.what}`, json: r, data: r.id };
        });
      });
  }

  next
    .command('reschedule')
    .description('move a step to another date, in place (same id)')
    .argument('<step>', 'step id: next:12, retry:12, check-in:12 (or 12)')
    .option('--due <date>', 'the new date: YYYY-MM-DD, tomorrow, +3, 2w')
    .addHelpText('before', examples(['crm next reschedule next:34 --due 2026-12-03', 'crm next reschedule retry:12 --due +14']) + '\n')
    .action(async (ref: string, o: { due?: string }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (!o.due) throw new UsageError('missing --due', 'give the new date');
        const r = await editNextStep(s, ref, { dueOn: whenArg(s, o.due, '--due')! });
        return { kind: 'message', text: `${r.id} rescheduled to ${r.dueOn}: ${r.what}`, json: r, data: r.id };
      });
    });

  next
    .command('edit')
    .description('change what a step says or its date, in place (same id)')
    .argument('<step>', 'step id: next:12, retry:12, check-in:12 (or 12)')
    .option('--what <text>', 'what is to be done')
    .option('--due <date>', 'the new date: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--no-due', 'no date: kept in crm next list, off the due list')
    .addHelpText('before', examples(['crm next edit next:34 --what "send samples of both boards"', 'crm next edit next:34 --due +7']) + '\n')
    .action(async (ref: string, o: { what?: string; due?: string | false }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const r = await editNextStep(s, ref, { what: o.what, dueOn: o.due === false ? null : o.due === undefined ? undefined : whenArg(s, o.due, '--due')! });
        return { kind: 'message', text: `updated ${r.id}: ${r.what}${r.dueOn ? ` by ${r.dueOn}` : ''}`, json: r, data: r.id };
      });
    });
}
