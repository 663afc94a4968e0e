// What `crm find` matches against: the searchable text of an account, and how a query splits
// into terms. Engine-neutral: the SQLite engine indexes this text with FTS5's trigram tokenizer, a
// PostgreSQL engine with pg_trgm; both need the same CJK bigram marks.

// Chinese names are often two characters, below the trigram minimum. Every CJK bigram is
// therefore also indexed followed by this private-use marker, which makes it a trigram of its own.
export const BIGRAM_MARK = '\uE000';
export const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]{2,}/gu;

// More text indexed for every account and contact name: pinyin for Chinese names, so "zhangwei"
// and "zw" find 张伟. The transliteration is domain logic (src/domain/pinyin.ts); the CLI plugs it
// in when it opens a database (this layer imports nothing from above it).
let nameVariants: (name: string) => string = () => '';
export function setNameVariants(fn: (name: string) => string): void {
  nameVariants = fn;
}
export function nameSearchText(name: string | null | undefined): string {
  return name ? nameVariants(name) : '';
}

// Caps on what one account puts in the index: the trigram index grows about 3 rows per character,
// so an imported 50 MB "name" would otherwise add gigabytes and make every later write crawl.
const MAX_PART = 4_000;
const MAX_BODY = 64_000;

/** The searchable text of one account: what `crm find` matches against. */
export function searchBody(parts: readonly (string | null | undefined)[]): string {
  const text = parts
    .filter((p): p is string => !!p && p.length > 0)
    .map((p) => (p.length > MAX_PART ? p.slice(0, MAX_PART) : p))
    .join(' \u2502 ')
    .slice(0, MAX_BODY);
  const extra: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) extra.push(chars[i]! + chars[i + 1]! + BIGRAM_MARK);
  }
  return extra.length ? `${text} ${extra.join(' ')}` : text;
}

/**
 * The words of a query, split by how an index can find them: terms of three characters or more
 * (and two-character CJK terms, through their bigram mark) go through the index; anything
 * shorter is matched by scanning. Every term must match.
 */
export function searchTerms(text: string): { indexed: string[]; scanned: string[] } {
  const terms = text
    .normalize('NFKC')
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const indexed: string[] = [];
  const scanned: string[] = [];
  for (const t of terms) {
    const n = Array.from(t).length;
    if (n >= 3) indexed.push(t);
    else if (n === 2 && CJK_RUN.test(t)) indexed.push(t + BIGRAM_MARK);
    else scanned.push(t);
    CJK_RUN.lastIndex = 0;
  }
  return { indexed, scanned };
}
