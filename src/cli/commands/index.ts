import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

/** The headings of `crm --help`, in order. */
export const HELP_GROUPS = {
  setup: 'Setting up and keeping data:',
  file: 'Leads and the customer file:',
  stages: 'Sales stages (each logs an interaction and moves the deal):',
  deciding: 'Deciding what to do:',
  reports: 'Reports and exports:',
} as const;

/**
 * Every top-level command and the module that defines it. Modules load only when their command
 * runs (or for `crm --help` and completion), which keeps start-up fast. Add a line here for a new
 * command file; `group` is its heading in `crm --help`.
 */
export const commandIndex: { names: string[]; group: keyof typeof HELP_GROUPS; load: () => Promise<CommandModule> }[] = [
  { names: ['init'], group: 'setup', load: () => import('./init.js') },
  { names: ['db'], group: 'setup', load: () => import('./db.js') },
  { names: ['config'], group: 'setup', load: () => import('./config.js') },
  { names: ['backup', 'restore'], group: 'setup', load: () => import('./backup.js') },
  { names: ['doctor'], group: 'setup', load: () => import('./doctor.js') },
  { names: ['history', 'undo', 'redo'], group: 'setup', load: () => import('./history.js') },
  { names: ['completion', 'man'], group: 'setup', load: () => import('./completion.js') },
  { names: ['import'], group: 'file', load: () => import('./import.js') },
  { names: ['account'], group: 'file', load: () => import('./account.js') },
  { names: ['contact'], group: 'file', load: () => import('./contact.js') },
  { names: ['order'], group: 'file', load: () => import('./order.js') },
  { names: ['find'], group: 'file', load: () => import('./find.js') },
  { names: ['show'], group: 'file', load: () => import('./show.js') },
  { names: ['signal'], group: 'file', load: () => import('./signal.js') },
  { names: ['campaign'], group: 'file', load: () => import('./campaign.js') },
  { names: ['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close', 'onboard', 'care'], group: 'stages', load: () => import('./stages.js') },
  { names: ['log'], group: 'stages', load: () => import('./log.js') },
  { names: ['deals'], group: 'stages', load: () => import('./deals.js') },
  { names: ['promise'], group: 'stages', load: () => import('./promise.js') },
  { names: ['next'], group: 'stages', load: () => import('./next.js') },
  { names: ['complaint'], group: 'stages', load: () => import('./complaint.js') },
  { names: ['survey'], group: 'stages', load: () => import('./survey.js') },
  { names: ['handoff'], group: 'stages', load: () => import('./handoff.js') },
  { names: ['due', 'done', 'snooze', 'greetings'], group: 'deciding', load: () => import('./due.js') },
  { names: ['score'], group: 'deciding', load: () => import('./score.js') },
  { names: ['tiers'], group: 'deciding', load: () => import('./tiers.js') },
  { names: ['risk'], group: 'deciding', load: () => import('./risk.js') },
  { names: ['plan'], group: 'deciding', load: () => import('./plan.js') },
  { names: ['report'], group: 'reports', load: () => import('./report.js') },
  { names: ['export'], group: 'reports', load: () => import('./export.js') },
  { names: ['activity'], group: 'reports', load: () => import('./activity.js') },
];

/** Puts every registered top-level command under its heading in `crm --help`. */
export function groupCommands(program: Command): void {
  const groupOf = new Map(commandIndex.flatMap((c) => c.names.map((n) => [n, HELP_GROUPS[c.group]] as const)));
  for (const c of program.commands) {
    const g = groupOf.get(c.name());
    if (g) c.helpGroup(g);
  }
}
