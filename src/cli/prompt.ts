// Interactive prompts, loaded only when a person is there to answer them. Off a TTY a missing
// required field is a usage error instead: cron and scripts must never hang on a prompt.
//
// The questions go through a Prompter: @inquirer/prompts on a terminal, or whatever a program
// embedding the CLI passes to main() (tests answer from a list that way). Every answer is checked
// here, whoever gave it.
import { UsageError } from '../domain/errors.js';
import { mainOptions } from './overrides.js';
import { sanitize } from './render.js';
import { canPrompt } from './runtime.js';

/** The questions crm asks; shaped like @inquirer/prompts, which is the default answerer. */
export interface Prompter {
  input(q: { message: string; default?: string; required?: boolean; validate?: (raw: string) => string | true }): Promise<string>;
  select(q: { message: string; choices: { value: string; name?: string; description?: string }[]; default?: string }): Promise<string>;
  checkbox(q: { message: string; choices: { value: string }[] }): Promise<string[]>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
}

const inquirer: Prompter = {
  input: async (q) => (await import('@inquirer/prompts')).input(q),
  select: async (q) => (await import('@inquirer/prompts')).select(q),
  checkbox: async (q) => (await import('@inquirer/prompts')).checkbox(q),
  confirm: async (q) => (await import('@inquirer/prompts')).confirm(q),
};

/** True when missing details can be asked: a person on a terminal, or an injected prompter. */
export function interactive(): boolean {
  return mainOptions().prompter !== undefined || canPrompt();
}

function refuse(flag: string): never {
  throw new UsageError(`missing ${flag}`, 'give it as a flag (no prompts when not on a terminal)');
}

/** The prompter to ask, or a usage error naming the flag when nobody can answer. */
function prompter(flag: string): Prompter {
  const injected = mainOptions().prompter;
  if (injected) return injected;
  if (!canPrompt()) refuse(flag);
  return inquirer;
}

export async function askText(message: string, opts: { required?: boolean; default?: string; flag: string }): Promise<string> {
  const a = await prompter(opts.flag).input({
    message: sanitize(message),
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    required: opts.required ?? false,
  });
  if (!a && opts.required && !opts.default) throw new UsageError(`${opts.flag} is required`);
  return a || opts.default || '';
}

/** Free text that may be left empty: undefined when nothing is typed. */
export async function askOptional(message: string, flag: string): Promise<string | undefined> {
  const a = (await askText(`${message} (optional)`, { flag })).trim();
  return a || undefined;
}

export async function askChoice<T extends string>(
  message: string,
  choices: readonly { value: T; name?: string; description?: string }[],
  opts: { flag: string; default?: T },
): Promise<T> {
  // Choices show stored data (account names): no escape sequence may reach the terminal.
  const safe = choices.map((c) => ({
    value: c.value,
    ...(c.name !== undefined ? { name: sanitize(c.name) } : {}),
    ...(c.description !== undefined ? { description: sanitize(c.description) } : {}),
  }));
  const a = (await prompter(opts.flag).select({ message: sanitize(message), choices: safe, ...(opts.default ? { default: opts.default } : {}) })) || opts.default || '';
  const hit = choices.find((c) => c.value === a) ?? safe.find((c) => c.name === a);
  if (!hit) throw new UsageError(`${opts.flag}: "${a}" is not one of ${choices.map((c) => c.value).join(', ')}`);
  return hit.value;
}

/** Several of a list (space to tick); none is a valid answer. */
export async function askMany<T extends string>(message: string, values: readonly T[], opts: { flag: string }): Promise<T[]> {
  const picked = await prompter(opts.flag).checkbox({ message: sanitize(message), choices: values.map((value) => ({ value })) });
  for (const p of picked) if (!values.includes(p as T)) throw new UsageError(`${opts.flag}: "${p}" is not one of ${values.join(', ')}`);
  return picked as T[];
}

export async function askConfirm(message: string, def = false): Promise<boolean> {
  const injected = mainOptions().prompter;
  if (!injected && !canPrompt()) return def;
  return (injected ?? inquirer).confirm({ message: sanitize(message), default: def });
}

/**
 * A date: YYYY-MM-DD, today, tomorrow, +N days or Nw weeks, turned into a date by `parse` (which
 * knows what today is). Empty is allowed unless required.
 */
export async function askDate(
  message: string,
  opts: { flag: string; parse: (s: string) => string | undefined; default?: string; required?: boolean },
): Promise<string | undefined> {
  const hint = `${message} (YYYY-MM-DD, tomorrow, friday, +3d, 2w, 明天${opts.required ? '' : '; empty for none'})`;
  const check = (raw: string): string | true => {
    const t = raw.trim();
    if (!t) return opts.required && !opts.default ? 'a date is needed' : true;
    return opts.parse(t) ? true : 'not a date: try 2026-12-01, tomorrow, friday, +3d, 2w or 明天';
  };
  const raw = await prompter(opts.flag).input({ message: hint, ...(opts.default ? { default: opts.default } : {}), validate: check });
  const ok = check(raw);
  if (ok !== true) throw new UsageError(`${opts.flag}: ${ok} (got "${raw}")`);
  const t = raw.trim() || opts.default || '';
  return t ? opts.parse(t) : undefined;
}

/** A whole number in a range (survey scores). */
export async function askNumber(message: string, opts: { flag: string; min: number; max: number }): Promise<number> {
  const check = (raw: string): string | true => {
    const n = Number(raw.trim());
    return raw.trim() && Number.isInteger(n) && n >= opts.min && n <= opts.max ? true : `a whole number from ${opts.min} to ${opts.max}`;
  };
  const raw = await prompter(opts.flag).input({ message: `${message} (${opts.min}-${opts.max})`, validate: check });
  const ok = check(raw);
  if (ok !== true) throw new UsageError(`${opts.flag}: ${ok} (got "${raw}")`);
  return Number(raw.trim());
}
