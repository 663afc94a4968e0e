import type { Command } from 'commander';
import { historyEntry, listHistory, undoChange, type HistoryEntryView, type UndoResult } from '../../services/history.js';
import { examples, positiveIntArg } from '../options.js';
import type { Column, Output } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

const status = (e: HistoryEntryView) => (e.undoneBy !== null ? `undone by ${e.undoneBy}` : '');

const columns: Column<HistoryEntryView>[] = [
  { header: 'change', key: 'id', align: 'right' },
  { header: 'at', get: (e) => e.at.slice(0, 16).replace('T', ' ') },
  { header: 'command', get: (e) => e.command, max: 18 },
  { header: 'by', key: 'rep', max: 12 },
  { header: 'what', key: 'summary', max: 90 },
  { header: 'status', get: status },
];

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function undoOutput(r: UndoResult): Output {
  const verb = r.kind === 'redo' ? 'redid' : 'undid';
  const text =
    r.kind === 'import-undo' && r.batch
      ? `undid change ${r.target}, import batch ${r.batch.batchId}: removed ${count(r.batch.deletedAccounts, 'account')}, ${count(r.batch.deletedContacts, 'contact')}, ${count(r.batch.deletedOrders, 'order')}; reverted ${count(r.batch.revertedMerges, 'merge')}` +
        (r.batch.keptEdits ? ` (${count(r.batch.keptEdits, 'field')} edited since kept)` : '')
      : `${verb} change ${r.change}: ${r.summary}` + (r.entry !== null ? ` (recorded as change ${r.entry}; crm undo ${r.entry} reverses it)` : '');
  return { kind: 'message', text, json: r, data: r.entry !== null ? String(r.entry) : String(r.target) };
}

export function register(program: Command): void {
  program
    .command('history')
    .description('what each write changed, newest first: command, who, when, before → after')
    .argument('[account]', 'only the changes to this account (id, contact email or phone, or name)')
    .option('--change <id>', 'every row one change wrote, field by field', positiveIntArg)
    .option('--limit <n>', 'at most n changes (default 20)', positiveIntArg)
    .addHelpText(
      'before',
      examples(['crm history', 'crm history "Acme Trading" --limit 50', 'crm history --change 42', 'crm history --json']) + '\n',
    )
    .addHelpText(
      'after',
      '\nEvery write command is recorded; imports are one entry each (their rows are in crm import list).\nRevert an entry with crm undo [CHANGE].\n',
    )
    .action(async (ref: string | undefined, o: { change?: number; limit?: number }, cmd: Command) => {
      await withSession(cmd, async (s): Promise<Output> => {
        if (o.change !== undefined) {
          const e = await historyEntry(s, o.change);
          const rows = e.changes.flatMap((c) =>
            c.fields.map((f) => ({ table: c.table, row: c.row, op: c.op, field: f.field, before: f.before, after: f.after })),
          );
          return {
            kind: 'list',
            columns: [
              { header: 'op', key: 'op' },
              { header: 'table', key: 'table' },
              { header: 'row', key: 'row', align: 'right' },
              { header: 'field', key: 'field' },
              { header: 'before', key: 'before', max: 40 },
              { header: 'after', key: 'after', max: 40 },
            ],
            rows,
            json: e,
            notes: [
              `change ${e.id}: ${[e.command, e.args].filter(Boolean).join(' ')} at ${e.at}${e.rep ? ` by ${e.rep}` : ''}${e.undoneBy !== null ? `; undone by change ${e.undoneBy}` : ''}`,
              e.summary,
            ],
          };
        }
        const accountId = ref !== undefined ? await accountArg(s, ref) : undefined;
        const rows = await listHistory(s, { accountId, limit: o.limit });
        return {
          kind: 'list',
          columns,
          rows,
          notes: [rows.length ? `${rows.length} change${rows.length === 1 ? '' : 's'}, newest first; details: crm history --change ID` : 'no changes recorded yet'],
        };
      });
    });

  program
    .command('undo')
    .description('revert the last change (or the one named); an undo is a change too, so undoing it redoes')
    .argument('[change]', 'the change to revert (see crm history); default: the newest one still in effect', positiveIntArg)
    .addHelpText('before', examples(['crm undo', 'crm undo 42', 'crm undo 43   # 43 undid 42: this puts 42 back']) + '\n')
    .addHelpText(
      'after',
      `
Undo refuses, naming the change to undo first, when a row the change wrote has changed since
(a later change built on it). An import is undone as a whole batch (crm import undo BATCH); an
undone import cannot be redone.
`,
    )
    .action(async (id: number | undefined, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => undoOutput(await undoChange(s, id !== undefined ? { id } : {})));
    });

  program
    .command('redo')
    .description('put back what the last undo (or the undo named) reverted')
    .argument('[change]', 'the undo to revert (see crm history); default: the newest undo still in effect', positiveIntArg)
    .addHelpText('before', examples(['crm redo', 'crm redo 43']) + '\n')
    .action(async (id: number | undefined, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => undoOutput(await undoChange(s, { redo: true, ...(id !== undefined ? { id } : {}) })));
    });
}
