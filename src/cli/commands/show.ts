import type { Command } from 'commander';
import { accountFile } from '../../services/show.js';
import { examples, intArg } from '../options.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { accountFileOutput } from '../views/account-file.js';

export function register(program: Command): void {
  program
    .command('show')
    .description('the whole customer file: profile, contacts, deals, open items and the timeline')
    .argument('<account>', 'id, contact email or phone, or name')
    .addHelpText('before', examples(['crm show 12', 'crm show "Acme Trading"', 'crm show zhang.wei@acme.cn --json', 'crm show 华南电子 --format markdown > acme.md', 'crm show 华南电子 --timeline 10   # the last 10 events only']) + '\n')
    .option('--timeline <n>', 'show only the last n events of the timeline (0 = none; JSON keeps them all)', intArg)
    .action(async (ref: string, o: { timeline?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => accountFileOutput(await accountFile(s, await accountArg(s, ref)), { timeline: o.timeline }));
    });
}
