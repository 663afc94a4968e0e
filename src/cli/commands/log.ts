import { Command } from 'commander';
import { parseWhen } from '../../domain/stages.js';
import { INTERACTION_KINDS, SALES_STAGES } from '../../domain/vocab.js';
import { UsageError } from '../../domain/errors.js';
import { logInteraction } from '../../services/interactions.js';
import { hasReport, logVisitWithReport } from '../../services/visit-reports.js';
import { collect, examples, idArg, minutesArg } from '../options.js';
import { askChoice, askDate, askOptional, interactive } from '../prompt.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';
import { reportInput, reportLines, reportOptions } from '../visit-report.js';
import { whenArg } from '../when.js';

export function register(program: Command): void {
  const log = program
    .command('log')
    .description('log any interaction with an account: a visit, call, email, message, meeting, gift, event or DM')
    .argument('<account>', 'id, contact email or phone, or name')
    .addHelpText(
      'before',
      examples([
        'crm log "Acme Trading" --kind call --contact 张伟 --summary "asked about delivery times" --next "send lead times" --due tomorrow',
        'crm log 12 --kind email --material "brochure 2026" --material "price list"',
        'crm log zhang.wei@acme.cn --kind visit --minutes 45 --outcome "agreed to a trial"',
        'crm log 12 --kind visit --goal "present the 2027 range" --goal-met partly --met 张伟 --problem "price" --solution "volume discount" \\',
        '    --next-step "send the volume quote" --next-due +2 --mood hesitant:"waiting for the budget"   # a visit report',
        'crm log 12                # on a terminal: asks the kind, summary, outcome and next step',
      ]) + '\n',
    )
    .option('--kind <kind>', `what it was: ${INTERACTION_KINDS.join(', ')}`)
    .option('--contact <who>', 'the person: contact name, email or id')
    .option('--summary <text>', 'what happened')
    .option('--outcome <text>', 'what came of it')
    .option('--next <text>', 'the next step')
    .option('--due <date>', 'when the next step is due: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--material <name>', 'material sent (repeatable; sending the same one twice warns)', collect)
    .option('--minutes <n>', 'time spent, in minutes', minutesArg)
    .option('--stage <stage>', `the sales stage it belongs to: ${SALES_STAGES.join(', ')}`)
    .option('--deal <id>', "the deal it belongs to (default: the account's only open deal)", idArg)
    .option('--by <rep>', 'the rep (default: config defaultOwner, else the account owner)');
  reportOptions(log).action(async (ref: string, o: Record<string, any>, cmd: Command) => {
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
      const input = { kind, stage: o.stage, contact, summary, outcome, nextStep: next, nextDue: due, materials: o.material, minutes: o.minutes, by: o.by, dealId: o.deal };
      const report = reportInput(s, o);
      const r = hasReport(report) ? await logVisitWithReport(s, accountId, input, report) : { ...(await logInteraction(s, accountId, input)), report: null };
      for (const w of r.warnings) s.warn(w);
      const lines = [
        `logged ${kind} ${r.id} for account ${accountId}${r.dealId ? ` (deal #${r.dealId})` : ''}${next || due ? `; next: ${next ?? 'follow up'}${due ? ` by ${due}` : ''}` : ''}`,
        ...(r.report ? reportLines(r.report).map((l) => `  ${l}`) : []),
      ];
      return {
        kind: 'message',
        text: lines.join('\n'),
        json: { ...r, kind, nextStep: next ?? (due ? 'follow up' : null), nextDue: due ?? null },
        data: String(r.id),
      };
    });
  });
}
