// Interactive prompts, loaded only when a person is there to answer them. Off a TTY a missing
// required field is a usage error instead: cron and scripts must never hang on a prompt.
import { UsageError } from '../domain/errors.js';
import { sanitize } from './render.js';
import { canPrompt } from './runtime.js';

export async function askText(message: string, opts: { required?: boolean; default?: string; flag: string }): Promise<string> {
  if (!canPrompt()) throw new UsageError(`missing ${opts.flag}`, 'give it as a flag (no prompts when not on a terminal)');
  const { input } = await import('@inquirer/prompts');
  return input({
    message: sanitize(message),
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    required: opts.required ?? false,
  });
}

export async function askChoice<T extends string>(
  message: string,
  choices: readonly { value: T; name?: string; description?: string }[],
  opts: { flag: string; default?: T },
): Promise<T> {
  if (!canPrompt()) throw new UsageError(`missing ${opts.flag}`, 'give it as a flag (no prompts when not on a terminal)');
  const { select } = await import('@inquirer/prompts');
  // Choices show stored data (account names): no escape sequence may reach the terminal.
  const safe = choices.map((c) => ({
    value: c.value,
    ...(c.name !== undefined ? { name: sanitize(c.name) } : {}),
    ...(c.description !== undefined ? { description: sanitize(c.description) } : {}),
  }));
  return select<T>({ message: sanitize(message), choices: safe, ...(opts.default ? { default: opts.default } : {}) });
}

export async function askConfirm(message: string, def = false): Promise<boolean> {
  if (!canPrompt()) return def;
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: sanitize(message), default: def });
}
