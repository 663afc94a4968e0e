// Normalisation and matching keys for names, emails and phones. Pure functions, shared by
// manual entry, import and ACCOUNT resolution so that the same person is recognised everywhere.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** The version of companyKey/personKey: databases keyed with an older one are keyed again. */
export const NAME_KEY_VERSION = 2;

/** NFKC, trimmed, inner whitespace collapsed. Full-width letters and digits become ASCII. */
export function cleanText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

export function cleanOrNull(s: string | null | undefined): string | null {
  const t = cleanText(s);
  return t.length ? t : null;
}

/** Key for a person's name: case- and space-insensitive. */
export function personKey(name: string): string {
  return cleanText(name).toLowerCase().replace(/[\s.·•,]+/g, '');
}

// Legal forms and filler words that differ between two spellings of the same company.
const COMPANY_NOISE = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '集团',
  '公司',
  '(中国)',
  '（中国）',
];
const COMPANY_SUFFIX =
  /\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|kg|kgaa|ohg|sa|sas|sarl|srl|spa|bv|nv|oy|ab|as|aps|ltda|pte|pty|kk|group|holdings?)\b\.?/g;
/** Legal forms written with dots between single letters: "B.V.", "S.p.A.", "N.V.", "L.L.C.". */
const DOTTED_FORM = /(?<![\p{L}\p{N}])((?:\p{L}\.){2,}\p{L}?)(?![\p{L}\p{N}])/gu;
/** "GmbH & Co. KG": the "& Co." of a partnership form is not a second company. */
const AND_CO = /&\s*co\b\.?/g;

/**
 * Remembers the results of a pure function. An import meets the same company and the same
 * switchboard number on every colleague's row, and a number costs ~10 µs to parse. Bounded: the
 * memo starts over when full, so memory stays flat on any file.
 */
function memoized<A extends unknown[], R>(fn: (...args: A) => R, key: (...args: A) => string): (...args: A) => R {
  const memo = new Map<string, R>();
  return (...args: A): R => {
    const k = key(...args);
    let r = memo.get(k);
    if (r === undefined) {
      if (memo.size >= 20_000) memo.clear();
      r = fn(...args);
      memo.set(k, r);
    }
    return r;
  };
}

/**
 * Key for a company name: "ACME Co., Ltd.", "Acme B.V.", "Acme BV", "Acme GmbH & Co. KG" and "Acme"
 * match; "深圳华为技术有限公司" and "深圳华为技术" match. Changing it changes stored keys: bump
 * NAME_KEY_VERSION so existing rows are keyed again.
 */
export const companyKey = memoized(computeCompanyKey, (name: string) => name);

function computeCompanyKey(name: string): string {
  let s = cleanText(name).toLowerCase();
  for (const w of COMPANY_NOISE) s = s.split(w).join(' ');
  s = s.replace(DOTTED_FORM, (m) => m.replace(/\./g, '')).replace(AND_CO, ' ');
  s = s.replace(/&/g, ' and ').replace(COMPANY_SUFFIX, ' ');
  const key = s.replace(/[^\p{L}\p{N}]+/gu, '');
  return key.length ? key : cleanText(name).toLowerCase();
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/** Lower-cased, trimmed email, or undefined when it is not a plausible address. */
export function normalizeEmail(s: string): string | undefined {
  let e = cleanText(s).toLowerCase();
  e = e.replace(/^mailto:/, '').replace(/^<|>$/g, '');
  return EMAIL.test(e) ? e : undefined;
}

/** Matching key: Gmail ignores dots and +tags in the local part, and googlemail.com is gmail.com. */
export function emailKey(email: string): string {
  const [local = '', domainPart = ''] = email.toLowerCase().split('@');
  let domain = domainPart;
  let user = local;
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') user = user.replace(/\./g, '').replace(/\+.*$/, '');
  else user = user.replace(/\+.*$/, '');
  return `${user}@${domain}`;
}

export function emailDomain(email: string): string | undefined {
  return email.split('@')[1];
}

// Free-mail domains say nothing about the company a person works for.
const FREEMAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'aol.com', 'gmx.de', 'gmx.net', 'web.de', 'qq.com', '163.com', '126.com',
  'sina.com', 'sina.cn', 'sohu.com', 'yeah.net', 'foxmail.com', 'aliyun.com', '139.com', 'protonmail.com',
  'proton.me', 'mail.ru', 'yandex.ru', 'hotmail.co.uk', 'yahoo.co.uk', 'yahoo.com.cn', 'yahoo.co.jp',
]);

export function isFreemail(domain: string): boolean {
  return FREEMAIL.has(domain.toLowerCase());
}

/** The registrable web domain of a URL or bare host, without www. */
export function webDomain(s: string | null | undefined): string | undefined {
  const t = cleanText(s).toLowerCase();
  if (!t) return undefined;
  const host = t.replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').split(/[/?#:]/)[0];
  return host && /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(host) ? host : undefined;
}

export interface PhoneResult {
  /** E.164, with ';ext=NNN' when there is an extension */
  value: string;
  /** key for matching: E.164 without the extension */
  key: string;
  raw: string;
}

export type PhoneProblem = 'excel-mangled' | 'unparseable';

/** Excel turns long digit strings into 1.38177E+10: the digits are gone and must not be imported. */
export function isExcelMangled(s: string): boolean {
  return /^\s*[+-]?\d+(?:[.,]\d+)?[eE]\+?\d+\s*$/.test(s);
}

/**
 * A phone number in E.164 using the default country for numbers written without one. Numbers that
 * cannot be parsed are kept as typed (digits only as the key) rather than lost. The result is
 * shared between calls with the same arguments: read it, do not change it.
 */
export const normalizePhone = memoized(parsePhone, (s: string, defaultCountry?: string) => `${defaultCountry ?? ''}\u0000${s}`);

function parsePhone(
  s: string,
  defaultCountry?: string,
): { ok: true; phone: PhoneResult } | { ok: false; problem: PhoneProblem; raw: string } {
  const raw = cleanText(s);
  if (!raw) return { ok: false, problem: 'unparseable', raw };
  if (isExcelMangled(raw)) return { ok: false, problem: 'excel-mangled', raw };
  const country = (defaultCountry?.toUpperCase() || undefined) as CountryCode | undefined;
  const input = raw.replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(input, country ? { defaultCountry: country } : undefined);
  if (parsed) {
    const e164 = parsed.number as string;
    return {
      ok: true,
      phone: { value: parsed.ext ? `${e164};ext=${parsed.ext}` : e164, key: e164, raw },
    };
  }
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 5) return { ok: false, problem: 'unparseable', raw };
  return { ok: true, phone: { value: raw, key: digits, raw } };
}

/** Splits a full name: Chinese names have no space and put the family name first. */
export function splitName(full: string): { given: string | null; family: string | null } {
  const n = cleanText(full);
  if (!n) return { given: null, family: null };
  if (/^[\u3400-\u9fff]{2,4}$/u.test(n)) {
    const compound = COMPOUND_SURNAMES.some((s) => n.startsWith(s)) && n.length > 2;
    const cut = compound ? 2 : 1;
    return { family: n.slice(0, cut), given: n.slice(cut) };
  }
  if (n.includes(',')) {
    const [family, given] = n.split(',', 2).map((x) => x.trim());
    return { family: family || null, given: given || null };
  }
  const parts = n.split(' ');
  if (parts.length === 1) return { given: n, family: null };
  return { given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1]! };
}

const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '长孙', '宇文', '夏侯'];

/** Joins given and family name the way the name is written: no space between CJK parts. */
export function joinName(given: string | null | undefined, family: string | null | undefined): string {
  const g = cleanText(given);
  const f = cleanText(family);
  if (!g) return f;
  if (!f) return g;
  const cjk = /[\u3400-\u9fff]/u;
  return cjk.test(g) && cjk.test(f) ? `${f}${g}` : `${g} ${f}`;
}

const COUNTRY_NAMES: Record<string, string> = {
  china: 'CN', 中国: 'CN', prc: 'CN', "people's republic of china": 'CN', 中华人民共和国: 'CN',
  germany: 'DE', deutschland: 'DE', 德国: 'DE', france: 'FR', frankreich: 'FR', 法国: 'FR', japan: 'JP', 日本: 'JP',
  'united states': 'US', 'united states of america': 'US', usa: 'US', 美国: 'US', 'united kingdom': 'GB', uk: 'GB',
  'great britain': 'GB', england: 'GB', scotland: 'GB', 英国: 'GB', 'hong kong': 'HK', 香港: 'HK', macau: 'MO', macao: 'MO',
  澳门: 'MO', taiwan: 'TW', 台湾: 'TW', korea: 'KR', 'south korea': 'KR', 韩国: 'KR', india: 'IN', 印度: 'IN',
  italy: 'IT', italia: 'IT', italien: 'IT', 意大利: 'IT', spain: 'ES', españa: 'ES', spanien: 'ES', 西班牙: 'ES',
  russia: 'RU', 俄罗斯: 'RU', australia: 'AU', 澳大利亚: 'AU', canada: 'CA', 加拿大: 'CA', singapore: 'SG', 新加坡: 'SG',
  netherlands: 'NL', 'the netherlands': 'NL', nederland: 'NL', holland: 'NL', niederlande: 'NL', 荷兰: 'NL',
  belgium: 'BE', belgië: 'BE', belgique: 'BE', belgien: 'BE', 比利时: 'BE', brazil: 'BR', brasil: 'BR', 巴西: 'BR',
  mexico: 'MX', méxico: 'MX', switzerland: 'CH', schweiz: 'CH', suisse: 'CH', svizzera: 'CH', 瑞士: 'CH',
  austria: 'AT', österreich: 'AT', 奥地利: 'AT', sweden: 'SE', sverige: 'SE', 瑞典: 'SE', denmark: 'DK', danmark: 'DK',
  丹麦: 'DK', norway: 'NO', norge: 'NO', 挪威: 'NO', finland: 'FI', suomi: 'FI', 芬兰: 'FI', poland: 'PL', polska: 'PL',
  波兰: 'PL', portugal: 'PT', 葡萄牙: 'PT', ireland: 'IE', 爱尔兰: 'IE', 'czech republic': 'CZ', czechia: 'CZ',
  捷克: 'CZ', greece: 'GR', 希腊: 'GR', hungary: 'HU', 匈牙利: 'HU', 'new zealand': 'NZ', vietnam: 'VN', 越南: 'VN',
  thailand: 'TH', 泰国: 'TH', malaysia: 'MY', 马来西亚: 'MY', indonesia: 'ID', 印度尼西亚: 'ID', turkey: 'TR', türkiye: 'TR',
};

/** ISO code of a country as written in a column or typed ("DE", "Germany", "德国", "UK"). */
export function countryCode(s: string | null | undefined): string | undefined {
  const t = cleanText(s);
  if (!t) return undefined;
  if (/^uk$/i.test(t)) return 'GB';
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return COUNTRY_NAMES[t.toLowerCase()];
}

/**
 * The country a phone number typed without +code is read in: the account's country, else the
 * configured default. Numbers written with +code or 00 ignore it.
 */
export function phoneRegion(accountCountry: string | null | undefined, defaultCountry: string | null | undefined): string | undefined {
  return countryCode(accountCountry) ?? countryCode(defaultCountry);
}
