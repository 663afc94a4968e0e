// One imported row or card turned into a normalised lead (a person and/or a company) or an order.
// Pure and cheap: this runs once per row, in a worker thread for big files.
import { parseIsoDate } from './dates.js';
import {
  cleanOrNull,
  cleanText,
  companyKey,
  countryCode,
  emailDomain,
  emailKey,
  isExcelMangled,
  isFreemail,
  joinName,
  normalizeEmail,
  normalizePhone,
  personKey,
  splitName,
  webDomain,
} from './normalize.js';
import { textTooLong } from './limits.js';
import { currencyCode, parseAmount, parseMoney } from './money.js';
import { fillPlace, parseAddress, type AddressParts } from './places.js';
import { knownSource, normalizeSource, unknownSourceFlag } from './vocab.js';

export { countryCode };

/** A value read from a file, already assigned to a field (or to `extra` under its header). */
export interface FieldValue {
  field: string | undefined;
  header: string;
  value: string;
  label?: string | undefined;
}

export interface LeadPoint {
  kind: 'email' | 'phone' | 'mobile' | 'fax' | 'im' | 'web';
  label: string | null;
  value: string;
  raw: string;
  key: string;
}

export interface Lead {
  file: string;
  line: number;
  name: string | null;
  nameKey: string | null;
  givenName: string | null;
  familyName: string | null;
  title: string | null;
  department: string | null;
  birthday: string | null;
  personality: string | null;
  hobbies: string | null;
  buyingRole: string | null;
  notes: string | null;
  company: string | null;
  companyKey: string | null;
  website: string | null;
  /** the company's web domain: from its web site, else from a non-free-mail address */
  domain: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  postcode: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  mainBusiness: string | null;
  businessScope: string | null;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  tags: string[];
  accountNotes: string | null;
  points: LeadPoint[];
  companyPoints: LeadPoint[];
  extra: Record<string, string>;
  /** a vCard's UID (crm's own ones let a re-import merge into the same contact) */
  uid?: string | null;
  /** problems with single values that did not stop the row (Excel-mangled phone, bad email) */
  flags: string[];
  /** why the row cannot be imported, if it cannot */
  reject?: string;
  /** the original cells, for the rejects file */
  raw?: string;
}

export interface OrderRow {
  file: string;
  line: number;
  accountId: number | null;
  customer: string | null;
  emailKey: string | null;
  phoneKey: string | null;
  date: string | null;
  amount: number | null;
  profit: number | null;
  product: string | null;
  quantity: number | null;
  currency: string | null;
  reference: string | null;
  extra: Record<string, string>;
  flags: string[];
  reject?: string;
  raw?: string;
}

export interface NormalizeOptions {
  country?: string | undefined;
  /** ymd (default: only unambiguous), dmy or mdy for dates like 03/04/2026 */
  dateOrder?: 'dmy' | 'mdy' | undefined;
}

function addExtra(extra: Record<string, string>, key: string, value: string): void {
  let k = key || 'column';
  let i = 2;
  while (k in extra && extra[k] !== value) k = `${key} (${i++})`;
  extra[k] = value;
}

function isPhoneLabelMobile(label: string | undefined): boolean {
  return !!label && /mobile|cell|手机|移动|iphone|handy/i.test(label);
}

/** Splits a cell holding several values: "a@x.com; b@y.com", Google's "a ::: b". */
function multi(v: string): string[] {
  return v
    .split(/\s*(?::::|;(?!\s*ext\b)|\n|；|、)\s*/i)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function normalizeBirthdayLoose(s: string): string | undefined {
  const t = cleanText(s).replace(/[年月/.]/g, '-').replace(/日$/, '');
  const full = parseIsoDate(t.replace(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (_, y, m, d) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`));
  if (full) return full;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (compact && parseIsoDate(`${compact[1]}-${compact[2]}-${compact[3]}`)) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const md = /^(?:--)?(\d{1,2})-?(\d{2})$/.exec(t);
  if (md) {
    const mm = md[1]!.padStart(2, '0');
    if (parseIsoDate(`2000-${mm}-${md[2]}`)) return `--${mm}-${md[2]}`;
  }
  return undefined;
}

/** Notes keep their line breaks; each line is cleaned. */
function cleanLines(s: string | undefined): string | null {
  if (!s) return null;
  const t = s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => cleanText(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return t || null;
}

/** What the row's address says (city, region, postcode, country), when the row lacks some of them. */
function readAddress(values: readonly FieldValue[], hasCountry: boolean): AddressParts | undefined {
  let address = '';
  const has = new Set<string>();
  for (const v of values) {
    if (!v.field || !v.value?.trim()) continue;
    has.add(v.field);
    if (v.field === 'address') address += (address ? ', ' : '') + v.value.trim();
  }
  if (!address || (hasCountry && has.has('city') && has.has('region'))) return undefined;
  return parseAddress(address, countryCode);
}

/** Builds the normalised lead from the values of one row or card. */
export function buildLead(file: string, line: number, values: readonly FieldValue[], opts: NormalizeOptions): Lead {
  const one: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const flags: string[] = [];
  const points: LeadPoint[] = [];
  const companyPoints: LeadPoint[] = [];
  const tags: string[] = [];
  const seen = new Set<string>();

  const pushPoint = (list: LeadPoint[], p: LeadPoint) => {
    const k = `${p.kind === 'mobile' || p.kind === 'fax' ? 'phone' : p.kind}:${p.key}`;
    if (seen.has(k)) return;
    seen.add(k);
    list.push(p);
  };
  const email = (list: LeadPoint[], v: FieldValue) => {
    for (const part of multi(v.value)) {
      const e = normalizeEmail(part);
      if (!e) {
        flags.push(`${v.header}: "${part}" is not an email address (kept in extra)`);
        addExtra(extra, v.header, part);
        continue;
      }
      pushPoint(list, { kind: 'email', label: v.label ?? null, value: e, raw: cleanText(part), key: emailKey(e) });
    }
  };
  const phone = (list: LeadPoint[], kind: 'phone' | 'mobile' | 'fax', v: FieldValue) => {
    for (const part of multi(v.value)) {
      if (isExcelMangled(part)) {
        flags.push(`${v.header}: "${part}" was mangled by Excel (digits lost; not imported, kept in extra)`);
        addExtra(extra, v.header, part);
        continue;
      }
      const r = normalizePhone(part, country);
      if (!r.ok) {
        flags.push(`${v.header}: "${part}" is not a phone number (kept in extra)`);
        addExtra(extra, v.header, part);
        continue;
      }
      const k = kind === 'phone' && isPhoneLabelMobile(v.label) ? 'mobile' : kind;
      pushPoint(list, { kind: k, label: v.label ?? null, value: r.phone.value, raw: r.phone.raw, key: r.phone.key });
    }
  };

  // a country column is the row's region for phone numbers written without +code
  // else the address's ("10115 Berlin" is in Germany), else --country / defaultCountry
  const rowCountry = countryCode(values.find((v) => v.field === 'country')?.value);
  const address = readAddress(values, !!rowCountry);
  const country = rowCountry ?? address?.country ?? opts.country;
  for (const v of values) {
    const value = v.value;
    if (value === undefined || value === null) continue;
    const t = value.trim();
    if (!t) continue;
    switch (v.field) {
      case 'email':
        email(points, v);
        break;
      case 'companyEmail':
        email(companyPoints, v);
        break;
      case 'phone':
      case 'mobile':
      case 'fax':
        phone(points, v.field, v);
        break;
      case 'companyPhone':
        phone(companyPoints, 'phone', v);
        break;
      case 'im':
        for (const part of multi(t)) {
          const c = cleanText(part);
          const label = v.label ?? (/qq|wechat|微信|skype|whatsapp|line|telegram/i.test(v.header) ? v.header : null);
          pushPoint(points, { kind: 'im', label, value: c, raw: c, key: c.toLowerCase() });
        }
        break;
      case 'tags':
        for (const part of t.split(/\s*(?::::|[,;，；、|])\s*/)) {
          const tag = cleanText(part.replace(/^\*\s*/, ''));
          if (tag && !/^mycontacts$/i.test(tag) && !tags.includes(tag)) tags.push(tag);
        }
        break;
      case 'notes':
      case 'accountNotes':
      case 'address':
        // several columns (Street, Street 2) join rather than overwrite
        one[v.field] = one[v.field] ? `${one[v.field]}${v.field === 'address' ? ', ' : '\n'}${t}` : t;
        break;
      case undefined:
        addExtra(extra, v.header, t);
        break;
      default:
        if (one[v.field] === undefined) one[v.field] = t;
        else if (cleanText(one[v.field]) !== cleanText(t)) addExtra(extra, v.header, t);
    }
  }

  let name = cleanOrNull(one.name);
  let given = cleanOrNull(one.givenName);
  let family = cleanOrNull(one.familyName);
  const middle = cleanOrNull(one.middleName);
  if (!name && (given || family)) name = cleanOrNull(joinName(middle && given ? `${given} ${middle}` : given, family));
  if (name && !given && !family) {
    const s = splitName(name);
    given = s.given;
    family = s.family;
    // "Smith, John" (Outlook, Salesforce) is shown as the person writes it: John Smith
    if (name.includes(',') && given && family) name = joinName(given, family);
  }
  const company = cleanOrNull(one.company);
  const website = cleanOrNull(one.website);
  let domain = webDomain(website) ?? null;
  if (!domain) {
    for (const p of [...points, ...companyPoints]) {
      if (p.kind !== 'email') continue;
      const d = emailDomain(p.value);
      if (d && !isFreemail(d)) {
        domain = d;
        break;
      }
    }
  }
  let birthday: string | null = null;
  if (one.birthday) {
    birthday = normalizeBirthdayLoose(one.birthday) ?? null;
    if (!birthday) {
      flags.push(`birthday "${one.birthday}" is not a date (kept in extra)`);
      addExtra(extra, 'birthday', one.birthday);
    }
  }
  let employees: number | null = null;
  if (one.employees) {
    const n = cleanText(one.employees).replace(/[,\s人名]/g, '');
    if (/^\d+$/.test(n)) employees = Number(n);
    else addExtra(extra, 'employees', one.employees);
  }
  const lead: Lead = {
    file,
    line,
    name,
    nameKey: name ? personKey(name) : null,
    givenName: given,
    familyName: family,
    title: cleanOrNull(one.title),
    department: cleanOrNull(one.department),
    birthday,
    personality: cleanOrNull(one.personality),
    hobbies: cleanOrNull(one.hobbies),
    buyingRole: cleanOrNull(one.buyingRole)?.toLowerCase() ?? null,
    notes: cleanLines(one.notes),
    company,
    companyKey: company ? companyKey(company) : null,
    website,
    domain,
    // city, region, postcode and country the row lacks are read from its address
    ...fillPlace(
      {
        address: cleanOrNull(one.address),
        city: cleanOrNull(one.city),
        region: cleanOrNull(one.region),
        postcode: cleanOrNull(one.postcode),
        country: cleanOrNull(one.country),
      },
      countryCode,
      address,
    ),
    industry: cleanOrNull(one.industry),
    employees,
    mainBusiness: cleanOrNull(one.mainBusiness),
    businessScope: cleanOrNull(one.businessScope),
    source: one.source ? normalizeSource(one.source) : null,
    campaign: cleanOrNull(one.campaign),
    owner: cleanOrNull(one.owner),
    tags,
    accountNotes: cleanLines(one.accountNotes),
    points,
    companyPoints,
    extra,
    uid: cleanOrNull(one.uid),
    flags,
  };
  if (one.source && !knownSource(one.source)) flags.push(unknownSourceFlag(cleanText(one.source)));
  if (!name && company && points.length) {
    // no person on the row: its emails and phones are the company's (info@, the switchboard)
    lead.companyPoints = [...companyPoints, ...points];
    lead.points = [];
  }
  if (!name && !company && !points.some((p) => p.kind !== 'im') && !companyPoints.length) {
    lead.reject = flags.length
      ? `nothing to import: no name, company, email or phone (${flags.join('; ')})`
      : 'nothing to import: no name, company, email or phone';
  } else if (!name && !company) {
    // A bare email or phone still makes a lead; the address or number names it until someone edits it.
    const p = points.find((x) => x.kind === 'email') ?? points.find((x) => x.kind !== 'im') ?? companyPoints[0]!;
    lead.name = p.kind === 'email' ? p.value : p.raw;
    lead.nameKey = personKey(lead.name);
  }
  // The limit a typed name has (crm account add): a name no one can read is a broken file, and a
  // server cannot index it (PostgreSQL's index entries stop at about 2.7 kB).
  if (!lead.reject) lead.reject = textTooLong('name', lead.name ?? '') ?? textTooLong('company', lead.company ?? '');
  return lead;
}

// Amounts as people type them live with the other money rules.
export { parseAmount } from './money.js';

/** An order date: ISO, 2026/3/4, 2026年3月4日, 4.3.2026 (German); d/m or m/d only when unambiguous or told. */
export function parseOrderDate(s: string, order?: 'dmy' | 'mdy'): { date?: string; problem?: string } {
  const t = cleanText(s).replace(/[T ].*$/, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  const iso = (y: string, mo: string, d: string) => parseIsoDate(`${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`);
  if (m) {
    const d = iso(m[1]!, m[2]!, m[3]!);
    return d ? { date: d } : { problem: `"${s}" is not a valid date` };
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) {
    const d = iso(m[3]!, m[2]!, m[1]!);
    return d ? { date: d } : { problem: `"${s}" is not a valid date` };
  }
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let dmy: boolean;
    if (order) dmy = order === 'dmy';
    else if (a > 12 && b <= 12) dmy = true;
    else if (b > 12 && a <= 12) dmy = false;
    else if (a === b) dmy = true;
    else return { problem: `"${s}" could be day/month or month/day; use --date-order dmy|mdy` };
    const d = dmy ? iso(m[3]!, m[2]!, m[1]!) : iso(m[3]!, m[1]!, m[2]!);
    return d ? { date: d } : { problem: `"${s}" is not a valid date` };
  }
  return { problem: `"${s}" is not a date` };
}

export function buildOrder(file: string, line: number, values: readonly FieldValue[], opts: NormalizeOptions): OrderRow {
  const one: Record<string, string> = {};
  const extra: Record<string, string> = {};
  for (const v of values) {
    const t = v.value?.trim();
    if (!t) continue;
    if (!v.field) addExtra(extra, v.header, t);
    else if (one[v.field] === undefined) one[v.field] = t;
  }
  const row: OrderRow = {
    file,
    line,
    accountId: null,
    customer: cleanOrNull(one.customer),
    emailKey: null,
    phoneKey: null,
    date: null,
    amount: null,
    profit: null,
    product: cleanOrNull(one.product),
    quantity: null,
    currency: null,
    reference: cleanOrNull(one.reference),
    extra,
    flags: [],
  };
  const problems: string[] = [];
  if (one.accountId) {
    const id = cleanText(one.accountId);
    if (/^\d+$/.test(id)) row.accountId = Number(id);
    else problems.push(`account id "${one.accountId}" is not a number`);
  }
  if (one.email) {
    const e = normalizeEmail(one.email);
    if (e) row.emailKey = emailKey(e);
    else row.flags.push(`"${one.email}" is not an email address`);
  }
  if (one.phone) {
    const r = normalizePhone(one.phone, opts.country);
    if (r.ok) row.phoneKey = r.phone.key;
    else row.flags.push(r.problem === 'excel-mangled' ? `phone "${one.phone}" was mangled by Excel` : `"${one.phone}" is not a phone number`);
  }
  if (!one.date) problems.push('no order date');
  else {
    const d = parseOrderDate(one.date, opts.dateOrder);
    if (d.date) row.date = d.date;
    else problems.push(d.problem!);
  }
  const money = orderMoney(one.amount, one.profit, one.currency);
  if (money.problem) problems.push(money.problem);
  row.amount = money.amount;
  row.currency = money.currency;
  if (money.profitProblem) row.flags.push(money.profitProblem);
  row.profit = money.profit;
  if (one.quantity) {
    const q = parseAmount(one.quantity);
    if (q !== undefined) row.quantity = q;
  }
  if (row.accountId === null && !row.customer && !row.emailKey && !row.phoneKey)
    problems.push('no customer: give an account id, customer name, email or phone column');
  if (problems.length) row.reject = problems.join('; ');
  return row;
}

/**
 * An order's money fields: the amount and profit as typed (symbols and decimal commas allowed) and
 * the currency from the currency column or, failing that, a symbol in the amount ("1.234,50 €").
 * Disagreeing currencies reject the row: which one is right cannot be guessed.
 */
export function orderMoney(
  amountText: string | undefined,
  profitText: string | undefined,
  currencyText: string | undefined,
): { amount: number | null; profit: number | null; currency: string | null; problem?: string; profitProblem?: string } {
  const out: ReturnType<typeof orderMoney> = { amount: null, profit: null, currency: null };
  const problems: string[] = [];
  let column: string | undefined;
  if (currencyText && currencyText.trim()) {
    column = currencyCode(currencyText);
    if (!column) problems.push(`currency "${currencyText}" is not a currency code (use CNY, EUR, USD...)`);
  }
  const named = new Set<string>();
  if (!amountText) problems.push('no amount');
  else {
    const a = parseMoney(amountText);
    if (a.amount === undefined) problems.push(`amount "${amountText}" is not a number`);
    else out.amount = a.amount;
    if (a.currency) named.add(a.currency);
  }
  if (profitText) {
    const p = parseMoney(profitText);
    if (p.amount === undefined) out.profitProblem = `profit "${profitText}" is not a number`;
    else out.profit = p.amount;
    if (p.currency) named.add(p.currency);
  }
  if (column) named.add(column);
  if (named.size > 1) problems.push(`the currencies disagree (${[...named].join(', ')}): give one currency per row`);
  else out.currency = [...named][0] ?? null;
  if (problems.length) out.problem = problems.join('; ');
  return out;
}
