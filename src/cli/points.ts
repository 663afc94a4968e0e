// crm contact|account phone|email edit|remove: one phone or email at a time.
import type { Command } from 'commander';
import { editPoint, removePoint, type PointKind, type PointOwner } from '../services/contact-points.js';
import { confirmDelete } from './confirm.js';
import { examples } from './options.js';
import { withSession, type Session } from './runtime.js';

/** Adds `phone` and `email` groups (edit, remove) under `parent`, for the owner `who` names. */
export function pointCommands(parent: Command, noun: 'contact' | 'account', owner: (s: Session, ref: string) => Promise<PointOwner>): void {
  const sample = noun === 'contact' ? 'zhang.wei@acme.cn' : '"Acme Trading"';
  for (const kind of ['phone', 'email'] as const satisfies readonly PointKind[]) {
    const old = kind === 'phone' ? '13812345678' : 'zw@acme.cn';
    const fresh = kind === 'phone' ? '+86 139 8765 4321' : 'zhang.wei@acme.cn';
    const group = parent
      .command(kind)
      .description(`change or remove one ${kind} of a${noun === 'account' ? 'n account (the company’s own, not its contacts’)' : ' contact'}`)
      .addHelpText('before', examples([`crm ${noun} ${kind} edit ${sample} ${old} "${fresh}"`, `crm ${noun} ${kind} remove ${sample} ${old} --yes`]) + '\n');
    group
      .command('edit')
      .description(`replace one ${kind} with another (checked and normalised like a new one)`)
      .argument(`<${noun}>`, noun === 'contact' ? 'contact id, email, phone or unique name' : 'id, contact email or phone, or name')
      .argument(`<old>`, `the ${kind} as stored or as typed (${kind === 'phone' ? 'any spelling of the number' : 'any case'})`)
      .argument(`<new>`, `the new ${kind}`)
      .addHelpText('before', examples([`crm ${noun} ${kind} edit ${sample} ${old} "${fresh}"`]) + '\n')
      .action(async (ref: string, from: string, to: string, _o: unknown, cmd: Command) => {
        await withSession(cmd, async (s) => {
          const r = await editPoint(s, await owner(s, ref), kind, from, to);
          return { kind: 'message', text: `${kind} ${r.from} changed to ${r.to}`, json: r };
        });
      });
    group
      .command('remove')
      .description(`remove one ${kind} (asks first on a terminal)`)
      .argument(`<${noun}>`, noun === 'contact' ? 'contact id, email, phone or unique name' : 'id, contact email or phone, or name')
      .argument(`<${kind}>`, `the ${kind} as stored or as typed`)
      .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
      .addHelpText('before', examples([`crm ${noun} ${kind} remove ${sample} ${old}`, `crm ${noun} ${kind} remove ${sample} ${old} --yes`]) + '\n')
      .action(async (ref: string, value: string, o: { yes?: boolean }, cmd: Command) => {
        await withSession(cmd, async (s) => {
          const who = await owner(s, ref);
          if (!(await confirmDelete(`${kind} ${value} of ${who.contactId !== null ? `contact ${who.contactId}` : `account ${who.accountId}`}`, o.yes))) return { kind: 'message', text: 'nothing removed' };
          const r = await removePoint(s, who, kind, value);
          return { kind: 'message', text: `removed ${r.kind} ${r.removed}`, json: r };
        });
      });
  }
}
