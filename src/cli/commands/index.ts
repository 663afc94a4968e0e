import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

/**
 * Every top-level command and the module that defines it. Modules load only when their command
 * runs (or for `crm --help`), which keeps start-up fast. Add a line here for a new command file.
 */
export const commandIndex: { names: string[]; load: () => Promise<CommandModule> }[] = [
  { names: ['init'], load: () => import('./init.js') },
  { names: ['db'], load: () => import('./db.js') },
  { names: ['account'], load: () => import('./account.js') },
  { names: ['contact'], load: () => import('./contact.js') },
  { names: ['find'], load: () => import('./find.js') },
  { names: ['show'], load: () => import('./show.js') },
  { names: ['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close', 'onboard', 'care'], load: () => import('./stages.js') },
  { names: ['log'], load: () => import('./log.js') },
  { names: ['deals'], load: () => import('./deals.js') },
  { names: ['promise'], load: () => import('./promise.js') },
  { names: ['complaint'], load: () => import('./complaint.js') },
  { names: ['survey'], load: () => import('./survey.js') },
  { names: ['handoff'], load: () => import('./handoff.js') },
  { names: ['report'], load: () => import('./report.js') },
  { names: ['export'], load: () => import('./export.js') },
  { names: ['due', 'done', 'snooze', 'greetings'], load: () => import('./due.js') },
  { names: ['plan'], load: () => import('./plan.js') },
  { names: ['backup', 'restore'], load: () => import('./backup.js') },
  { names: ['doctor'], load: () => import('./doctor.js') },
  { names: ['import'], load: () => import('./import.js') },
  { names: ['score'], load: () => import('./score.js') },
  { names: ['tiers'], load: () => import('./tiers.js') },
  { names: ['risk'], load: () => import('./risk.js') },
  { names: ['order'], load: () => import('./order.js') },
  { names: ['signal'], load: () => import('./signal.js') },
  { names: ['history', 'undo', 'redo'], load: () => import('./history.js') },
  { names: ['activity'], load: () => import('./activity.js') },
];
