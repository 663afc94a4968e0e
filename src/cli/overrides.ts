// What a program embedding crm's CLI may pass to main() instead of the defaults: more migrations
// with a hook before they commit (tests of upgrades and crashes), and the source of answers to
// prompts (tests of the interactive paths). Always function parameters, never the environment.
import type { MigrationOptions } from '../db/engine.js';
import type { Prompter } from './prompt.js';

export interface MainOptions {
  migrations?: MigrationOptions;
  /** answers prompts instead of the terminal; prompts are then asked even off a terminal */
  prompter?: Prompter;
}

let current: MainOptions = {};

export function setMainOptions(o: MainOptions): void {
  current = o;
}

export function mainOptions(): MainOptions {
  return current;
}
