import { Command } from 'commander';
import { handoff } from '../../services/handoffs.js';
import { examples } from '../options.js';
import { askText } from '../prompt.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

export function register(program: Command): void {
  program
    .command('handoff')
    .description('hand an account (and its open deals) to another rep; recorded in the timeline')
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--to <rep>', 'the rep who takes it over')
    .option('--note <text>', 'what the new rep must know')
    .addHelpText('before', examples(['crm handoff "Acme Trading" --to bob --note "promised a test report by Dec 1; 张伟 decides"']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const to = o.to ?? (await askText('Hand over to (rep)', { required: true, flag: '--to' }));
        const r = await handoff(s, accountId, { to, note: o.note });
        return { kind: 'message', text: `account ${accountId} handed ${r.from ? `from ${r.from} ` : ''}to ${r.to}`, json: { ...r, accountId }, data: String(r.id) };
      });
    });
}
