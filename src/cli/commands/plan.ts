// Visit plans: crm plan visits | report | done | list | show.
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { hasReport } from '../../services/visit-reports.js';
import { deletePlan, getPlan, planList, planReport, planVisits, visitDone, visitInfo, type PlanReportRow, type VisitPlan } from '../../services/visits.js';
import { dateArg, examples, idArg, intIn, limitOrAllArg, minutesArg } from '../options.js';
import { askConfirm, interactive } from '../prompt.js';
import type { DocOutput, Section } from '../render.js';
import { withSession } from '../runtime.js';
import { bookOwner } from '../../services/reps.js';
import { saySteps } from '../steps.js';
import { askReport, reportInput, reportLines, reportOptions } from '../visit-report.js';
import { whenArg } from '../when.js';

function planDoc(p: VisitPlan): DocOutput {
  const sections: Section[] = [
    {
      title: `${p.planId === null ? 'Visit plan (preview, not saved)' : `Visit plan ${p.planId}`}: ${p.from} to ${p.to}${p.region ? `, ${p.region}` : ''}${p.city ? `, ${p.city}` : ''}`,
      fields: [
        ['plan', p.planId ?? 'preview: nothing saved (crm plan visits ... --save keeps it)'],
        ['days', p.days.join(', ')],
        ['visits', `${p.visits.length} (at most ${p.perDay} a day)`],
        ['mix', `VIP ${p.mix.planned.vip}, ordinary ${p.mix.planned.ordinary}, prospects ${p.mix.planned.prospect} (target ${Math.round(p.mix.target.vip * 100)}/${Math.round(p.mix.target.ordinary * 100)}/${Math.round(p.mix.target.prospect * 100)}%)`],
        ['candidates', p.candidates],
      ],
      lines: p.visits.length ? [] : ['nothing to plan: no account in the area scores for a visit'],
    },
    {
      title: 'Schedule',
      table: {
        columns: [
          { header: 'day', key: 'day' },
          { header: '#', key: 'seq', align: 'right' },
          { header: 'visit', key: 'visitId', align: 'right' },
          { header: 'account', key: 'account', max: 30 },
          { header: 'city', key: 'city' },
          { header: 'tier', key: 'tier' },
          { header: 'class', key: 'class' },
          { header: 'purpose', key: 'purpose', max: 60 },
        ],
        rows: p.visits,
      },
    },
  ];
  for (const v of p.visits) {
    const lines: string[] = [];
    const list = (head: string, items: string[]) => {
      lines.push(head);
      items.forEach((x, i) => lines.push(`  ${i + 1}. ${x}`));
    };
    list('Three preparations:', v.preparations);
    list('Three must-discusses:', v.mustDiscuss);
    list('Three must-gos:', v.mustGo);
    if (v.people.length)
      list(
        'People to meet:',
        v.people.map((x) => [x.name, x.title, x.roles && `role: ${x.roles}`, x.personality && `personality: ${x.personality}`, x.hobbies && `hobbies: ${x.hobbies}`, x.phone].filter(Boolean).join(' · ')),
      );
    if (v.lastInteractions.length) list('Last interactions:', v.lastInteractions.map((i) => `${i.on} ${i.kind}${i.stage ? ` (${i.stage})` : ''}: ${[i.summary, i.outcome].filter(Boolean).join(' → ') || '-'}`));
    if (v.deals.length) list('Deals:', v.deals.map((d) => `${d.title}: ${d.stage}${d.amount !== null ? `, ${d.amount} ${d.currency}` : ''}${d.probability !== null ? `, ${Math.round(d.probability * (d.probability <= 1 ? 100 : 1))}%` : ''}${d.expectedClose ? `, close ${d.expectedClose}` : ''}`));
    if (v.dueItems.length) list('Due items:', v.dueItems);
    lines.push(`After the visit: a short report — assessment, goals, problems, solutions (${v.visitId === null ? 'save the plan with --save to log it with crm plan done' : `crm plan done ${v.visitId}`}). Never promise anything outside policy.`);
    sections.push({
      title: `${v.day} #${v.seq} · ${v.account}${v.city ? ` (${v.city})` : ''}${v.visitId === null ? '' : ` · visit ${v.visitId}`}`,
      fields: [
        ['purpose', v.purpose],
        ['chosen for', v.why.join(', ')],
        ['address', v.address],
      ],
      lines,
    });
  }
  sections.push({
    title: 'Notify of the trip (book appointments by phone)',
    table: {
      columns: [
        { header: 'account', key: 'account', max: 30 },
        { header: 'city', key: 'city' },
        { header: 'contact', key: 'contact' },
        { header: 'phone', key: 'phone' },
        { header: 'visiting', get: (r: { visiting: boolean }) => (r.visiting ? 'yes' : '') },
      ],
      rows: p.notify,
    },
    lines: p.notify.length ? (p.notifyMore ? [`and ${p.notifyMore} more customers in the area (--notify 0 lists all)`] : []) : ['no customers in the area to notify'],
  });
  return { kind: 'doc', json: p, sections };
}

export function register(program: Command): void {
  const plan = program
    .command('plan')
    .description('visit plans: whom to visit on a trip, with a brief per visit; log visits against the plan')
    .addHelpText(
      'before',
      examples([
        'crm plan visits --region 广东 --from 2026-11-24 --days 3 --per-day 4   # a preview: nothing saved',
        'crm plan visits --city Shenzhen --days 2 --save --format markdown > trip.md',
        'crm plan done 17                          # visit 17 happened (logs a visit interaction)',
        'crm plan report                           # the latest plan: done against planned',
        'crm plan delete 3                         # a saved plan and its visits (logged visits stay)',
      ]) + '\n',
    );

  plan
    .command('visits')
    .description('plan a trip: high tier, due or overdue, likely to order soon, at risk; grouped by city and day')
    .addHelpText('before', examples(['crm plan visits --region 广东 --days 3            # a preview: writes nothing', 'crm plan visits --city 深圳 --from 2026-11-24 --days 5 --per-day 3 --save --format markdown']) + '\n')
    .option('--region <region>', 'only accounts in this region')
    .option('--city <city>', 'only accounts in this city')
    .option('--from <date>', 'first day of the trip (default today)', dateArg)
    .option('--days <n>', 'working days of the trip (default 3)', intIn(1, 60))
    .option('--per-day <k>', 'visits a day (default 4)', intIn(1, 20))
    .option('--owner <rep>', 'only accounts owned by this rep; all: every rep (default on a team server: your own)')
    .option('--notify <n>', 'customers of the area to list for notice of the trip, best first (default 100; 0 = all)', limitOrAllArg)
    .option('--save', 'save the plan, to log its visits (crm plan done) and report on it; without it the plan is a preview')
    .action(async (o: { region?: string; city?: string; from?: string; days?: number; perDay?: number; owner?: string; notify?: number; save?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const p = await planVisits(s, { ...o, owner: await bookOwner(s, o.owner) });
        const n = `${p.visits.length} visit${p.visits.length === 1 ? '' : 's'}`;
        if (p.planId === null) s.say(`preview: ${n}, nothing saved; add --save to keep the plan and log its visits`);
        else s.say(`saved as visit plan ${p.planId}: ${n}; log them with crm plan done VISIT, see progress with crm plan report ${p.planId}`);
        return planDoc(p);
      });
    });

  plan
    .command('delete')
    .description('delete a saved plan and its visits (interactions logged for them stay in the timeline)')
    .addHelpText('before', examples(['crm plan delete 3', 'crm plan delete 3 --yes   # off a terminal']) + '\n')
    .argument('<plan>', 'plan id (crm plan list)', idArg)
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .action(async (id: number, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (!o.yes) {
          if (!interactive()) throw new UsageError(`deleting visit plan ${id} needs --yes off a terminal`);
          if (!(await askConfirm(`Delete visit plan ${id} and its visits?`, false))) return { kind: 'message', text: 'nothing deleted' };
        }
        const r = await deletePlan(s, id);
        const kept = r.logged ? `; ${r.logged} logged visit${r.logged === 1 ? '' : 's'} kept in the timeline` : '';
        return { kind: 'message', text: `deleted visit plan ${r.planId} (${r.visits} visit${r.visits === 1 ? '' : 's'})${kept}`, json: r, data: String(r.planId) };
      });
    });

  plan
    .command('show')
    .description('print a saved plan again (default the latest)')
    .argument('[plan]', 'plan id', idArg)
    .action(async (id: number | undefined, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => planDoc(await getPlan(s, id)));
    });

  plan
    .command('list')
    .description('saved visit plans')
    .action(async (_o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => ({
        kind: 'list',
        columns: [
          { header: 'plan', key: 'id', align: 'right' },
          { header: 'from', key: 'from' },
          { header: 'days', key: 'days', align: 'right' },
          { header: 'region', key: 'region' },
          { header: 'city', key: 'city' },
          { header: 'visits', key: 'visits', align: 'right' },
          { header: 'done', key: 'done', align: 'right' },
        ],
        rows: await planList(s),
      }));
    });

  reportOptions(
    plan
      .command('done')
      .description('a planned visit happened, with its report (goal met, learned, problems and solutions, next steps, mood, people met), or was skipped')
      .addHelpText(
        'before',
        examples([
          'crm plan done 17 --goal-met yes --met 张伟 --met 王芳 --learned "second line planned for May" --org "王芳 signs above 100k" \\',
          '    --problem "late deliveries in Q3" --solution "buffer stock in Shenzhen" --next-step "send the buffer-stock offer" --next-due +3 --mood positive',
          'crm plan done 17                          # on a terminal: asks the report, question by question',
          'crm plan done 17 --note "met 张伟, new order expected in May" --next "send the May price list" --due +5',
          'crm plan done 18 --skipped',
          'crm plan done 19 --interaction 5521 --goal-met partly   # a visit already logged with crm log',
        ]) + '\n',
      )
      .argument('<visit>', 'visit id (from the plan)', idArg)
      .option('--skipped', 'the visit did not happen')
      .option('--interaction <id>', 'link an interaction already logged for this visit', idArg)
      .option('--note <text>', 'a summary of the visit in a sentence (the assessment)')
      .option('--minutes <n>', 'time spent, in minutes', minutesArg)
      .option('--by <rep>', 'the rep (default: config defaultOwner, else the account owner)')
      .option('--next <text>', 'the next step agreed at the visit (an open commitment until done; see crm next)')
      .option('--due <date>', 'when that next step is due: YYYY-MM-DD, tomorrow, +3, 2w')
      .option('--replaces <step>', 'the open next step (next:12) the new --next replaces'),
  ).action(async (visit: number, o: Record<string, any>, cmd: Command) => {
    await withSession(cmd, async (s) => {
      const report = reportInput(s, o);
      if (!o.skipped && !hasReport(report) && interactive()) {
        const v = await visitInfo(s, visit);
        await askReport(s, report, v.purpose);
      }
      const r = await visitDone(s, visit, { skipped: o.skipped, interactionId: o.interaction, note: o.note, minutes: o.minutes, by: o.by, report, nextStep: o.next, nextDue: whenArg(s, o.due, '--due'), replaces: o.replaces });
      if (r.step) saySteps(s, { steps: [r.step], stillOpen: r.stillOpen }, r.accountId);
      const lines = [
        `visit ${visit} ${r.status}${r.interactionId ? ` (interaction ${r.interactionId})` : ''}${r.step ? `; next: ${r.step.what}${r.step.dueOn ? ` by ${r.step.dueOn}` : ''} (${r.step.id})` : ''}`,
        ...(r.report ? reportLines(r.report).map((l) => `  ${l}`) : []),
      ];
      return { kind: 'message', text: lines.join('\n'), json: r, data: r.interactionId ? String(r.interactionId) : undefined };
    });
  });

  plan
    .command('report')
    .description('what was done against what was planned (default the latest plan)')
    .argument('[plan]', 'plan id', idArg)
    .action(async (id: number | undefined, _o: unknown, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const r = await planReport(s, id);
        return {
          kind: 'doc',
          json: r,
          sections: [
            {
              title: `Visit plan ${r.planId}: ${r.from} to ${r.to}${r.region ? `, ${r.region}` : ''}${r.city ? `, ${r.city}` : ''}`,
              fields: [
                ['planned', r.planned, 'int'],
                ['done', r.done, 'int'],
                ['done share', r.planned ? r.done / r.planned : null, 'pct'],
                ['skipped', r.skipped],
                ['missed', r.missed],
                ['still open', r.open],
                ['unplanned visits in the period', r.unplannedVisits],
                ['visit reports', `${r.reports} of ${r.done} done visits`],
                ['goals', `met ${r.goals.met}, partly ${r.goals.partly}, not met ${r.goals.notMet}`],
                ['next steps agreed', r.nextSteps.agreed ? `${r.nextSteps.agreed}: open ${r.nextSteps.open}, overdue ${r.nextSteps.overdue}, done ${r.nextSteps.done}, cancelled ${r.nextSteps.cancelled}${r.nextSteps.broken ? `, broken ${r.nextSteps.broken}` : ''}` : 0],
                ['moods', Object.entries(r.moods).map(([m, n]) => `${m} ${n}`).join(', ') || null],
              ],
            },
            {
              title: 'By class (time-allocation target)',
              table: {
                columns: [
                  { header: 'class', key: 'class' },
                  { header: 'target', key: 'target', kind: 'pct' },
                  { header: 'planned', key: 'planned', kind: 'int' },
                  { header: 'done', key: 'done', kind: 'int' },
                ],
                rows: r.byClass,
              },
            },
            {
              title: 'Visits',
              table: {
                columns: [
                  { header: 'visit', key: 'visitId', align: 'right' },
                  { header: 'day', key: 'day' },
                  { header: '#', key: 'seq', align: 'right' },
                  { header: 'account', key: 'account', max: 30 },
                  { header: 'class', key: 'class' },
                  { header: 'status', key: 'status' },
                  { header: 'done on', key: 'doneOn' },
                  { header: 'purpose', key: 'purpose', max: 50 },
                ],
                rows: r.visits,
              },
            },
            {
              title: 'The briefs against what happened',
              table: {
                columns: [
                  { header: 'visit', key: 'visitId', align: 'right' },
                  { header: 'account', key: 'account', max: 24 },
                  { header: 'brief: purpose', key: 'purpose', max: 40 },
                  { header: 'goal set instead', get: (v: PlanReportRow) => (v.report?.goal && v.report.goal !== v.purpose ? v.report.goal : null), max: 30 },
                  { header: 'goal met', key: 'goalMet' },
                  { header: 'met', get: (v: PlanReportRow) => (v.report ? `${v.peopleMet.join(', ') || 'nobody named'}` : ''), max: 30 },
                  { header: 'briefed, not met', get: (v: PlanReportRow) => v.notMet, max: 30 },
                  { header: 'learned', get: (v: PlanReportRow) => [...(v.report?.needs ?? []), ...(v.report?.organisation ?? [])], max: 40 },
                  { header: 'problems → solutions', get: (v: PlanReportRow) => (v.report?.problems ?? []).map((p) => `${p.problem} → ${p.solution ?? 'no solution yet'}`), max: 40 },
                  { header: 'next steps', get: (v: PlanReportRow) => v.nextSteps.map((x) => `${x.what}${x.due ? ` by ${x.due}` : ''} (${x.status})`), max: 40 },
                  { header: 'mood', key: 'mood' },
                ],
                rows: r.visits.filter((v) => v.status === 'done'),
              },
              lines: r.visits.some((v) => v.status === 'done') ? [] : ['no visit done yet'],
            },
          ],
        };
      });
    });
}
