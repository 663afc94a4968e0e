// Dates as people type them: 2026-12-04, tomorrow, friday, next monday, +3d, 2w, 明天, 下周五.
// One function for every option that takes a date. "Today" is passed in (the local day, or
// --as-of), so `--due friday --as-of 2026-11-23` always means 2026-11-27.
// Words go through chrono-node (English and simplified/traditional Chinese), loaded only when the
// text is neither an ISO date nor an offset like +3d: most scripts pay nothing for it.
import { createRequire } from 'node:module';
import { addDays, parseIsoDate } from './dates.js';

export const DATE_EXAMPLES = '2026-12-04, today, tomorrow, friday, next monday, +3d, 2w, 明天, 下周五';

export class DateInputError extends Error {}

const OFFSET = /^([+-]?)(\d{1,4})\s*(|d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years|天|日|周|星期|个月|月|年)$/i;

function addMonths(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  const d = Math.min(Number(iso.slice(8, 10)), last);
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function offsetDate(m: RegExpExecArray, today: string): string {
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const unit = m[3]!.toLowerCase();
  if (/^(|d|day|days|天|日)$/.test(unit)) return addDays(today, n);
  if (/^(w|wk|week|weeks|周|星期)$/.test(unit)) return addDays(today, 7 * n);
  if (/^(m|mo|month|months|个月|月)$/.test(unit)) return addMonths(today, n);
  return addMonths(today, 12 * n);
}

interface ChronoResult {
  index: number;
  text: string;
  start: { get(c: string): number | null };
}
interface ChronoParser {
  parse(text: string, ref: Date, opts: { forwardDate: boolean }): ChronoResult[];
}

let parsers: ChronoParser[] | undefined;
function chronoParsers(): ChronoParser[] {
  if (!parsers) {
    const req = createRequire(import.meta.url);
    const en = req('chrono-node') as { casual: ChronoParser };
    const zh = req('chrono-node/zh') as { hans: { casual: ChronoParser }; hant: { casual: ChronoParser } };
    parsers = [en.casual, zh.hans.casual, zh.hant.casual];
  }
  return parsers;
}

const fail = (text: string, why: string) => new DateInputError(`"${text}" ${why}: write a date as YYYY-MM-DD, or e.g. ${DATE_EXAMPLES}`);

/**
 * A typed date → 'YYYY-MM-DD'. Throws DateInputError, with examples, for text that is not a date
 * or could mean more than one (03/04: March or April?; "tomorrow or friday").
 */
export function parseDateInput(input: string, today: string): string {
  const text = input.normalize('NFKC').trim();
  if (!text) throw fail(input, 'is empty');
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (ymd) {
    const iso = parseIsoDate(`${ymd[1]}-${ymd[2]!.padStart(2, '0')}-${ymd[3]!.padStart(2, '0')}`);
    if (!iso) throw fail(input, 'is not a real date');
    return iso;
  }
  const off = OFFSET.exec(text);
  if (off) return offsetDate(off, today);
  // 03/04 or 3.4.2026 reads as March 4 in one country and 3 April in the next.
  const numeric = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?$/.exec(text);
  if (numeric && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12 && numeric[1] !== numeric[2]) throw fail(input, 'is ambiguous (day/month or month/day?)');
  const lower = text.toLowerCase();
  if (['now', 'today', '今天', '今日'].includes(lower)) return today;
  const ref = new Date(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)), 12);
  // "friday" is the coming one, unless the words look back ("last friday", "上周五", "3 days ago").
  const back = /\b(last|past|ago|previous|yesterday)\b|上|前|昨/.test(lower);
  const found: ChronoResult[] = [];
  for (const p of chronoParsers()) {
    const r = p.parse(text, ref, { forwardDate: !back });
    if (r.length) {
      found.push(...r);
      break;
    }
  }
  if (!found.length) throw fail(input, 'is not a date I can read');
  const whole = found.filter((r) => r.index === 0 && r.text.trim().length === text.length);
  if (found.length > 1 || !whole.length) throw fail(input, found.length > 1 ? 'names more than one date' : 'is only partly a date');
  const s = found[0]!.start;
  const y = s.get('year')!;
  const m = s.get('month')!;
  const d = s.get('day')!;
  const out = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!parseIsoDate(out)) throw fail(input, 'is not a real date');
  return out;
}
