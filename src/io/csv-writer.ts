// The one CSV writer: listings (--format csv), reports, exports, the import's rejects file and the
// greetings mail merge all write through here, so every CSV crm makes follows the same rules:
// - RFC 4180: CRLF line ends, a cell quoted when it holds a comma, a quote or a line break, and
//   also when it starts or ends with a space (spreadsheets trim unquoted spaces);
// - the formula guard (OWASP CSV injection): a spreadsheet runs a cell that starts with = + - @,
//   and a tab or carriage return can hide one, as can the full-width forms ＝＋－＠ some CJK
//   locales read the same. Such a *text* cell gets a leading apostrophe, so it shows as text.
//   A number is written as a plain number, negative ones included: it cannot carry a formula,
//   and a profit of -120 must still sum. Text that merely looks like a number (a phone
//   +8613812345678, a year-less birthday --05-12) is text, and guarded.
import { stringify, type Options } from 'csv-stringify/sync';

/** What a cell may hold: text, a number, yes/no, a list (joined with "; "), or nothing. */
export type CsvValue = string | number | bigint | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;

const SPACE = /\s/;

const OPTIONS: Options = {
  record_delimiter: 'windows',
  eof: true,
  escape_formulas: true,
  cast: {
    // quoted_match: /^\s|\s$/ would say the same, at a regex scan of every cell
    string: (s) => (s.length > 0 && (SPACE.test(s[0]!) || SPACE.test(s[s.length - 1]!)) ? { value: s, quoted: true } : s),
    number: (n) => (Number.isFinite(n) ? String(n) : ''),
    bigint: (n) => String(n),
    boolean: (b) => (b ? 'yes' : 'no'),
    // a list is text once joined, so the guard applies to it (csv-stringify exempts only numbers)
    object: (v) => (Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? '' : String(x))).join('; ') : JSON.stringify(v)),
  },
};

/** Rows (the header row first, when there is one) as CSV text, each line ending with CRLF. */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return rows.length === 0 ? '' : stringify(rows as CsvValue[][], OPTIONS);
}

