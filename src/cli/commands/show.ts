import type { Command } from 'commander';
import { accountFile } from '../../services/show.js';
import { examples } from '../options.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { accountFileOutput } from '../views/account-file.js';

export function register(program: Command): void {
  program
    .command('show')
    .description('the whole customer file: profile, contacts, deals, open items and the timeline')
    .argument('<account>', 'id, contact email or phone, or name')
    .addHelpText('before', examples(['crm show 12', 'crm show "Acme Trading"', 'crm show zhang.wei@acme.cn --json', 'crm show 华南电子 --format markdown > acme.md']) + '\n')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => accountFileOutput(await accountFile(s, await accountArg(s, ref))));
    });
}
