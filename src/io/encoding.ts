// Which text encoding a customer file uses. Salespeople get files from Excel on Chinese Windows
// (GBK/GB18030), German or US Windows (Windows-1252), Outlook (UTF-16 with BOM) and web exports
// (UTF-8, with or without BOM). They never know which, so it is detected; --encoding overrides.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { UsageError } from '../domain/errors.js';

export type DetectedEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030' | 'windows1252' | string;

export interface EncodingGuess {
  encoding: DetectedEncoding;
  /** bytes of byte-order mark to skip */
  bomLength: number;
  /** how it was decided, shown on --dry-run */
  how: 'bom' | 'valid-utf8' | 'detected' | 'given';
}

const ALIASES: Record<string, string> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-8-sig': 'utf8',
  'utf-16': 'utf16le',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  'windows-1252': 'windows1252',
  cp1252: 'windows1252',
  latin1: 'windows1252',
  'iso-8859-1': 'windows1252',
};

/** A user- or file-given charset name as iconv-lite knows it (GBK and GB2312 read as GB18030, a superset). */
export function canonicalEncoding(name: string): string {
  const k = name.trim().toLowerCase();
  const e = ALIASES[k] ?? k;
  if (!iconv.encodingExists(e)) throw new UsageError(`unknown encoding "${name}" (try utf-8, gbk, gb18030, windows-1252, utf-16le)`);
  return e;
}

/**
 * Walks the bytes as UTF-8: counts the valid multi-byte characters and the invalid bytes (the rest
 * of a broken sequence counts with it), and where the first invalid one is. A character cut at the
 * end of an incomplete sample is valid. `stopAtInvalid`: return at the first invalid byte.
 */
function scanUtf8(buf: Uint8Array, complete: boolean, stopAtInvalid: boolean): { valid: number; invalid: number; first: number } {
  let valid = 0;
  let invalid = 0;
  let first = -1;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      if (i + k >= n) {
        ok = !complete;
        break;
      }
      if ((buf[i + k]! & 0xc0) !== 0x80) ok = false;
    }
    if (ok) {
      valid++;
      i += need + 1;
      continue;
    }
    invalid++;
    if (first < 0) first = i;
    if (stopAtInvalid) break;
    i++;
    while (i < n && (buf[i]! & 0xc0) === 0x80) i++;
  }
  return { valid, invalid, first };
}

/** True when the bytes are valid UTF-8, allowing a multi-byte character cut at the end of the sample. */
function isUtf8(buf: Uint8Array, complete: boolean): boolean {
  return scanUtf8(buf, complete, true).invalid === 0;
}

/**
 * Share of the non-ASCII bytes that form GB2312-core double-byte characters (lead B0-F7, trail
 * A1-FE). Chinese text is almost all such pairs; Western text in Windows-1252 has accented
 * letters followed by ASCII letters, which never qualify.
 */
function gbCoreRatio(buf: Uint8Array): number {
  let pairs = 0;
  let high = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const c = buf[i + 1];
    if (b >= 0x81 && b <= 0xfe && c !== undefined && c >= 0x40 && c <= 0xfe && c !== 0x7f) {
      if (b >= 0xb0 && b <= 0xf7 && c >= 0xa1) pairs++;
      high += 2;
      i++;
    } else high++;
  }
  return high ? (pairs * 2) / high : 0;
}

/**
 * Guesses the encoding from the first bytes of a file. `complete` says the sample is the whole
 * file (so a cut character at the end is an error, not a sample boundary).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean, given?: string): EncodingGuess {
  const bom =
    sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf
      ? ({ encoding: 'utf8', bomLength: 3 } as const)
      : sample[0] === 0xff && sample[1] === 0xfe
        ? ({ encoding: 'utf16le', bomLength: 2 } as const)
        : sample[0] === 0xfe && sample[1] === 0xff
          ? ({ encoding: 'utf16be', bomLength: 2 } as const)
          : undefined;
  if (given) {
    const enc = canonicalEncoding(given);
    // A BOM that agrees with the given encoding is still skipped.
    const skip = bom && bom.encoding === enc ? bom.bomLength : 0;
    return { encoding: enc, bomLength: skip, how: 'given' };
  }
  if (bom) return { ...bom, how: 'bom' };
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  const probe = sample.subarray(0, 4096);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) (i % 2 ? zeroOdd++ : zeroEven++);
  if (zeroOdd > probe.length / 4 && zeroEven === 0) return { encoding: 'utf16le', bomLength: 0, how: 'detected' };
  if (zeroEven > probe.length / 4 && zeroOdd === 0) return { encoding: 'utf16be', bomLength: 0, how: 'detected' };
  if (isUtf8(sample, complete)) return { encoding: 'utf8', bomLength: 0, how: 'valid-utf8' };
  // Not UTF-8: a Chinese legacy code page or a Western one. The GB2312-core ratio separates them
  // well on real files; chardet's statistics settle the middle ground.
  const ratio = gbCoreRatio(sample);
  let encoding: string;
  if (ratio >= 0.6) encoding = 'gb18030';
  else if (ratio < 0.2) encoding = 'windows1252';
  else {
    const top = chardet.analyse(sample).find((c) => /^(GB18030|GBK|GB2312|Big5|ISO-8859-1|windows-1252|ISO-8859-15)$/i.test(c.name));
    encoding = top && /^(GB|Big5)/i.test(top.name) ? 'gb18030' : 'windows1252';
  }
  return { encoding, bomLength: 0, how: 'detected' };
}

/** Decodes a whole buffer (vCards, samples). */
export function decodeBuffer(buf: Uint8Array, guess: EncodingGuess): string {
  const body = Buffer.from(buf.buffer, buf.byteOffset + guess.bomLength, buf.byteLength - guess.bomLength);
  if (guess.encoding === 'utf8') return body.toString('utf8');
  return iconv.decode(body, guess.encoding);
}

export function encodingLabel(e: string): string {
  return (
    { utf8: 'UTF-8', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE', gb18030: 'GB18030 (GBK)', windows1252: 'Windows-1252' } as Record<string, string>
  )[e] ?? e;
}

/** A streaming decoder for the rest of the file. */
export function decoderStream(encoding: string): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding, { stripBOM: false });
}

export function decodeBytes(buf: Buffer, encoding: string): string {
  return encoding === 'utf8' ? buf.toString('utf8') : iconv.decode(buf, encoding);
}

function lineAt(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/**
 * A text file does not hold NUL bytes or many other control bytes: such a "CSV" is a binary file
 * (a spreadsheet, an archive) or damaged. Returns the line of the first offending byte.
 */
export function binaryContent(sample: Uint8Array): { line: number; nul: boolean } | undefined {
  let controls = 0;
  let first = -1;
  let nul = false;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) {
      if (b === 0 && !nul) {
        nul = true;
        first = i;
      }
      if (first < 0) first = i;
      controls++;
    }
  }
  if (nul || controls > Math.max(8, sample.length / 100)) return { line: lineAt(sample, first), nul };
  return undefined;
}

/**
 * UTF-8 with a few broken bytes (a cut download, a bad copy) is not some other encoding: reading
 * it as Windows-1252 would garble every Chinese name. Many valid multi-byte sequences and a few
 * invalid ones mean a damaged UTF-8 file; returns the line of the first invalid byte.
 */
export function damagedUtf8(buf: Uint8Array, complete: boolean): { line: number } | undefined {
  const { valid, invalid, first } = scanUtf8(buf, complete, false);
  if (invalid > 0 && valid >= 2 && valid >= invalid * 2) return { line: lineAt(buf, first) };
  return undefined;
}
