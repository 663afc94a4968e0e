// vCard 2.1, 3.0 and 4.0 reader: folded lines, QUOTED-PRINTABLE with CHARSET (phones and old
// Outlook export GB2312 this way), itemN. groups with X-ABLabel (Apple), several EMAIL/TEL per
// card, embedded photos skipped. The maintained npm vCard parsers either drop 2.1's
// quoted-printable charsets or choke on unindented base64 photos, so this is a careful reader.
import iconv from 'iconv-lite';
import type { FieldValue } from '../domain/lead.js';
import { InputError } from '../domain/errors.js';

export interface VCard {
  /** 1-based line of BEGIN:VCARD */
  line: number;
  values: FieldValue[];
  /** why the card cannot be imported (it has no END:VCARD), with its raw text */
  reject?: string;
  raw?: string;
}

interface Prop {
  group: string | null;
  name: string;
  params: Map<string, string[]>;
  types: string[];
  value: string;
  line: number;
  /** ENCODING=QUOTED-PRINTABLE: asked on every following line, so worked out once */
  qp: boolean;
}

const IGNORED = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY', 'VERSION', 'PRODID', 'REV', 'X-ABUID', 'BEGIN', 'END', 'CLIENTPIDMAP', 'SORT-STRING', 'X-PHONETIC-FIRST-NAME', 'X-PHONETIC-LAST-NAME', 'KIND', 'SOURCE', 'X-ABSHOWAS']);

function qpDecode(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d /* = */ && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}

function splitUnescaped(s: string, sep: string): string[] {
  // most values have no escapes: the plain split gives the same parts
  if (s.indexOf('\\') < 0) return s.split(sep);
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

// Most properties have no parameters (FN, N, ORG, TITLE...): they share one empty set.
const NO_PARAMS: { params: Map<string, string[]>; types: string[] } = { params: new Map(), types: [] };

function parseParams(parts: string[]): { params: Map<string, string[]>; types: string[] } {
  if (!parts.length) return NO_PARAMS;
  const params = new Map<string, string[]>();
  const types: string[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? 'TYPE' : p.slice(0, eq)).trim().toUpperCase();
    let val = eq < 0 ? p : p.slice(eq + 1);
    val = val.replace(/^"|"$/g, '');
    // vCard 2.1 writes bare parameters: TEL;WORK;VOICE, EMAIL;INTERNET, ;QUOTED-PRINTABLE
    if (eq < 0 && /^(QUOTED-PRINTABLE|BASE64|B|8BIT|7BIT)$/i.test(val)) {
      params.set('ENCODING', [val.toUpperCase()]);
      continue;
    }
    const vals = val.split(',').map((v) => v.trim());
    params.set(key, [...(params.get(key) ?? []), ...vals]);
    if (key === 'TYPE') types.push(...vals.map((v) => v.toLowerCase()));
  }
  return { params, types };
}

/**
 * Parses vCard text. `binary` means each char of `text` is one byte (the file was read as latin1)
 * and values are decoded with their CHARSET, else with `fileEncoding`.
 */
/** Longest property value accepted after unfolding: a contact field, not a payload. */
export const MAX_VCARD_VALUE = 1 << 20;

export function parseVCards(text: string, binary: boolean, fileEncoding: string, file?: string): VCard[] {
  return Array.from(vcards(text, binary, fileEncoding, file));
}

/** The cards of a vCard text one at a time: a big file never has all its cards parsed in memory at once. */
export function* vcards(text: string, binary: boolean, fileEncoding: string, file?: string): Generator<VCard> {
  const lines = text.split(/\r\n|\n|\r/);
  let card: Prop[] | null = null;
  let cardLine = 0;
  let last: Prop | null = null;
  let inBase64 = false;
  // Continuation lines are collected and joined once: appending to (and slicing) one growing
  // string per line is quadratic, and a card folded 200,000 times must not hang the import.
  let chunks: string[] | null = null;
  let lastLen = 0;
  const tooLong = (line: number) =>
    new InputError(`a vCard value longer than ${MAX_VCARD_VALUE >> 20} MB: not a contact card`, { file, line });
  const settle = () => {
    if (last && chunks) last.value = chunks.join('');
    chunks = null;
  };
  const append = (piece: string, dropSoftBreak: boolean) => {
    if (!chunks) chunks = [last!.value];
    if (dropSoftBreak) chunks[chunks.length - 1] = chunks[chunks.length - 1]!.slice(0, -1);
    chunks.push(piece);
    lastLen += piece.length;
    if (lastLen > MAX_VCARD_VALUE) throw tooLong(last!.line);
  };

  const decodeValue = (p: Prop, v: string): string => {
    const charset = p.params.get('CHARSET')?.[0];
    if (p.qp) {
      const bytes = qpDecode(v);
      const cs = charset ?? (binary ? fileEncoding : 'utf8');
      return iconv.encodingExists(cs) ? iconv.decode(bytes, cs) : bytes.toString('utf8');
    }
    // ASCII reads the same in every charset a vCard may declare (UTF-16 files are not read as bytes)
    if (!binary || !NON_ASCII.test(v)) return v;
    const cs = charset && iconv.encodingExists(charset) ? charset : fileEncoding;
    // Node decodes UTF-8 natively, without iconv building a decoder for every value
    if (UTF8.test(cs)) return Buffer.from(v, 'latin1').toString('utf8');
    return iconv.decode(Buffer.from(v, 'latin1'), cs);
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > MAX_VCARD_VALUE) throw tooLong(i + 1);
    if (last && (l.startsWith(' ') || l.startsWith('\t'))) {
      // folded line (3.0/4.0 and most 2.1 writers)
      append(last.qp ? l.trimStart() : l.slice(1), false);
      continue;
    }
    if (last?.qp && (chunks ? (chunks as string[])[(chunks as string[]).length - 1]! : last.value).endsWith('=')) {
      // quoted-printable soft line break
      append(l, true);
      continue;
    }
    if (inBase64) {
      // vCard 2.1 base64 runs until a blank line, unindented
      if (l.trim() === '' || !l.includes(':')) {
        if (l.trim() === '') inBase64 = false;
        continue;
      }
      inBase64 = false;
    }
    if (!l.trim()) continue;
    const colon = findColon(l);
    if (colon < 0) continue;
    const head = l.slice(0, colon);
    const value = l.slice(colon + 1);
    const headParts = splitUnescaped(head, ';');
    let name = headParts[0]!.trim();
    let group: string | null = null;
    const dot = name.indexOf('.');
    if (dot > 0) {
      group = name.slice(0, dot).toLowerCase();
      name = name.slice(dot + 1);
    }
    name = name.toUpperCase();
    if (name === 'BEGIN' && value.trim().toUpperCase() === 'VCARD') {
      // a card still open: it never got its END:VCARD
      if (card) yield unterminated(cardLine, card);
      card = [];
      cardLine = i + 1;
      settle();
      last = null;
      continue;
    }
    if (name === 'END' && value.trim().toUpperCase() === 'VCARD') {
      settle();
      last = null;
      const done = card;
      card = null;
      if (done) {
        for (const p of done) p.value = decodeValue(p, p.value);
        yield { line: cardLine, values: cardValues(done) };
      }
      continue;
    }
    if (!card) continue;
    const { params, types } = parseParams(headParts.slice(1));
    const enc = (params.get('ENCODING')?.[0] ?? '').toUpperCase();
    const p: Prop = { group, name, params, types, value, line: i + 1, qp: enc === 'QUOTED-PRINTABLE' };
    card.push(p);
    settle();
    last = p;
    lastLen = value.length;
    if ((enc === 'BASE64' || enc === 'B') && !binaryFolded(lines[i + 1])) inBase64 = true;
  }
  // the file ends inside a card: cut off
  if (card) yield unterminated(cardLine, card);

}

/** A card without END:VCARD: rejected (with what it held, for the rejects file), never dropped silently. */
function unterminated(line: number, props: readonly { name: string; value: string }[]): VCard {
  return {
    line,
    values: [],
    reject: 'the card has no END:VCARD (the file is cut or damaged here)',
    raw: props.map((p) => `${p.name}:${p.value}`).join('; ').slice(0, 2000),
  };
}

function binaryFolded(next: string | undefined): boolean {
  return !!next && (next.startsWith(' ') || next.startsWith('\t'));
}

function findColon(l: string): number {
  let quoted = false;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return i;
  }
  return -1;
}

const NON_ASCII = /[^\x00-\x7f]/;
const UTF8 = /^utf-?8$/i;

const NOISE_TYPES = new Set(['internet', 'pref', 'voice', 'x400', 'msg', 'text', 'uri']);

function labelOf(p: Prop, labels: Map<string, string>): string | undefined {
  if (p.group && labels.has(p.group)) return labels.get(p.group);
  if (!p.types.length) return undefined;
  const t = p.types.filter((x) => !NOISE_TYPES.has(x) && !/^\d+$/.test(x));
  return t.length ? t.join(',') : undefined;
}

function cardValues(props: Prop[]): FieldValue[] {
  const labels = new Map<string, string>();
  for (const p of props) {
    if (p.name === 'X-ABLABEL' && p.group) labels.set(p.group, unescape(p.value).replace(/^_\$!<(.*)>!\$_$/, '$1').toLowerCase());
  }
  const out: FieldValue[] = [];
  const put = (field: string | undefined, header: string, value: string, label?: string) => {
    if (value.trim()) out.push({ field, header, value: value.trim(), label });
  };
  let hasFn = false;
  let adrDone = false;
  let urlDone = false;
  for (const p of props) {
    if (IGNORED.has(p.name) || p.name === 'X-ABLABEL') continue;
    const v = p.value;
    const label = labelOf(p, labels);
    switch (p.name) {
      case 'UID':
        // crm's own UIDs let a re-import find the contact a card came from (services/import.ts)
        put('uid', 'UID', v);
        break;
      case 'FN':
        put('name', 'FN', unescape(v));
        hasFn = !!v.trim();
        break;
      case 'N': {
        const [family = '', given = '', middle = ''] = splitUnescaped(v, ';').map(unescape);
        put('familyName', 'N', family);
        put('givenName', 'N', given);
        put('middleName', 'N', middle);
        break;
      }
      case 'ORG': {
        const [org = '', ...units] = splitUnescaped(v, ';').map(unescape);
        put('company', 'ORG', org);
        put('department', 'ORG', units.filter(Boolean).join(', '));
        break;
      }
      case 'TITLE':
        put('title', 'TITLE', unescape(v));
        break;
      case 'ROLE':
        put(out.some((x) => x.field === 'title') ? undefined : 'title', 'ROLE', unescape(v));
        break;
      case 'EMAIL':
        put('email', 'EMAIL', unescape(v).replace(/^mailto:/i, ''), label);
        break;
      case 'TEL': {
        const num = unescape(v).replace(/^tel:/i, '');
        const field = p.types.includes('fax') ? 'fax' : p.types.includes('cell') || /mobile|cell|手机|iphone/i.test(label ?? '') ? 'mobile' : 'phone';
        put(field, 'TEL', num, label);
        break;
      }
      case 'ADR': {
        const [pobox = '', ext = '', street = '', city = '', region = '', code = '', country = ''] = splitUnescaped(v, ';').map(unescape);
        if (adrDone) {
          put(undefined, `ADR${label ? ` (${label})` : ''}`, [pobox, ext, street, city, region, code, country].filter(Boolean).join(', '));
          break;
        }
        adrDone = true;
        put('address', 'ADR', [street, ext, pobox].filter(Boolean).join(', ').replace(/\n/g, ', '));
        put('city', 'ADR', city);
        put('region', 'ADR', region);
        put('postcode', 'ADR', code);
        put('country', 'ADR', country);
        break;
      }
      case 'URL':
        put(urlDone ? undefined : 'website', 'URL', unescape(v), label);
        urlDone = true;
        break;
      case 'NOTE':
        put('notes', 'NOTE', unescape(v));
        break;
      case 'BDAY':
        put('birthday', 'BDAY', unescape(v).replace(/T.*$/, ''));
        break;
      case 'CATEGORIES':
        put('tags', 'CATEGORIES', splitUnescaped(v, ',').map(unescape).join(','));
        break;
      case 'IMPP':
        put('im', 'IMPP', unescape(v).replace(/^[a-z-]+:/i, ''), label ?? p.params.get('X-SERVICE-TYPE')?.[0]);
        break;
      case 'X-QQ':
      case 'X-WECHAT':
      case 'X-SKYPE':
      case 'X-SKYPE-USERNAME':
      case 'X-WHATSAPP':
      case 'X-MSN':
      case 'X-AIM':
      case 'X-JABBER':
        put('im', p.name, unescape(v), p.name.slice(2).toLowerCase());
        break;
      default:
        put(undefined, p.name + (label ? ` (${label})` : ''), unescape(v));
    }
  }
  // FN wins over N for the display name, but N still gives the parts.
  if (hasFn) return out;
  return out;
}
