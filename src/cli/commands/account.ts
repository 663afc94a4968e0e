import { Command, Option } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { ACCOUNT_KINDS, BUYING_MODES, KEY_FACES, POTENTIALS, SUPPLY_CHANNELS, knownSource, unknownSourceMessage } from '../../domain/vocab.js';
import { addAccount, archiveAccount, editAccount, listAccounts, type AccountInput } from '../../services/accounts.js';
import { accountFile } from '../../services/show.js';
import { accountFilter, accountFilterOptions, amountArg, collect, dateArg, employeesArg, examples, limitArg } from '../options.js';
import { addUnlessDuplicate } from '../duplicates.js';
import { askConfirm, askText, interactive } from '../prompt.js';
import { mergeOutput } from '../views/merge.js';
import { mergeAccounts } from '../../services/merge.js';
import { accountArg } from '../resolve.js';
import { resolveFilter } from '../../services/places.js';
import { withSession } from '../runtime.js';
import { pointCommands } from '../points.js';
import { accountFileOutput } from '../views/account-file.js';
import type { Column } from '../render.js';
import type { AccountListItem } from '../../services/accounts.js';

/** The customer-file flags shared by add and edit. */
function fileOptions(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'company name (or the person, for an individual customer)')
    .addOption(new Option('--kind <kind>', 'company or individual').choices(ACCOUNT_KINDS))
    .option('--website <url>', 'web site (its domain helps match the company on import)')
    .option('--address <text>', 'street address')
    .option('--city <city>', 'city')
    .option('--region <region>', 'region / province / state (visit plans group by it)')
    .option('--country <cc>', 'country code, e.g. CN, DE')
    .option('--postcode <code>', 'postal code')
    .option('--industry <industry>', 'industry')
    .option('--position <text>', 'position in its industry (leader, challenger, niche...)')
    .option('--employees <n>', 'number of employees', employeesArg)
    .option('--main-business <text>', 'main business')
    .option('--scope <text>', 'business scope')
    .addOption(new Option('--buying-mode <mode>', 'buying done by a person or the company').choices(BUYING_MODES))
    .addOption(new Option('--channels <n>', 'single or multiple supply channels').choices(SUPPLY_CHANNELS))
    .option('--source <source>', 'lead source: trade-show, referral, existing-customer, cold-visit, dm, mailing-list, advertising, directory, web, personal-network, competitor-customer, inherited, other (English and Chinese spellings such as 展会, 转介绍, 继承 are recognised; anything else warns)')
    .option('--campaign <name>', 'campaign or import batch, e.g. "Canton Fair 2026 spring"')
    .option('--owner <rep>', 'the rep who owns the account')
    .option('--referred-by <account>', 'the customer who referred this one (word-of-mouth value)')
    .option('--notes <text>', 'notes')
    .option('--founded <date>', 'company founding date (an anniversary on the due list)', dateArg)
    .option('--strategic', 'a key account whatever its profit (brand, influence)')
    .option('--no-strategic', 'no longer a strategic account')
    .addOption(new Option('--face <face>', 'key-account face by hand: red, white, black').choices(KEY_FACES))
    .addOption(new Option('--potential <level>', 'profit potential by hand').choices(POTENTIALS))
    .option('--demand <amount>', 'expected demand (potential value)', amountArg)
    .option('--tag <tag>', 'a tag (repeatable, or comma-separated)', collect)
    .option('--phone <phone>', 'company phone (repeatable)', collect)
    .option('--email <email>', 'company email (repeatable)', collect)
    .option('--alias <name>', 'another name the company is known under, e.g. its English or former name (repeatable)', collect);
}

type FileFlags = Record<string, unknown>;

function inputFrom(o: FileFlags): AccountInput {
  const s = (k: string) => (o[k] === undefined ? undefined : String(o[k]));
  const input: AccountInput = {
    name: s('name'),
    kind: s('kind'),
    website: s('website'),
    address: s('address'),
    city: s('city'),
    region: s('region'),
    country: s('country'),
    postcode: s('postcode'),
    industry: s('industry'),
    industryPosition: s('position'),
    employees: o.employees as number | undefined,
    mainBusiness: s('mainBusiness'),
    businessScope: s('scope'),
    buyingMode: s('buyingMode'),
    supplyChannels: s('channels'),
    source: s('source'),
    campaign: s('campaign'),
    owner: s('owner'),
    notes: s('notes'),
    foundedOn: s('founded'),
    strategic: o.strategic as boolean | undefined,
    keyFace: s('face'),
    potential: s('potential'),
    expectedDemand: o.demand as number | undefined,
    tags: o.tag as string[] | undefined,
    phones: o.phone as string[] | undefined,
    emails: o.email as string[] | undefined,
    aliases: o.alias as string[] | undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as AccountInput;
}

export const accountColumns: Column<AccountListItem>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'name', key: 'name', max: 40 },
  { header: 'city', key: 'city', max: 16 },
  { header: 'industry', key: 'industry', max: 18 },
  { header: 'owner', key: 'owner', max: 12 },
  { header: 'tier', key: 'tier' },
  { header: 'ladder', key: 'ladder' },
  { header: 'contacts', key: 'contacts', align: 'right' },
  { header: 'last contact', key: 'lastContactOn' },
];

export function register(program: Command): void {
  const account = program
    .command('account')
    .description('the customer file: add, list, show, edit, merge, archive accounts')
    .addHelpText(
      'before',
      examples([
        'crm account add --name "Acme Trading" --city Shenzhen --region Guangdong --industry electronics',
        'crm account list --city Shenzhen --json',
        'crm account show "Acme Trading"',
        'crm account edit 12 --owner alice --tag vip',
        'crm account archive 12',
      ]) + '\n',
    );

  fileOptions(
    account
      .command('add')
      .description('add an account: a company, or an individual customer')
      .addHelpText('before', examples(['crm account add --name "华南电子有限公司" --city 深圳 --source trade-show --campaign "Canton Fair 2026 spring"', 'crm account add --name "Li Na" --kind individual --phone 13812345678']) + '\n'),
  )
    .option('--force', 'add it even when an account with the same name, email or phone exists')
    .addHelpText('after', '\nAn account with the same normalised name (legal forms aside: "Co., Ltd.", "B.V.", "GmbH", "有限公司"),\nalias, email or phone stops the add: on a terminal crm asks, otherwise it refuses unless --force.\n')
    .action(async (o: FileFlags, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (!o.name) o.name = await askText('Account name', { required: true, flag: '--name' });
        const input = inputFrom(o);
        if (input.source && !knownSource(input.source)) s.warn(`--source: ${unknownSourceMessage(input.source)}`);
        if (o.referredBy) input.referredBy = await accountArg(s, String(o.referredBy));
        const id = await addUnlessDuplicate((force) => addAccount(s, input, { force }), !!o.force);
        if (id === undefined) return { kind: 'message', text: 'nothing added', json: { id: null } };
        return { kind: 'message', text: `added account ${id}: ${input.name}`, json: { id }, data: String(id) };
      });
    });

  accountFilterOptions(account.command('list'), { industryAndTier: true })
    .description('list accounts, with filters')
    .addHelpText('before', examples(['crm account list --region Guangdong', 'crm account list --tag vip --format csv', 'crm account list --source trade-show --campaign "Canton Fair 2026 spring" --json']) + '\n')
    .option('--limit <n>', 'at most n accounts', limitArg)
    .action(async (o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listAccounts(s, { ...(await resolveFilter(s, accountFilter(o))), limit: o.limit });
        return { kind: 'list', columns: accountColumns, rows, notes: [`${rows.length} account${rows.length === 1 ? '' : 's'}`] };
      });
    });

  account
    .command('show')
    .description('the whole customer file and its timeline (same as crm show)')
    .argument('<account>', 'id, contact email or phone, or name')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => accountFileOutput(await accountFile(s, await accountArg(s, ref))));
    });

  fileOptions(
    account
      .command('edit')
      .description('change fields of an account; tags and phones given are added')
      .argument('<account>', 'id, contact email or phone, or name')
      .addHelpText('before', examples(['crm account edit "Acme Trading" --city Guangzhou --owner bob', 'crm account edit 12 --untag prospect --tag customer']) + '\n'),
  )
    .option('--untag <tag>', 'remove a tag (repeatable)', collect)
    .option('--drop-alias <name>', 'forget another name of the company, e.g. a mistyped former name (repeatable)', collect)
    .action(async (ref: string, o: FileFlags, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = await accountArg(s, ref);
        const input = inputFrom(o);
        if (input.source && !knownSource(input.source)) s.warn(`--source: ${unknownSourceMessage(input.source)}`);
        if (o.untag) input.removeTags = o.untag as string[];
        if (o.dropAlias) input.dropAliases = o.dropAlias as string[];
        if (o.referredBy) input.referredBy = await accountArg(s, String(o.referredBy));
        if (Object.keys(input).length === 0) throw new UsageError('nothing to change', 'give at least one field, e.g. --city or --tag');
        await editAccount(s, id, input);
        return { kind: 'message', text: `updated account ${id}`, json: { id }, data: String(id) };
      });
    });

  account
    .command('merge')
    .description('merge account B into A: everything B has moves to A, differing values are kept in the notes, B is deleted (crm undo reverts it)')
    .argument('<keep>', 'the account that stays (A)')
    .argument('<other>', 'the account merged into it and deleted (B)')
    .option('--yes', 'do not ask for confirmation on a terminal')
    .addHelpText('before', examples(['crm account merge "Acme Trading" "ACME TRADING CO., LTD."', 'crm account merge 12 57 --yes', 'crm account merge 12 57 --json']) + '\n')
    .addHelpText(
      'after',
      `
Contacts, interactions, orders, deals, promises, complaints, surveys, tags, phones and emails,
aliases, import provenance and due-list state move from B to A. A's empty fields are filled from
B; where both differ, A's value stays and B's is written into A's notes. B's name becomes another
name of A, so find and ACCOUNT still match it. One history entry: crm undo puts B back.
`,
    )
    .action(async (keepRef: string, otherRef: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const keep = await accountArg(s, keepRef);
        const other = await accountArg(s, otherRef);
        if (!o.yes && interactive() && !(await askConfirm(`Merge account ${other} into account ${keep}? (account ${other} is deleted; crm undo reverts the merge)`, false)))
          return { kind: 'message', text: 'nothing merged' };
        return mergeOutput('account', await mergeAccounts(s, keep, other));
      });
    });

  account
    .command('archive')
    .description('archive an account (hidden from lists and the due list; nothing is deleted)')
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--restore', 'bring an archived account back')
    .action(async (ref: string, o: { restore?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = await accountArg(s, ref);
        await archiveAccount(s, id, !!o.restore);
        return { kind: 'message', text: `${o.restore ? 'restored' : 'archived'} account ${id}`, json: { id, archived: !o.restore } };
      });
    });

  pointCommands(account, 'account', async (s, ref) => ({ accountId: await accountArg(s, ref), contactId: null }));
}
