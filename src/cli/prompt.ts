// Interactive prompts, loaded only when a person is there to answer them. Off a TTY a missing
// required field is a usage error instead: cron and scripts must never hang on a prompt.
//
// CRM_PROMPT_ANSWERS (a JSON list of strings) answers the prompts in order instead of the
// keyboard, on or off a terminal: for demos and for tests of the interactive paths. Each question
// and its scripted answer is echoed to stderr. An empty string takes the default / skips.
import { UsageError } from '../domain/errors.js';
import { sanitize } from './render.js';
import { canPrompt } from './runtime.js';

let scripted: string[] | undefined;
function script(): string[] | undefined {
  if (scripted === undefined && process.env.CRM_PROMPT_ANSWERS !== undefined) {
    let v: unknown;
    try {
      v = JSON.parse(process.env.CRM_PROMPT_ANSWERS);
    } catch {
      throw new UsageError('CRM_PROMPT_ANSWERS must be a JSON list of strings');
    }
    if (!Array.isArray(v)) throw new UsageError('CRM_PROMPT_ANSWERS must be a JSON list of strings');
    scripted = v.map(String);
  }
  return scripted;
}

/** True when missing details can be asked: a person on a terminal, or scripted answers. */
export function interactive(): boolean {
  return script() !== undefined || canPrompt();
}

function refuse(flag: string): never {
  throw new UsageError(`missing ${flag}`, 'give it as a flag (no prompts when not on a terminal)');
}

function nextScripted(message: string): string {
  const s = script()!;
  if (!s.length) throw new UsageError(`no scripted answer left for "${message}" (CRM_PROMPT_ANSWERS)`);
  const a = s.shift()!;
  process.stderr.write(`? ${message} ${a}\n`);
  return a;
}

export async function askText(message: string, opts: { required?: boolean; default?: string; flag: string }): Promise<string> {
  if (script()) {
    const a = nextScripted(message);
    if (!a && opts.required && !opts.default) throw new UsageError(`${opts.flag} is required`);
    return a || opts.default || '';
  }
  if (!canPrompt()) refuse(opts.flag);
  const { input } = await import('@inquirer/prompts');
  return input({
    message: sanitize(message),
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    required: opts.required ?? false,
  });
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
  if (script()) {
    const a = nextScripted(message) || opts.default || '';
    const hit = choices.find((c) => c.value === a || c.name === a);
    if (!hit) throw new UsageError(`${opts.flag}: "${a}" is not one of ${choices.map((c) => c.value).join(', ')}`);
    return hit.value;
  }
  if (!canPrompt()) refuse(opts.flag);
  const { select } = await import('@inquirer/prompts');
  // Choices show stored data (account names): no escape sequence may reach the terminal.
  const safe = choices.map((c) => ({
    value: c.value,
    ...(c.name !== undefined ? { name: sanitize(c.name) } : {}),
    ...(c.description !== undefined ? { description: sanitize(c.description) } : {}),
  }));
  return select<T>({ message: sanitize(message), choices: safe, ...(opts.default ? { default: opts.default } : {}) });
}

/** Several of a list (space to tick); none is a valid answer. */
export async function askMany<T extends string>(message: string, values: readonly T[], opts: { flag: string }): Promise<T[]> {
  if (script()) {
    const a = nextScripted(message);
    const picked = a.split(',').map((x) => x.trim()).filter(Boolean);
    for (const p of picked) if (!values.includes(p as T)) throw new UsageError(`${opts.flag}: "${p}" is not one of ${values.join(', ')}`);
    return picked as T[];
  }
  if (!canPrompt()) refuse(opts.flag);
  const { checkbox } = await import('@inquirer/prompts');
  return checkbox<T>({ message, choices: values.map((value) => ({ value })) });
}

export async function askConfirm(message: string, def = false): Promise<boolean> {
  if (script()) {
    const a = nextScripted(message).trim().toLowerCase();
    return a ? ['y', 'yes', 'true', '1'].includes(a) : def;
  }
  if (!canPrompt()) return def;
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: sanitize(message), default: def });
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
  let raw: string;
  if (script()) {
    raw = nextScripted(hint);
    const ok = check(raw);
    if (ok !== true) throw new UsageError(`${opts.flag}: ${ok} (got "${raw}")`);
  } else {
    if (!canPrompt()) refuse(opts.flag);
    const { input } = await import('@inquirer/prompts');
    raw = await input({ message: hint, ...(opts.default ? { default: opts.default } : {}), validate: check });
  }
  const t = raw.trim() || opts.default || '';
  return t ? opts.parse(t) : undefined;
}

/** A whole number in a range (survey scores). */
export async function askNumber(message: string, opts: { flag: string; min: number; max: number }): Promise<number> {
  const check = (raw: string): string | true => {
    const n = Number(raw.trim());
    return raw.trim() && Number.isInteger(n) && n >= opts.min && n <= opts.max ? true : `a whole number from ${opts.min} to ${opts.max}`;
  };
  let raw: string;
  if (script()) {
    raw = nextScripted(`${message} (${opts.min}-${opts.max})`);
    const ok = check(raw);
    if (ok !== true) throw new UsageError(`${opts.flag}: ${ok} (got "${raw}")`);
  } else {
    if (!canPrompt()) refuse(opts.flag);
    const { input } = await import('@inquirer/prompts');
    raw = await input({ message: `${message} (${opts.min}-${opts.max})`, validate: check });
  }
  return Number(raw.trim());
}
