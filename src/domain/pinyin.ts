// Pinyin for search: 张伟 is also found as "zhangwei", "zhang wei" and "zw", the way people type
// a name on a phone or a Latin keyboard. Only names get this (account and contact names), not
// notes: the search index grows by a few letters per name. pinyin-pro (maintained, with a
// dictionary for polyphonic characters and surnames: 单 in a surname is shan) is loaded the first
// time a name with Chinese characters is indexed.
import { createRequire } from 'node:module';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

type PinyinFn = (text: string, o: { toneType: 'none'; type: 'array'; surname?: 'head' | 'all'; v?: boolean }) => string[];
let lib: PinyinFn | undefined;
function pinyinLib(): PinyinFn {
  lib ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: PinyinFn }).pinyin;
  return lib;
}

// Imports index the same common names over and over: remember recent ones (bounded).
const memo = new Map<string, string>();
const MEMO_MAX = 20_000;

/**
 * The pinyin search text of a name: for each run of Chinese characters, the full pinyin without
 * tones or spaces and the initials ("zhangwei zw"); '' for a name without Chinese characters.
 * "zhang wei" finds it too: each word is a substring of "zhangwei".
 */
export function pinyinSearchText(name: string | null | undefined): string {
  if (!name) return '';
  HAN.lastIndex = 0;
  if (!HAN.test(name)) return '';
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  const out: string[] = [];
  for (const run of name.match(HAN) ?? []) {
    // A person's name starts with the surname; a company's surname mode changes nothing.
    const syllables = pinyinLib()(run, { toneType: 'none', type: 'array', surname: 'head', v: true }).map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
    if (!syllables.length) continue;
    out.push(syllables.join(''), syllables.map((s) => s[0] ?? '').join(''));
  }
  const text = out.join(' ');
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(name, text);
  return text;
}
