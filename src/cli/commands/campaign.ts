import type { Command } from 'commander';
import { addCampaign, editCampaign, listCampaigns, showCampaign, type CampaignInput, type CampaignView } from '../../services/campaigns.js';
import { dateArg, examples, moneyArg, oneCurrency } from '../options.js';
import type { Column } from '../render.js';
import { withSession } from '../runtime.js';

interface Flags {
  cost?: { amount: number; currency?: string };
  currency?: string;
  from?: string;
  to?: string;
  source?: string;
  name?: string;
}

function input(o: Flags): CampaignInput {
  const named = oneCurrency([o.cost?.currency, o.currency]);
  return {
    ...(o.cost !== undefined ? { cost: o.cost.amount } : {}),
    ...(named ? { currency: named } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
    ...(o.source !== undefined ? { source: o.source } : {}),
    ...(o.name !== undefined ? { name: o.name } : {}),
  };
}

function common(cmd: Command): Command {
  return cmd
    .option('--cost <amount>', 'what the campaign cost: 56000, "€2,000", "2.000,00 EUR"', moneyArg)
    .option('--currency <code>', 'currency of the cost (default: the base currency, config "currency")')
    .option('--from <date>', 'first day of the campaign', dateArg)
    .option('--to <date>', 'last day of the campaign', dateArg)
    .option('--source <source>', 'lead source of its leads, e.g. trade-show, direct-mail, web');
}

export const campaignColumns = (base: string): Column<CampaignView>[] => [
  { header: 'campaign', key: 'name', max: 36 },
  { header: 'source', key: 'source' },
  { header: 'from', key: 'from' },
  { header: 'to', key: 'to' },
  { header: 'cost', key: 'cost', align: 'right' },
  { header: 'currency', key: 'currency' },
  { header: `cost (${base})`, get: (c) => (c.costInBase === null ? null : Math.round(c.costInBase * 100) / 100), align: 'right' },
  { header: 'leads', key: 'leads', align: 'right' },
];

export function register(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('campaigns and their costs: trade shows, mailings, ad runs; crm report sources divides the cost by leads, qualified leads and customers won')
    .addHelpText(
      'before',
      examples([
        'crm campaign add "Canton Fair 2026 spring" --cost 56000 --from 2026-04-15 --to 2026-04-19 --source trade-show',
        'crm campaign add "Ambiente Frankfurt 2026" --cost "€9,000" --source trade-show',
        'crm import cards.csv --campaign "Canton Fair 2026 spring"',
        'crm campaign show "Canton Fair 2026 spring"',
        'crm campaign list --format csv',
      ]) + '\n',
    );

  common(campaign.command('add').description('record a campaign and its cost').argument('<name>', 'the campaign, e.g. "Canton Fair 2026 spring"'))
    .addHelpText('before', examples(['crm campaign add "Spring DM mailing 2026" --cost 6000 --source dm --from 2026-03-01', 'crm campaign add "Hannover Messe 2026" --cost 12000 --currency EUR --from 2026-04-20 --to 2026-04-24']) + '\n')
    .action(async (name: string, o: Flags, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = await addCampaign(s, name, input(o));
        return { kind: 'message', text: `added campaign ${id} "${name.trim()}"`, json: { id, name: name.trim() }, data: String(id) };
      });
    });

  common(campaign.command('edit').description('change a campaign: its cost, currency, dates, source or name (its leads follow a new name)').argument('<name>', 'the campaign'))
    .option('--name <new>', 'rename the campaign (its leads and import batches follow)')
    .addHelpText('before', examples(['crm campaign edit "Canton Fair 2026 spring" --cost 58500', 'crm campaign edit "Fair" --name "Canton Fair 2026 spring"']) + '\n')
    .action(async (name: string, o: Flags, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const r = await editCampaign(s, name, input(o));
        return {
          kind: 'message',
          text: `updated campaign ${r.id}${r.renamedLeads ? ` (${r.renamedLeads} lead${r.renamedLeads === 1 ? '' : 's'} renamed with it)` : ''}`,
          json: r,
          data: String(r.id),
        };
      });
    });

  campaign
    .command('list')
    .description('every campaign with its cost (also in the base currency) and how many leads it brought')
    .addHelpText('before', examples(['crm campaign list', 'crm campaign list --json']) + '\n')
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listCampaigns(s);
        const base = rows[0]?.baseCurrency ?? '';
        const noRecord = rows.filter((r) => r.id === null).length;
        return {
          kind: 'list',
          columns: campaignColumns(base),
          rows,
          notes: [
            `${rows.length} campaign${rows.length === 1 ? '' : 's'}`,
            ...(noRecord ? [`${noRecord} named by leads without a cost: crm campaign edit NAME --cost N`] : []),
          ],
        };
      });
    });

  campaign
    .command('show')
    .description('one campaign: its cost, and its leads, contacted, qualified, won, revenue, cost per lead / qualified / won and ROI')
    .argument('<name>', 'the campaign')
    .addHelpText('before', examples(['crm campaign show "Canton Fair 2026 spring"', 'crm campaign show "Canton Fair 2026 spring" --json']) + '\n')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const c = await showCampaign(s, name);
        const f = c.figures;
        const money = (v: number | null) => (v === null ? null : `${Math.round(v).toLocaleString('en-US')} ${c.baseCurrency}`);
        const pct = (v: number | null) => (v === null ? null : `${Math.round(v * 1000) / 10}%`);
        return {
          kind: 'doc',
          json: c,
          sections: [
            {
              title: `Campaign: ${c.name}`,
              fields: [
                ['source', c.source],
                ['dates', [c.from, c.to].filter(Boolean).join(' – ') || null],
                ['cost', c.cost === null ? null : `${c.cost.toLocaleString('en-US')} ${c.currency}${c.currency !== c.baseCurrency ? ` (${money(c.costInBase)})` : ''}`],
                ['leads', f.leads],
                ['contacted', `${f.contacted} (${pct(f.contactedRate) ?? '-'})`],
                ['qualified', `${f.qualified} (${pct(f.qualifiedRate) ?? '-'})`],
                ['won', `${f.won} (${pct(f.wonRate) ?? '-'})`],
                ['revenue from its customers', money(f.revenue)],
                ['cost per lead', money(f.costPerLead)],
                ['cost per qualified lead', money(f.costPerQualified)],
                ['cost per won customer', money(f.costPerWon)],
                ['ROI', pct(f.roi)],
              ],
            },
            { lines: ['Revenue: the orders of its leads to date, from the campaign\'s start on. ROI = (revenue − cost) / cost, both in the base currency (the cost at the rate of its start date).'] },
          ],
        };
      });
    });
}
