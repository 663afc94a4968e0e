import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { deleteSurvey, editSurvey, listSurveys, recordSurvey, SURVEY_DIMENSIONS, type SurveyDimension, type SurveyRow } from '../../services/satisfaction.js';
import { confirmDelete } from '../confirm.js';
import { examples, intIn, recordId } from '../options.js';

const surveyId = recordId('survey', 'crm survey list');
import type { Column } from '../render.js';
import { askNumber, askOptional, interactive } from '../prompt.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { whenArg } from '../when.js';

const scoreArg = intIn(1, 5);

const LABELS: Record<SurveyDimension, string> = {
  product: 'Product quality',
  service: 'Service quality',
  price: 'Price',
  communication: 'Communication',
  overall: 'Overall experience',
};

export function register(program: Command): void {
  const survey = program
    .command('survey')
    .description('satisfaction surveys: record one (crm survey ACCOUNT is crm survey add ACCOUNT), list, edit, delete')
    .addHelpText(
      'before',
      examples([
        'crm survey "Acme Trading" --product 4 --service 5 --price 3 --communication 4 --overall 4',
        'crm survey list "Acme Trading"',
        'crm survey edit 6 --price 2 --comment "price went up 8%"',
        'crm survey delete 6 --yes',
        'crm survey add --help                     # every option of recording one',
      ]) + '\n',
    );

  const add = survey
    .command('add', { isDefault: true })
    .description('record a satisfaction survey: product, service, price, communication, overall (1-5 each)')
    .argument('<account>', 'id, contact email or phone, or name');
  surveyFields(add, 'when it was taken (default: today)')
    .addHelpText('before', examples(['crm survey "Acme Trading" --product 4 --service 5 --price 3 --communication 4 --overall 4 --comment "delivery could be faster"', 'crm survey 12      # on a terminal: asks each score']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const scores = {} as Record<SurveyDimension, number>;
        const missing = SURVEY_DIMENSIONS.filter((d) => o[d] === undefined);
        if (missing.length && !interactive()) throw new UsageError(`missing ${missing.map((d) => `--${d}`).join(', ')}`, 'all five scores are needed, 1-5 each');
        for (const d of SURVEY_DIMENSIONS) scores[d] = o[d] ?? (await askNumber(LABELS[d], { flag: `--${d}`, min: 1, max: 5 }));
        const comment = o.comment ?? (missing.length ? await askOptional('Comment', '--comment') : undefined);
        const id = await recordSurvey(s, accountId, { scores, comment, contact: o.contact, takenOn: whenArg(s, o.date, '--date') });
        return { kind: 'message', text: `survey ${id} recorded for account ${accountId}`, json: { id, accountId, ...scores }, data: String(id) };
      });
    });

  survey
    .command('list')
    .description('surveys, newest first')
    .argument('[account]', 'only this account')
    .addHelpText('before', examples(['crm survey list', 'crm survey list 12 --json']) + '\n')
    .action(async (ref: string | undefined, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listSurveys(s, { accountId: ref !== undefined ? await accountArg(s, ref) : undefined });
        return { kind: 'list', columns: surveyColumns, rows, notes: [`${rows.length} survey${rows.length === 1 ? '' : 's'}`] };
      });
    });

  const edit = survey
    .command('edit')
    .description('correct a survey: any score, the comment, who answered, the date')
    .argument('<id>', 'survey id (crm survey list)');
  surveyFields(edit, 'when it was taken')
    .addHelpText('before', examples(['crm survey edit 6 --price 2', 'crm survey edit 6 --comment "delivery could be faster" --date 2026-11-02']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = surveyId(idText);
        const scores: Partial<Record<SurveyDimension, number>> = {};
        for (const d of SURVEY_DIMENSIONS) if (o[d] !== undefined) scores[d] = o[d];
        const r = await editSurvey(s, id, { scores, comment: o.comment, contact: o.contact, takenOn: whenArg(s, o.date, '--date') });
        return { kind: 'message', text: `updated survey ${id} (${r.changed.join(', ')})`, json: r, data: String(id) };
      });
    });

  survey
    .command('delete')
    .description('delete a survey recorded by mistake (asks first on a terminal)')
    .argument('<id>', 'survey id (crm survey list)')
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .addHelpText('before', examples(['crm survey delete 6', 'crm survey delete 6 --yes']) + '\n')
    .action(async (idText: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = surveyId(idText);
        if (!(await confirmDelete(`survey ${id}`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deleteSurvey(s, id);
        return { kind: 'message', text: `deleted survey ${id} of account ${r.accountId}`, json: r, data: String(id) };
      });
    });
}

const surveyColumns: Column<SurveyRow>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'date', key: 'takenOn' },
  { header: 'account', key: 'account', max: 28 },
  { header: 'contact', key: 'contact', max: 14 },
  { header: 'product', key: 'product', align: 'right' },
  { header: 'service', key: 'service', align: 'right' },
  { header: 'price', key: 'price', align: 'right' },
  { header: 'comm.', key: 'communication', align: 'right' },
  { header: 'overall', key: 'overall', align: 'right' },
  { header: 'comment', key: 'comment', max: 40 },
];

/** The five scores and the rest of a survey, as crm survey add and edit take them. */
function surveyFields(cmd: Command, dateHelp: string): Command {
  for (const d of SURVEY_DIMENSIONS) cmd.option(`--${d} <n>`, `${LABELS[d].toLowerCase()}, 1-5`, scoreArg);
  return cmd.option('--comment <text>', 'what they said').option('--contact <who>', 'who answered: contact name, email or id').option('--date <date>', dateHelp);
}
