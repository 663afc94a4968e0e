import type { Command } from 'commander';
import { scores } from '../../services/value-views.js';
import { examples, limitArg } from '../options.js';
import type { Column, DocOutput, Field, Section } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

const partColumns: Column[] = [
  { header: 'input', key: 'input' },
  { header: 'value', key: 'value', max: 90 },
  { header: 'points', key: 'points', kind: 'int' },
  { header: 'of', key: 'max', kind: 'int' },
];

const TABLE_ROWS = 500;

export function register(program: Command): void {
  program
    .command('score')
    .description('customer value and lead scores (0-100, graded), with the points each input gave')
    .argument('[account]', 'one account: id, contact email or phone, or name')
    .option('--explain', 'every input, its value and the points it gave (they add up to the score)')
    .option('--refresh', 'recompute every account now (otherwise done when data changed or the day turned)')
    .option('--limit <n>', 'at most n accounts, best first', limitArg)
    .addHelpText(
      'before',
      examples([
        'crm score                         # every account, best value first',
        'crm score "Acme Trading" --explain',
        'crm score --refresh --json        # recompute all, then list',
        'crm score --limit 20 --explain --json',
      ]) + '\n',
    )
    .action(async (ref: string | undefined, o: { explain?: boolean; refresh?: boolean; limit?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = ref !== undefined ? await accountArg(s, ref) : undefined;
        // A terminal table of 100k rows helps nobody: tables stop at TABLE_ROWS unless --limit says otherwise.
        const table = s.format === 'table' || s.format === 'markdown';
        const limit = o.limit ?? (table && accountId === undefined ? TABLE_ROWS : undefined);
        const r = await scores(s, { accountId, refresh: o.refresh, explain: o.explain, limit });
        const notes = r.refreshed ? [`recomputed ${r.refreshed.accounts} accounts as of ${r.refreshed.today}`] : [];
        if (r.refreshed && s.globals.debug)
          s.say(`refresh timings (ms): ${Object.entries(r.refreshed.computed.timings).map(([k, v]) => `${k} ${v}`).join(', ')}; ${r.refreshed.updated} accounts written, ${r.refreshed.snapshots} snapshots, ${r.refreshed.ladderMoves} ladder moves`);
        if (r.explained) {
          const e = r.explained;
          const sections: Section[] = [
            {
              title: `${e.name} (#${e.id})`,
              fields: [
                ['value score', e.value.score, 'int'],
                ['value grade', e.value.grade],
                ...(e.lead
                  ? ([['lead score', e.lead.score, 'int'], ['lead grade', e.lead.grade]] as Field[])
                  : ([['lead score', 'a customer: lead score not used']] as Field[])),
                ['tier', e.tier],
                ['ladder', e.ladder],
              ],
            },
            { title: `Value score ${e.value.score}: the parts`, table: { columns: partColumns, rows: e.value.parts } },
          ];
          if (e.lead) sections.push({ title: `Lead score ${e.lead.score}: the parts`, table: { columns: partColumns, rows: e.lead.parts } });
          // What the points do not show: churn signals, a single-threaded strategic account among them.
          sections.push({
            title: 'Relationship and risk',
            fields: [['relationship', e.relationship ?? null]],
            lines: e.signals.length ? e.signals.map((x) => `${x.signal}: ${x.evidence}`) : ['no churn signal'],
          });
          for (const n of notes) s.say(n);
          return { kind: 'doc', json: e, sections } satisfies DocOutput;
        }
        if (r.explainedAll) {
          const rows = r.explainedAll.flatMap((e) => [
            ...e.value.parts.map((p) => ({ id: e.id, name: e.name, score: 'value', total: e.value.score, ...p })),
            ...(e.lead?.parts ?? []).map((p) => ({ id: e.id, name: e.name, score: 'lead', total: e.lead!.score, ...p })),
          ]);
          return {
            kind: 'list',
            columns: [
              { header: 'id', key: 'id', align: 'right' },
              { header: 'name', key: 'name', max: 30 },
              { header: 'score', key: 'score' },
              { header: 'total', key: 'total', kind: 'int' },
              ...partColumns,
            ],
            rows,
            json: r.explainedAll,
            notes,
          };
        }
        return {
          kind: 'list',
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'name', key: 'name', max: 40 },
            { header: 'value', key: 'valueScore', kind: 'int' },
            { header: 'grade', key: 'valueGrade' },
            { header: 'lead', key: 'leadScore', kind: 'int' },
            { header: 'lead grade', key: 'leadGrade' },
            { header: 'tier', key: 'tier' },
            { header: 'ladder', key: 'ladder' },
          ],
          rows: r.items,
          notes: [...notes, `${r.items.length} account${r.items.length === 1 ? '' : 's'}${o.limit === undefined && limit !== undefined && r.items.length === limit ? ` (the first ${limit}: use --limit N, or --format csv/json for all)` : ''}`],
        };
      });
    });
}
