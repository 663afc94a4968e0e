import { Command } from 'commander';
import { parseWhen } from '../../domain/stages.js';
import { INTERACTION_KINDS, SALES_STAGES } from '../../domain/vocab.js';
import { UsageError } from '../../domain/errors.js';
import { deleteInteraction, editInteraction, listInteractions, logInteraction, type InteractionRow } from '../../services/interactions.js';
import { confirmDelete } from '../confirm.js';
import { collect, dateArg, examples, idArg, limitArg, minutesArg, recordId } from '../options.js';
import { hasReport, logVisitWithReport } from '../../services/visit-reports.js';
import { askChoice, askDate, askOptional, interactive } from '../prompt.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { saySteps, stepFlags } from '../steps.js';
import { reportInput, reportLines, reportOptions } from '../visit-report.js';
import { whenArg } from '../when.js';

const columns: Column<InteractionRow>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'date', key: 'on' },
  { header: 'account', key: 'account', max: 24 },
  { header: 'kind', key: 'kind' },
  { header: 'stage', key: 'stage' },
  { header: 'contact', key: 'contact', max: 14 },
  { header: 'summary', key: 'summary', max: 40 },
  { header: 'outcome', key: 'outcome', max: 24 },
  { header: 'deal', key: 'dealId', align: 'right' },
];

const idOf = recordId('interaction', 'crm log list ACCOUNT');

export function register(program: Command): void {
  const log = program
    .command('log')
    .description('log any interaction with an account (a visit, call, email, message, meeting, gift, event or DM); list, edit or delete one')
    .addHelpText(
      'before',
      examples([
        'crm log "Acme Trading" --kind call --contact 张伟 --summary "asked about delivery times" --next "send lead times" --due tomorrow',
        'crm log 12 --kind visit --done next:34 --next "send the quote" --due +3   # did one step, promised another',
        'crm log 12 --kind call --next "call after the fair" --due 2026-12-01 --replaces next:34',
        'crm log list "Acme Trading"             # the ids of its interactions',
        'crm log edit 881 --summary "asked about delivery times and prices"',
        'crm log delete 881 --yes',
        'crm log add --help                      # every option of logging (crm log ACCOUNT is crm log add ACCOUNT)',
      ]) + '\n',
    );

  reportOptions(stepFlags(
    log
      .command('add', { isDefault: true })
      .description('log an interaction (the default: crm log ACCOUNT ... is crm log add ACCOUNT ...)')
      .argument('<account>', 'id, contact email or phone, or name')
      .addHelpText(
        'before',
        examples([
          'crm log "Acme Trading" --kind call --contact 张伟 --summary "asked about delivery times" --next "send lead times" --due tomorrow',
          'crm log 12 --kind email --material "brochure 2026" --material "price list"',
          'crm log zhang.wei@acme.cn --kind visit --minutes 45 --outcome "agreed to a trial"',
          'crm log 12 --kind visit --done next:34     # the visit delivered next step next:34',
          'crm log 12 --kind visit --goal "present the 2027 range" --goal-met partly --met 张伟 --problem "price" --solution "volume discount" \\',
          '    --next-step "send the volume quote" --next-due +2 --mood hesitant:"waiting for the budget"   # a visit report',
          'crm log 12                # on a terminal: asks the kind, summary, outcome and next step',
        ]) + '\n',
      )
      .option('--kind <kind>', `what it was: ${INTERACTION_KINDS.join(', ')}`)
      .option('--contact <who>', 'the person: contact name, email or id')
      .option('--summary <text>', 'what happened')
      .option('--outcome <text>', 'what came of it')
      .option('--next <text>', 'the next step: an open commitment until done or cancelled (earlier ones stay open)')
      .option('--due <date>', 'when the next step is due: YYYY-MM-DD, tomorrow, +3, 2w')
      .option('--material <name>', 'material sent (repeatable; sending the same one twice warns)', collect)
      .option('--minutes <n>', 'time spent, in minutes', minutesArg)
      .option('--stage <stage>', `the sales stage it belongs to: ${SALES_STAGES.join(', ')}`)
      .option('--deal <id>', "the deal it belongs to (default: the account's only open deal)", idArg)
      .option('--by <rep>', 'the rep (default: config defaultOwner, else the account owner)'),
  )).action(async (ref: string, o: Record<string, any>, cmd: Command) => {
    await withSession(cmd, async (s) => {
      const accountId = await accountArg(s, ref);
      if (o.stage !== undefined && !(SALES_STAGES as readonly string[]).includes(o.stage)) throw new UsageError(`--stage must be one of ${SALES_STAGES.join(', ')} (got "${o.stage}")`);
      let kind: string | undefined = o.kind;
      let { summary, outcome, next, contact } = o as Record<string, string | undefined>;
      let due = whenArg(s, o.due, '--due');
      if (!kind) {
        if (!interactive()) throw new UsageError('missing --kind', `one of ${INTERACTION_KINDS.join(', ')}`);
        kind = await askChoice('Kind', INTERACTION_KINDS.map((value) => ({ value })), { flag: '--kind', default: 'call' });
        contact ??= await askOptional('Contact (name or email)', '--contact');
        summary ??= await askOptional('Summary', '--summary');
        outcome ??= await askOptional('Outcome', '--outcome');
        next ??= await askOptional('Next step', '--next');
        if (next && !due) due = await askDate('Next step due', { flag: '--due', parse: (t) => parseWhen(t, s.clock.today()) });
      }
      const input = { kind, stage: o.stage, contact, summary, outcome, nextStep: next, nextDue: due, materials: o.material, minutes: o.minutes, by: o.by, dealId: o.deal, replaces: o.replaces, done: o.done };
      const report = reportInput(s, o);
      const r = hasReport(report) ? await logVisitWithReport(s, accountId, input, report) : { ...(await logInteraction(s, accountId, input)), report: null };
      for (const w of r.warnings) s.warn(w);
      saySteps(s, r, accountId);
      const step = r.steps[0];
      const lines = [
        `logged ${kind} ${r.id} for account ${accountId}${r.dealId ? ` (deal #${r.dealId})` : ''}${step ? `; next: ${step.what}${step.dueOn ? ` by ${step.dueOn}` : ''} (${step.id})` : ''}`,
        ...(r.report ? reportLines(r.report).map((l) => `  ${l}`) : []),
      ];
      return {
        kind: 'message',
        text: lines.join('\n'),
        json: { ...r, kind, nextStep: step?.what ?? null, nextDue: step?.dueOn ?? null },
        data: String(r.id),
      };
    });
  });

  log
    .command('list')
    .description('interactions, newest first, with the ids edit and delete take')
    .argument('[account]', 'only this account')
    .option('--limit <n>', 'at most n interactions (default 50)', limitArg)
    .addHelpText('before', examples(['crm log list "Acme Trading"', 'crm log list --limit 200 --format csv']) + '\n')
    .action(async (ref: string | undefined, o: { limit?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listInteractions(s, { accountId: ref !== undefined ? await accountArg(s, ref) : undefined, limit: o.limit });
        return { kind: 'list', columns, rows, notes: [`${rows.length} interaction${rows.length === 1 ? '' : 's'}`] };
      });
    });

  log
    .command('edit')
    .description('correct a logged interaction: kind, date, contact, summary, outcome, minutes, stage, deal (its next steps change with crm next)')
    .argument('<id>', 'interaction id (crm log list, or the ref in crm show)')
    .addHelpText('before', examples(['crm log edit 881 --summary "asked about prices" --outcome "wants a quote"', 'crm log edit 881 --date 2026-11-19 --kind visit', 'crm log edit 881 --contact "Li Na"', 'crm log edit 881 --no-deal']) + '\n')
    .option('--kind <kind>', `what it was: ${INTERACTION_KINDS.join(', ')}`)
    .option('--date <date>', 'the day it happened (YYYY-MM-DD; the time of day is kept)', dateArg)
    .option('--contact <who>', 'the person: contact name, email or id')
    .option('--no-contact', 'no contact person')
    .option('--summary <text>', 'what happened')
    .option('--outcome <text>', 'what came of it')
    .option('--minutes <n>', 'time spent, in minutes', minutesArg)
    .option('--stage <stage>', `the sales stage it belongs to: ${SALES_STAGES.join(', ')}`)
    .option('--deal <id>', 'the deal it belongs to', idArg)
    .option('--no-deal', 'not about a deal')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = idOf(idText);
        const r = await editInteraction(s, id, {
          kind: o.kind,
          date: o.date,
          contact: o.contact === false ? null : o.contact,
          summary: o.summary,
          outcome: o.outcome,
          minutes: o.minutes,
          stage: o.stage,
          dealId: o.deal === false ? null : o.deal,
        });
        return { kind: 'message', text: `updated interaction ${id} (${r.changed.join(', ')})`, json: r, data: String(id) };
      });
    });

  log
    .command('delete')
    .description('delete an interaction logged by mistake, with the next steps it set (asks first on a terminal)')
    .argument('<id>', 'interaction id (crm log list, or the ref in crm show)')
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .addHelpText('before', examples(['crm log delete 881', 'crm log delete 881 --yes   # off a terminal']) + '\n')
    .action(async (idText: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = idOf(idText);
        if (!(await confirmDelete(`interaction ${id} and the next steps it set`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deleteInteraction(s, id);
        const steps = r.stepsDeleted.length ? `; its next steps deleted too: ${r.stepsDeleted.map((x) => `${x.id} "${x.what}"`).join(', ')}` : '';
        return { kind: 'message', text: `deleted interaction ${id} of account ${r.accountId}${steps}`, json: r, data: String(id) };
      });
    });
}
