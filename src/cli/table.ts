// Tables that fit the terminal. Widths are display columns: a CJK character takes two, a
// combining mark none. When the columns do not fit, long text columns are cut (with …) down to a
// floor, then the least important columns are left out (named on stderr), never wrapped: one
// row, one line, so `grep` and `less -S` still work. No row separators; a rule under the header.
// Written by hand instead of through cli-table3: 60,000 rows took minutes there, here well
// under a second (an ASCII cell's width is its length, no per-character lookup).

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** longest cell width; longer text is cut with … */
  max?: number;
  /** higher stays longer when the table must lose columns; default: the column order (leftmost highest) */
  priority?: number;
}

export interface TableResult {
  text: string;
  /** headers of the columns left out to fit the width */
  hidden: string[];
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns one character takes: East Asian wide and fullwidth (EastAsianWidth.txt W/F) and emoji 2, marks 0. */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef))
    return 0;
  if (cp < 0x1100) return 1;
  return cp <= 0x115f ||
    cp === 0x2329 ||
    cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0x3247 && cp !== 0x303f) ||
    (cp >= 0x3250 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0xa4c6) ||
    (cp >= 0xa960 && cp <= 0xa97c) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6b) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1b000 && cp <= 0x1b001) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
    ? 2
    : 1;
}

/** Display width of one line of plain text (no escape sequences). */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** The longest start of s that fits in `width` columns, with … when cut. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  if (PRINTABLE_ASCII.test(s)) return s.slice(0, width - 1) + '…';
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

function pad(s: string, width: number, align: 'left' | 'right' | undefined, last: boolean): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  if (align === 'right') return ' '.repeat(gap) + s;
  return last ? s : s + ' '.repeat(gap);
}

const GAP = 2;
/** text columns are not cut below this (or their header, if shorter) */
const FLOOR = 8;
const MAIN_FLOOR = 20;
/** values this short (ids, dates, amounts) are never cut */
const SHORT = 10;

/**
 * Lays out cells (already plain one-line text) under headers. `width` is the terminal width;
 * undefined: no limit (output to a file or pipe keeps every column whole).
 */
export function layoutTable(columns: readonly TableColumn[], cells: readonly (readonly string[])[], opts: { width?: number; bold?: (s: string) => string }): TableResult {
  const n = columns.length;
  const natural = columns.map((c, i) => {
    let w = displayWidth(c.header);
    for (const row of cells) {
      const cw = displayWidth(row[i]!);
      if (cw > w) w = cw;
    }
    // `max` caps a column in a terminal; into a pipe or file (no width) nothing is cut
    return c.max && opts.width ? Math.min(w, Math.max(c.max, displayWidth(c.header))) : w;
  });
  let shown = columns.map((_, i) => i);
  let widths = natural.slice();
  const limit = opts.width && opts.width > 0 ? opts.width : undefined;
  if (limit) {
    // Numbers and short values (dates, codes) are never cut; the two leading text columns (the
    // name a row is known by) keep a wider floor than the rest.
    const text = columns.map((c, i) => i).filter((i) => columns[i]!.align !== 'right' && natural[i]! > SHORT);
    const floor = (i: number) =>
      columns[i]!.align === 'right' || natural[i]! <= SHORT
        ? natural[i]!
        : Math.min(natural[i]!, Math.max(text.indexOf(i) >= 0 && text.indexOf(i) < 2 ? MAIN_FLOOR : FLOOR, displayWidth(columns[i]!.header)));
    const empty = columns.map((_, i) => cells.every((row) => row[i] === ''));
    const total = (idx: number[], w: (i: number) => number) => idx.reduce((sum, i) => sum + w(i), 0) + GAP * Math.max(0, idx.length - 1);
    const priority = (i: number) => columns[i]!.priority ?? n - i;
    // Too wide as it is: columns with nothing in them go first, then the least important ones,
    // until the rest fit at their floors.
    if (total(shown, (i) => natural[i]!) > limit) shown = shown.filter((i, k) => k === 0 || !empty[i]);
    while (shown.length > 1 && total(shown, floor) > limit) {
      const drop = shown.slice(1).reduce((a, b) => (priority(b) < priority(a) ? b : a));
      shown = shown.filter((i) => i !== drop);
    }
    widths = natural.map((w, i) => (shown.includes(i) ? floor(i) : w));
    // Give the room left back, the most important columns first, up to their natural width.
    let room = limit - total(shown, (i) => widths[i]!);
    for (const i of shown.slice().sort((a, b) => priority(b) - priority(a))) {
      if (room <= 0) break;
      const add = Math.min(room, natural[i]! - widths[i]!);
      widths[i]! += add;
      room -= add;
    }
    // One column still wider than the terminal: cut it too.
    if (shown.length === 1) widths[shown[0]!] = Math.min(widths[shown[0]!]!, limit);
  }
  const bold = opts.bold ?? ((s: string) => s);
  const lastShown = shown[shown.length - 1];
  const line = (texts: (i: number) => string, style?: (s: string) => string) =>
    shown
      .map((i) => {
        const t = pad(truncate(texts(i), widths[i]!), widths[i]!, columns[i]!.align, i === lastShown);
        return style ? style(t) : t;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const out: string[] = [line((i) => columns[i]!.header, bold), shown.map((i) => '─'.repeat(widths[i]!)).join(' '.repeat(GAP))];
  for (const row of cells) out.push(line((i) => row[i]!));
  return { text: out.join('\n') + '\n', hidden: columns.filter((_, i) => !shown.includes(i)).map((c) => c.header) };
}

/**
 * Breaks one line of text into lines of at most `width` columns, at spaces where it can (CJK text
 * breaks anywhere). Continuation lines start with `indent` spaces, which count toward the width.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  if (displayWidth(text) <= width || width - indent < 10) return [text];
  const out: string[] = [];
  let line = '';
  let w = 0;
  let room = width;
  const flush = () => {
    out.push(line.trimEnd());
    line = ' '.repeat(indent);
    w = indent;
    room = width;
  };
  for (const word of text.split(/(?<= )/)) {
    const ww = displayWidth(word);
    if (w + ww <= room || !line.trim()) {
      if (ww <= room - w) {
        line += word;
        w += ww;
        continue;
      }
    } else {
      flush();
      if (ww <= room - w) {
        line += word;
        w += ww;
        continue;
      }
    }
    // a word longer than the line: split it by characters
    for (const ch of word) {
      const cw = charWidth(ch.codePointAt(0)!);
      if (w + cw > room) flush();
      line += ch;
      w += cw;
    }
  }
  if (line.trim()) out.push(line.trimEnd());
  return out;
}
