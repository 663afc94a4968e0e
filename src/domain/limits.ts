// The ranges crm accepts. A value outside them is a typing slip or a hostile script, never real
// data: it is refused with a usage error naming the range, instead of a "datatype mismatch", a
// date in the year 275817, an amount stored as 1e23 or a 100,000-character company name.
// Option values are checked by the option parsers (src/cli/options.ts); text lengths here, at
// the service boundary, so every way in (flags, prompts) is covered.
import { UsageError } from './errors.js';

/** ids: what a JavaScript number holds exactly */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
/** --limit and the like: far beyond any book, well within what SQLite and a terminal take */
export const MAX_ROWS = 10_000_000;
/** --days, --within, --for: ten years ahead */
export const MAX_DAYS = 3650;
/** amounts, profits, quantities, targets: exact to the cent as a double, and more than any order */
export const MAX_AMOUNT = 1_000_000_000_000;
/** --minutes of one interaction: a week */
export const MAX_MINUTES = 7 * 24 * 60;
/** --employees */
export const MAX_EMPLOYEES = 10_000_000;

/** names and labels: a company, a person, a city, a tag, an email */
export const MAX_NAME_CHARS = 200;
/** free text: notes, summaries, outcomes, a visit report */
export const MAX_TEXT_CHARS = 20_000;

/** Input fields that are names or labels; every other text field is free text. */
const NAME_FIELDS = new Set([
  'name',
  'company',
  'kind',
  'title',
  'department',
  'givenName',
  'familyName',
  'city',
  'region',
  'country',
  'postcode',
  'industry',
  'industryPosition',
  'buyingMode',
  'supplyChannels',
  'source',
  'campaign',
  'owner',
  'by',
  'to',
  'contact',
  'competitor',
  'product',
  'currency',
  'reference',
  'severity',
  'stage',
  'buyingRole',
  'entryRoles',
  'keyFace',
  'potential',
  'tags',
  'removeTags',
  'emails',
  'phones',
  'mobiles',
  'ims',
  'materials',
  'steps',
]);

// Not toLocaleString: its first call loads ICU's number formatting, ~35 ms at every start-up,
// since option descriptions are built when the command's module loads.
export const formatCount = (n: number) => {
  const [int, frac] = String(n).split('.');
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
};

const words = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/** What is wrong with a text longer than its field's limit (names and labels, or free text); undefined when it fits. */
export function textTooLong(field: string, s: string): string | undefined {
  const max = NAME_FIELDS.has(field) ? MAX_NAME_CHARS : MAX_TEXT_CHARS;
  // UTF-16 length is an upper bound of the character count: most values need no counting
  if (s.length <= max) return undefined;
  const n = Array.from(s).length;
  return n > max ? `the ${words(field)} is ${formatCount(n)} characters long; at most ${formatCount(max)} are allowed` : undefined;
}

function checkText(field: string, s: string): void {
  const problem = textTooLong(field, s);
  if (problem) throw new UsageError(problem);
}

/**
 * Refuses any text in a service's input (strings, lists of strings, and the nested details of a
 * stage) longer than its limit: names and labels MAX_NAME_CHARS, free text MAX_TEXT_CHARS.
 */
export function checkTextLengths(input: object, depth = 0): void {
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string') checkText(k, v);
    else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'string') checkText(k, x);
    } else if (v !== null && typeof v === 'object' && depth < 3) checkTextLengths(v as object, depth + 1);
  }
}
