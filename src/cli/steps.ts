// What the commands that set or close next steps share: the flags, and the note on stderr that
// says which steps stay open (a new step never silently drops an earlier one).
import type { Command } from 'commander';
import type { StepBrief } from '../services/next-steps.js';
import { collect } from './options.js';
import { sanitize } from './render.js';
import type { Session } from './runtime.js';

/** --replaces and --done, for the commands that take --next. */
export function stepFlags(cmd: Command): Command {
  return cmd
    .option('--replaces <step>', 'the open next step (next:12) the new --next replaces; without it earlier steps stay open')
    .option('--done <step>', 'an open next step this interaction did, e.g. next:12 (repeatable): it closes as done', collect);
}

const line = (x: StepBrief) => `${x.id} "${x.what}"${x.dueOn ? ` due ${x.dueOn}` : ' (no date)'}`;

/** Tells, on stderr, what a write did to the account's next steps and which stay open. */
export function saySteps(s: Session, r: { steps?: { id: string; replaced: string | null }[]; stillOpen: StepBrief[]; closedSteps?: StepBrief[] }, accountId: number): void {
  for (const c of r.closedSteps ?? []) s.say(`done: ${line(c)}`);
  for (const x of r.steps ?? []) if (x.replaced) s.say(`${x.replaced} replaced by ${x.id}`);
  if (!r.steps?.length || !r.stillOpen.length) return;
  s.say(sanitize(`still open at account ${accountId}: ${r.stillOpen.map(line).join('; ')}`));
  s.say(`  (they stay open: close one with crm next done ID, or replace it with --replaces ID)`);
}
