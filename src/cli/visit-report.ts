// The visit report's flags and questions, shared by `crm plan done` and `crm log --kind visit`.
import { Option, type Command } from 'commander';
import { UsageError } from '../domain/errors.js';
import { parseWhen } from '../domain/stages.js';
import { GOAL_MET, MOODS } from '../domain/visits.js';
import type { VisitReport } from '../domain/stage-record.js';
import type { VisitReportInput } from '../services/visit-reports.js';
import { collect } from './options.js';
import { askChoice, askDate, askOptional } from './prompt.js';
import type { Session } from './runtime.js';
import { whenArg } from './when.js';

export function reportOptions(cmd: Command): Command {
  return cmd
    .option('--goal <text>', 'report: the goal of the visit (plan done: default the purpose in the brief)')
    .addOption(new Option('--goal-met <answer>', 'report: was the goal met').choices(GOAL_MET))
    .option('--learned <text>', 'report: what was learned about their needs (repeatable)', collect)
    .option('--org <text>', 'report: what was learned about their organisation: people, changes, who decides (repeatable)', collect)
    .option('--problem <text>', 'report: a problem they raised (repeatable)', collect)
    .option('--solution <text>', 'report: the solution agreed (repeatable, in the order of --problem)', collect)
    .option('--next-step <text>', 'report: a next step agreed; each becomes an open commitment (repeatable)', collect)
    .option('--next-due <date>', 'report: when that step is due (repeatable, in the order of --next-step)', collect)
    .option('--mood <mood>', `report: the customer's mood, ${MOODS.join(', ')}, optionally with their words ("hesitant:worried about lead times")`)
    .option('--met <who>', 'report: a person met: contact name, email or id (repeatable)', collect);
}

type Flags = Record<string, any>;

export function reportInput(s: Session, o: Flags): VisitReportInput {
  const steps = (o.nextStep as string[] | undefined) ?? [];
  const dues = ((o.nextDue as string[] | undefined) ?? []).map((d) => whenArg(s, d, '--next-due')!);
  if (dues.length > steps.length) throw new UsageError('each --next-due belongs to the --next-step in the same position: give the step first');
  return {
    goal: o.goal,
    goalMet: o.goalMet,
    needs: o.learned,
    organisation: o.org,
    problems: o.problem,
    solutions: o.solution,
    nextSteps: steps.map((what, k) => ({ what, due: dues[k] })),
    mood: o.mood,
    met: o.met,
  };
}

const many = async (message: string, flag: string): Promise<string[]> => {
  const out: string[] = [];
  for (;;) {
    const a = await askOptional(out.length ? `${message} (another)` : message, flag);
    if (!a) return out;
    out.push(a);
  }
};

/** On a terminal: the short report of domain.md, question by question (empty answers skip). */
export async function askReport(s: Session, r: VisitReportInput, goal: string | null): Promise<void> {
  if (goal) s.say(`goal of the visit: ${goal}`);
  r.goalMet ??= await askChoice('Was the goal met?', GOAL_MET.map((value) => ({ value })), { flag: '--goal-met' });
  if (!r.met?.length) r.met = (await askOptional('People met (names, separated by commas)', '--met'))?.split(/[,，、]/).map((x) => x.trim()).filter(Boolean);
  if (!r.needs?.length) r.needs = await many('Learned about their needs', '--learned');
  if (!r.organisation?.length) r.organisation = await many('Learned about their organisation', '--org');
  if (!r.problems?.length) {
    r.problems = [];
    r.solutions = [];
    for (;;) {
      const p = await askOptional('A problem they raised', '--problem');
      if (!p) break;
      r.problems.push(p);
      r.solutions.push((await askOptional('The solution agreed', '--solution')) ?? '');
    }
  }
  if (!r.nextSteps?.length) {
    r.nextSteps = [];
    for (;;) {
      const what = await askOptional('A next step agreed', '--next-step');
      if (!what) break;
      r.nextSteps.push({ what, due: await askDate('Due', { flag: '--next-due', parse: (t) => parseWhen(t, s.clock.today()) }) });
    }
  }
  r.mood ??= await askChoice("The customer's mood", MOODS.map((value) => ({ value })), { flag: '--mood', default: 'neutral' });
}

/** The report as lines for a message or a document. */
export function reportLines(r: VisitReport): string[] {
  const out: string[] = [];
  if (r.goal || r.goalMet) out.push(`goal: ${r.goal ?? '-'}${r.goalMet ? ` — met: ${r.goalMet}` : ''}`);
  if (r.met?.length) out.push(`met: ${r.met.join(', ')}`);
  for (const n of r.needs ?? []) out.push(`learned (needs): ${n}`);
  for (const n of r.organisation ?? []) out.push(`learned (organisation): ${n}`);
  for (const p of r.problems ?? []) out.push(`problem: ${p.problem}${p.solution ? ` → solution: ${p.solution}` : ' → no solution agreed yet'}`);
  for (const x of r.nextSteps ?? []) out.push(`next step: ${x.what}${x.due ? ` by ${x.due}` : ''}${x.ref ? ` (${x.ref})` : ''}`);
  if (r.mood) out.push(`mood: ${r.mood}${r.moodNote ? ` (${r.moodNote})` : ''}`);
  return out;
}
