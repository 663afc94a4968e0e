import { Option, type Command } from 'commander';
import { HAND_SIGNALS } from '../../domain/risk.js';
import { addSignal, clearSignal, listSignals } from '../../services/signals.js';
import { dateArg, examples, idArg } from '../options.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  const signal = program
    .command('signal')
    .description('churn signals noted by hand: competitor praised, new strategy, change of owner or key person')
    .addHelpText(
      'before',
      examples([
        'crm signal add "Acme Trading" --kind competitor-praised --note "compared our price with Delta twice"',
        'crm signal list',
        'crm signal clear 3',
      ]) + '\n',
    );

  signal
    .command('add')
    .description('note a churn signal (it shows in crm risk until cleared)')
    .argument('<account>', 'id, contact email or phone, or name')
    .addOption(new Option('--kind <kind>', 'what was noticed').choices(Object.keys(HAND_SIGNALS)).makeOptionMandatory())
    .option('--note <text>', 'what exactly, said by whom')
    .option('--date <date>', 'when it was noticed (default today)', dateArg)
    .addHelpText('before', examples(['crm signal add 12 --kind key-person-change --note "Mr Li, our buyer, left in May"', 'crm signal add "Acme Trading" --kind new-strategy']) + '\n')
    .action(async (ref: string, o: { kind: string; note?: string; date?: string }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const id = await addSignal(s, accountId, o.kind, { note: o.note, on: o.date });
        return { kind: 'message', text: `noted signal ${id} (${o.kind}) on account ${accountId}`, json: { id, accountId, kind: o.kind }, data: String(id) };
      });
    });

  signal
    .command('list')
    .description('signals not cleared yet (with --all, every signal)')
    .argument('[account]', 'only this account')
    .option('--all', 'include cleared signals')
    .addHelpText('before', examples(['crm signal list', 'crm signal list "Acme Trading" --all --json']) + '\n')
    .action(async (ref: string | undefined, o: { all?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = ref !== undefined ? await accountArg(s, ref) : undefined;
        const rows = await listSignals(s, { accountId, all: !!o.all });
        return {
          kind: 'list',
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'noted', key: 'notedOn' },
            { header: 'account', key: 'account', max: 32 },
            { header: 'kind', key: 'kind' },
            { header: 'note', key: 'note', max: 60 },
            { header: 'cleared', key: 'clearedOn' },
          ],
          rows,
          notes: [`${rows.length} signal${rows.length === 1 ? '' : 's'}`],
        };
      });
    });

  signal
    .command('clear')
    .description('clear a signal (the worry is gone); it stays in the timeline')
    .argument('<id>', 'signal id (see crm signal list)', idArg)
    .addHelpText('before', examples(['crm signal clear 3']) + '\n')
    .action(async (id: number, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        await clearSignal(s, id);
        return { kind: 'message', text: `cleared signal ${id}`, json: { id, cleared: true } };
      });
    });
}
