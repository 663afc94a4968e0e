import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { handoff, handoffBook } from '../../services/handoffs.js';
import { examples } from '../options.js';
import { askText } from '../prompt.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  program
    .command('handoff')
    .description("hand an account (and its open deals) to another rep, or a rep's whole book with --from; recorded in the timeline")
    .argument('[account]', 'id, contact email or phone, or name (omit with --from)')
    .option('--to <rep>', 'the rep who takes it over')
    .option('--from <rep>', 'hand over every active account of this rep')
    .option('--note <text>', 'what the new rep must know')
    .addHelpText(
      'before',
      examples([
        'crm handoff "Acme Trading" --to bob --note "promised a test report by Dec 1; 张伟 decides"',
        'crm handoff --from alice --to bob --note "alice moved to the Shanghai office"',
      ]) + '\n',
    )
    .action(async (ref: string | undefined, o: Record<string, any>, cmd: Command) => {
      if (ref && o.from) throw new UsageError('give an account or --from REP, not both');
      await withSession(cmd, async (s) => {
        if (!ref && !o.from) throw new UsageError('give the account to hand over, or --from REP for all of a rep\'s accounts');
        const to = o.to ?? (await askText('Hand over to (rep)', { required: true, flag: '--to' }));
        if (o.from) {
          const r = await handoffBook(s, { from: o.from, to, note: o.note });
          const n = r.accounts.length;
          return { kind: 'message', text: `handed ${n} account${n === 1 ? '' : 's'} from ${r.from} to ${r.to}`, json: r, data: String(n) };
        }
        const accountId = await accountArg(s, ref!);
        const r = await handoff(s, accountId, { to, note: o.note });
        return { kind: 'message', text: `account ${accountId} handed ${r.from ? `from ${r.from} ` : ''}to ${r.to}`, json: { ...r, accountId }, data: String(r.id) };
      });
    });
}
