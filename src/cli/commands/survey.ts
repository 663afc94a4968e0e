import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { recordSurvey, SURVEY_DIMENSIONS, type SurveyDimension } from '../../services/satisfaction.js';
import { examples, intIn } from '../options.js';
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
  program
    .command('survey')
    .description('record a satisfaction survey: product, service, price, communication, overall (1-5 each)')
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--product <n>', 'product quality, 1-5', scoreArg)
    .option('--service <n>', 'service quality, 1-5', scoreArg)
    .option('--price <n>', 'price, 1-5', scoreArg)
    .option('--communication <n>', 'communication, 1-5', scoreArg)
    .option('--overall <n>', 'overall experience, 1-5', scoreArg)
    .option('--comment <text>', 'what they said')
    .option('--contact <who>', 'who answered: contact name, email or id')
    .option('--date <date>', 'when it was taken (default: today)')
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
}
