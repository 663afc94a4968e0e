import { Option, type Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { formatValue } from '../../domain/reports/format.js';
import { RELATIONSHIPS } from '../../domain/tiers.js';
import { tierChanges, tiers } from '../../services/value-views.js';
import { dateArg, examples, limitArg } from '../options.js';
import type { Column } from '../render.js';
import { withSession } from '../runtime.js';

const TABLE_ROWS = 500;
const FACE_MEANING: Record<string, string> = {
  red: 'high profit per deal, irregular buying',
  white: 'huge volume at a squeezed margin',
  black: 'little or no profit, kept for brand or influence',
};

export function register(program: Command): void {
  program
    .command('tiers')
    .description('ABC tiers, profit tiers, key-account faces and the potential × relationship grid; revenue concentration; movements')
    .addOption(new Option('--by <basis>', 'rank ABC by revenue or profit contribution (default: config tiers.by, revenue)').choices(['revenue', 'profit']))
    .option('--changes', 'tier movements since --since (from the snapshots taken at each refresh)')
    .option('--since <date>', 'with --changes: compare with the state on this date', dateArg)
    .option('--tier <tier>', 'only accounts of this ABC tier')
    .option('--limit <n>', 'at most n accounts in the listing', limitArg)
    .option('--refresh', 'recompute every account first')
    .addHelpText(
      'before',
      examples([
        'crm tiers                             # distribution, concentration, every account',
        'crm tiers --by profit',
        'crm tiers --changes --since 2026-01-01',
        'crm tiers --json > tiers.json',
      ]) + '\n',
    )
    .action(async (o: { by?: 'revenue' | 'profit'; changes?: boolean; since?: string; tier?: string; limit?: number; refresh?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (o.changes) {
          if (!o.since) throw new UsageError('--changes needs --since DATE', 'e.g. crm tiers --changes --since 2026-01-01');
          const rows = await tierChanges(s, o.since, { refresh: o.refresh });
          return {
            kind: 'list',
            title: `Movements since ${o.since}`,
            columns: [
              { header: 'id', key: 'id', align: 'right' },
              { header: 'name', key: 'name', max: 40 },
              { header: 'what', key: 'what' },
              { header: 'from', get: (r: any) => r.from ?? '(none)' },
              { header: 'to', get: (r: any) => r.to ?? '(none)' },
              { header: 'as of', key: 'since' },
            ],
            rows,
            notes: [`${rows.length} movement${rows.length === 1 ? '' : 's'} since ${o.since}`],
          };
        }
        if (o.since) throw new UsageError('--since goes with --changes');
        const t = await tiers(s, { by: o.by, refresh: o.refresh });
        let accounts = t.accounts;
        if (o.tier) accounts = accounts.filter((a) => a.tier === o.tier!.toUpperCase());
        const notes: string[] = [];
        // A terminal table of 100k rows helps nobody: tables stop at TABLE_ROWS unless --limit says otherwise.
        const table = s.format === 'table' || s.format === 'markdown';
        const limit = o.limit ?? (table ? TABLE_ROWS : undefined);
        if (limit !== undefined && accounts.length > limit) {
          notes.push(`showing the first ${limit} of ${accounts.length} accounts (use --limit N, or --format csv/json for all)`);
          accounts = accounts.slice(0, limit);
        }
        const accountColumns: Column[] = [
          { header: 'id', key: 'id', align: 'right' },
          { header: 'name', key: 'name', max: 36 },
          { header: 'tier', key: 'tier' },
          { header: `${t.by} (${t.currency})`, get: (a: any) => (t.by === 'profit' ? a.profit : a.revenue), kind: 'amount' },
          { header: 'share', key: 'share', kind: 'pct' },
          { header: 'cum.', key: 'cumulativeShare', kind: 'pct' },
          { header: 'profit tier', key: 'profitTier' },
          { header: 'face', get: (a: any) => (a.face ? `${a.face}${a.faceBy === 'hand' ? ' (hand)' : ''}` : a.strategic ? 'strategic' : '') },
          { header: 'potential', key: 'potential' },
          { header: 'relationship', key: 'relationship' },
          { header: 'ladder', key: 'ladder' },
        ];
        return {
          kind: 'doc',
          json: { ...t, accounts },
          sections: [
            {
              title: `Tiers by ${t.by} in ${t.currency} as of ${t.today}`,
              fields: [
                ['concentration', t.concentration.sentence],
                [`accounts bringing ${formatValue(t.concentration.share, 'pct')} of ${t.by}`, t.concentration.accountsForShare, 'int'],
                [`share of accounts bringing ${formatValue(t.concentration.share, 'pct')}`, t.concentration.accountsShareForShare, 'pct'],
                [`${t.by} share of the top 20% of accounts`, t.concentration.top20Share, 'pct'],
                ['customers tiered', t.concentration.accounts, 'int'],
              ],
            },
            {
              title: 'ABC distribution',
              table: {
                columns: [
                  { header: 'tier', key: 'tier' },
                  { header: 'accounts', key: 'accounts', kind: 'int' },
                  { header: 'of accounts', key: 'accountShare', kind: 'pct' },
                  { header: `${t.by} (${t.currency})`, key: 'amount', kind: 'money' },
                  { header: `of ${t.by}`, key: 'amountShare', kind: 'pct' },
                ],
                rows: t.distribution.abc,
              },
            },
            {
              title: 'Profit tiers and key-account faces',
              table: {
                columns: [
                  { header: 'group', key: 'key' },
                  { header: 'accounts', key: 'accounts', align: 'right' },
                  { header: 'meaning', key: 'meaning' },
                ],
                rows: [...t.distribution.profitTiers, ...t.distribution.faces.map((f) => ({ key: `face: ${f.key}`, accounts: f.accounts, meaning: FACE_MEANING[f.key] }))],
              },
            },
            {
              title: 'Potential × relationship',
              table: {
                columns: [{ header: 'potential', key: 'potential' }, ...RELATIONSHIPS.map((r) => ({ header: r, key: r, align: 'right' as const }))],
                rows: t.grid,
              },
            },
            { title: 'Accounts', table: { columns: accountColumns, rows: accounts }, lines: notes },
          ],
        };
      });
    });
}
