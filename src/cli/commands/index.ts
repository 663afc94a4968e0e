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
  { names: ['score'], load: () => import('./score.js') },
  { names: ['tiers'], load: () => import('./tiers.js') },
  { names: ['risk'], load: () => import('./risk.js') },
  { names: ['order'], load: () => import('./order.js') },
  { names: ['signal'], load: () => import('./signal.js') },
];
