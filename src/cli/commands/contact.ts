import { Command, Option } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { BUYING_ROLES } from '../../domain/vocab.js';
import { addContact, editContact, listContacts, resolveContactId, type ContactInput, type ContactView } from '../../services/contacts.js';
import { accountFilter, accountFilterOptions, collect, examples, idArg, limitArg } from '../options.js';
import { addUnlessDuplicate } from '../duplicates.js';
import { askConfirm, askText, interactive } from '../prompt.js';
import { mergeOutput } from '../views/merge.js';
import { mergeContacts } from '../../services/merge.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { resolveFilter } from '../../services/places.js';
import { withSession } from '../runtime.js';
import { pointCommands } from '../points.js';
import { contactOwner } from '../../services/contact-points.js';

function personOptions(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'full name (Chinese names without a space: 张伟)')
    .option('--title <title>', 'job title')
    .option('--department <dept>', 'department')
    .option('--email <email>', 'email (repeatable)', collect)
    .option('--phone <phone>', 'office phone (repeatable)', collect)
    .option('--mobile <phone>', 'mobile phone (repeatable)', collect)
    .option('--im <handle>', 'IM handle, e.g. wechat:zhangwei (repeatable)', collect)
    .option('--personality <text>', 'personality, how to deal with them')
    .option('--hobbies <text>', 'hobbies and interests')
    .option('--birthday <date>', 'birthday as YYYY-MM-DD or MM-DD')
    .addOption(new Option('--role <role>', 'buying role').choices(BUYING_ROLES))
    .option('--entry-role <role>', 'entry role for complex sales: acceptor, dissatisfied, power (repeatable)', collect)
    .option('--notes <text>', 'notes')
    .option('--alias <name>', 'another name the person is known under: romanised, maiden or former name (repeatable)', collect);
}

function inputFrom(o: Record<string, any>): ContactInput {
  const input: ContactInput = {
    name: o.name,
    title: o.title,
    department: o.department,
    emails: o.email,
    phones: o.phone,
    mobiles: o.mobile,
    ims: o.im,
    personality: o.personality,
    hobbies: o.hobbies,
    birthday: o.birthday,
    buyingRole: o.role,
    entryRoles: o.entryRole,
    notes: o.notes,
    aliases: o.alias,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ContactInput;
}

export const contactColumns: Column<ContactView>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'name', key: 'name', max: 24 },
  { header: 'account', key: 'accountName', max: 30 },
  { header: 'title', key: 'title', max: 20 },
  { header: 'phones', key: 'phones' },
  { header: 'emails', key: 'emails' },
  { header: 'role', get: (c) => [c.buyingRole, ...c.entryRoles].filter(Boolean).join(', ') },
];

export function register(program: Command): void {
  const contact = program
    .command('contact')
    .description('people at an account: add, list, edit, merge')
    .addHelpText('before', examples(['crm contact add "Acme Trading" --name "张伟" --title 采购经理 --mobile 13812345678 --role purchasing', 'crm contact list --account "Acme Trading"', 'crm contact list --format json', 'crm contact edit zhang.wei@acme.cn --birthday 1980-05-12 --hobbies golf', 'crm contact phone remove zhang.wei@acme.cn 13812345678 --yes', 'crm contact email edit 张伟 zw@acme.cn zhang.wei@acme.cn']) + '\n');

  personOptions(
    contact
      .command('add')
      .description('add a person to an account')
      .argument('<account>', 'id, contact email or phone, or name of the account')
      .addHelpText('before', examples(['crm contact add 12 --name "Anna Schmidt" --email anna@example.de --role decision-maker --entry-role power']) + '\n'),
  )
    .option('--force', 'add them even when someone with the same name here, or the same email or mobile, exists')
    .addHelpText('after', '\nSomeone with the same name (or alias) at this account, or the same email or mobile anywhere, stops\nthe add: on a terminal crm asks, otherwise it refuses unless --force.\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        if (!o.name) o.name = await askText('Contact name', { required: true, flag: '--name' });
        const input = inputFrom(o);
        const id = await addUnlessDuplicate((force) => addContact(s, accountId, input, { force }), !!o.force);
        if (id === undefined) return { kind: 'message', text: 'nothing added', json: { id: null } };
        return { kind: 'message', text: `added contact ${id}: ${o.name}`, json: { id, accountId }, data: String(id) };
      });
    });

  accountFilterOptions(contact.command('list'))
    .description('list contacts with their account, emails and phones')
    .addHelpText('before', examples(['crm contact list --city Shenzhen', 'crm contact list --campaign "Canton Fair 2026 spring" --format csv > fair.csv']) + '\n')
    .option('--account <account>', 'only the contacts of this account')
    .option('--batch <id>', 'only contacts created by this import batch', idArg)
    .option('--limit <n>', 'at most n contacts', limitArg)
    .action(async (o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = o.account ? await accountArg(s, o.account) : undefined;
        const rows = await listContacts(s, {
          ...(await resolveFilter(s, accountFilter(o))),
          accountId,
          batchId: o.batch,
          limit: o.limit,
        });
        return { kind: 'list', columns: contactColumns, rows, notes: [`${rows.length} contact${rows.length === 1 ? '' : 's'}`] };
      });
    });

  contact
    .command('merge')
    .description('merge contact B into A (same account): phones, emails, interactions, promises... move to A, B is deleted (crm undo reverts it)')
    .argument('<keep>', 'the contact that stays (A): id, email, phone or unique name')
    .argument('<other>', 'the contact merged into it and deleted (B)')
    .option('--yes', 'do not ask for confirmation on a terminal')
    .addHelpText('before', examples(['crm contact merge 31 58', 'crm contact merge zhang.wei@acme.cn "Zhang Wei" --yes']) + '\n')
    .addHelpText('after', "\nA's empty fields are filled from B; where both differ, A's value stays and B's goes into A's notes.\nB's name becomes another name (alias) of A. One history entry: crm undo puts B back.\n")
    .action(async (keepRef: string, otherRef: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const keep = await resolveContactId(s, keepRef);
        const other = await resolveContactId(s, otherRef);
        if (!o.yes && interactive() && !(await askConfirm(`Merge contact ${other} into contact ${keep}? (contact ${other} is deleted; crm undo reverts the merge)`, false)))
          return { kind: 'message', text: 'nothing merged' };
        return mergeOutput('contact', await mergeContacts(s, keep, other));
      });
    });

  personOptions(
    contact
      .command('edit')
      .description('change a contact; emails and phones given are added')
      .argument('<contact>', 'contact id, email, phone or unique name'),
  )
    .option('--drop-alias <name>', 'forget another name of the person, e.g. a mistyped former name (repeatable)', collect)
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
    await withSession(cmd, async (s) => {
      const id = await resolveContactId(s, ref);
      const input = inputFrom(o);
      if (o.dropAlias) input.dropAliases = o.dropAlias;
      if (Object.keys(input).length === 0) throw new UsageError('nothing to change', 'give at least one field, e.g. --title');
      await editContact(s, id, input);
      return { kind: 'message', text: `updated contact ${id}`, json: { id }, data: String(id) };
    });
  });

  pointCommands(contact, 'contact', async (s, ref) => contactOwner(s, await resolveContactId(s, ref)));
}
