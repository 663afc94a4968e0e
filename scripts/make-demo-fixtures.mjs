#!/usr/bin/env node
// Writes the demo data set under fixtures/demo/ (committed; `npm start` loads it into demo.db).
// Deterministic: the same script always writes the same files. Dates are laid out around the
// fixed demo "today", 2026-11-23, so the follow-up list run with `--as-of 2026-11-23` has work in
// it: next steps due this week, overdue promises, open complaints, birthdays coming up.
//
//   node scripts/make-demo-fixtures.mjs
//
// The story: a rep selling LED lighting, electronics and hardware from Shenzhen to distributors,
// retailers and wholesalers in China and Europe, with leads from the Canton Fair, Hannover Messe
// and Ambiente, referrals, and the web.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as V from './lib/sample-data.mjs';

export const DEMO_TODAY = '2026-11-23';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'fixtures', 'demo');
const DAY_MS = 86_400_000;
const TODAY = Date.parse(`${DEMO_TODAY}T00:00:00Z`) / DAY_MS;
const iso = (d) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const pad2 = (n) => String(n).padStart(2, '0');
const r = V.rng(20261123);

const CJK = /[\u4e00-\u9fff]/u;
/** A phrase in the customer's language: Chinese mostly for Chinese accounts, never for European ones. */
const say = (list, cn) => {
  const fit = list.filter((x) => x === null || (cn ? CJK.test(x) || r.chance(0.3) : !CJK.test(x)));
  return r.pick(fit.length ? fit : list.filter((x) => x === null || !CJK.test(x)));
};

const asciiFold = (s) =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase().replace(/[^a-z]/g, '');

// The rep's lines of business (a subset of the generator's industries).
const LINES = V.INDUSTRIES.filter((i) => ['electronics', 'lighting', 'hardware', 'furniture', 'packaging', 'retail'].includes(i[0]));
const KINDS_OF_BUYER = [
  ['distributor', '经销商', 'Distribution'],
  ['retailer', '零售', 'Retail'],
  ['wholesaler', '批发', 'Wholesale'],
  ['oem', '制造', 'Manufacturing'],
];

// A few hand-written accounts the tour refers to, then generated ones around them.
const FEATURED = [
  {
    name: '华南电子有限公司', city: '深圳', region: '广东', country: 'CN', industry: 'electronics', role: 'distributor',
    mainBusiness: '电子元器件、电源适配器分销', address: '深圳市南山区科技园路88号', postcode: '518057',
    source: 'trade-show', campaign: 'Canton Fair 2026 spring', owner: 'alice', tags: ['vip', '经销商'], website: 'https://www.huanan-dz.cn',
    notes: '华南地区最大的经销商之一，老板喜欢喝茶', employees: 250, strategic: true,
    contacts: [
      { name: '张伟', title: '采购经理', mobile: '138 1234 5678', email: 'zhang.wei@huanan-dz.cn', birthday: '1980-11-26', role: 'purchasing', entryRoles: 'acceptor' },
      { name: '王芳', title: '总经理', mobile: '139 2345 6789', email: 'wang.fang@huanan-dz.cn', role: 'decision-maker', entryRoles: 'power' },
    ],
    size: 40, orders: 30, since: 980,
  },
  {
    name: 'Nordlicht Leuchten GmbH', city: 'Hamburg', region: 'Hamburg', country: 'DE', industry: 'lighting', role: 'distributor',
    mainBusiness: 'LED lighting distribution to installers', address: 'Billstraße 112', postcode: '20539',
    source: 'trade-show', campaign: 'Hannover Messe 2025', owner: 'alice', tags: ['vip', 'distributor'], website: 'https://www.nordlicht-leuchten.de',
    notes: 'Exclusive distributor for northern Germany since 2025; pays on time', employees: 80,
    contacts: [
      { name: 'Anna Schneider', title: 'Head of Purchasing', mobile: '+49 151 23456789', email: 'a.schneider@nordlicht-leuchten.de', birthday: '--11-25', role: 'purchasing', entryRoles: 'acceptor,power' },
      { name: 'Lukas Weber', title: 'Technical Manager', phone: '+49 40 3344 5566', email: 'l.weber@nordlicht-leuchten.de', role: 'technical' },
    ],
    size: 30, orders: 22, since: 560,
  },
  {
    name: 'Lumière Maison SARL', city: 'Lyon', region: 'Auvergne-Rhône-Alpes', country: 'FR', industry: 'lighting', role: 'retailer',
    mainBusiness: 'Lighting and home decoration shops', address: '14 Rue de la République', postcode: '69002',
    source: 'referral', referredBy: 'Nordlicht Leuchten GmbH', owner: 'alice', tags: ['retailer'], website: 'https://www.lumiere-maison.fr',
    notes: 'Three shops in Lyon; referred by Anna Schneider', employees: 18,
    contacts: [{ name: 'Camille Durand', title: 'Owner', mobile: '+33 6 12 34 56 78', email: 'camille@lumiere-maison.fr', role: 'decision-maker', entryRoles: 'acceptor,dissatisfied,power' }],
    size: 4, orders: 5, since: 300,
  },
  {
    name: '义乌万通商贸有限公司', city: '义乌', region: '浙江', country: 'CN', industry: 'retail', role: 'wholesaler',
    mainBusiness: '小商品批发、出口', address: '义乌市国际商贸城二区5街1203', postcode: '322000',
    source: 'trade-show', campaign: '义乌小商品博览会 2025', owner: '李明', tags: ['price-sensitive'],
    notes: '小商品批发，价格敏感，量大', employees: 60,
    contacts: [{ name: '陈静', title: '老板', mobile: '13705791234', email: 'chenjing@163.com', birthday: '--12-02', role: 'decision-maker' }],
    size: 12, orders: 9, complaint: true, since: 700,
  },
  {
    name: 'Milano Luce S.r.l.', city: 'Milano', region: 'Lombardia', country: 'IT', industry: 'lighting', role: 'distributor',
    mainBusiness: 'Lighting distribution, Northern Italy', address: 'Via Tortona 31', postcode: '20144',
    source: 'web', campaign: 'Alibaba keyword ads 2026', owner: 'alice', tags: ['new', 'sample-sent'],
    notes: 'Asked for samples of the 600×600 panel; competitor quoted 8% lower', employees: 35,
    contacts: [{ name: 'Marco Rossi', title: 'Buyer', mobile: '+39 347 1234567', email: 'marco.rossi@milanoluce.it', role: 'purchasing', entryRoles: 'acceptor' }],
    size: 0, orders: 0, deal: 'propose',
  },
];

const ADDRESS_STREETS = {
  DE: ['Hauptstraße', 'Industriestraße', 'Bahnhofstraße', 'Gewerbering'], AT: ['Mariahilfer Straße', 'Industriezeile'],
  FR: ['Rue de la Paix', 'Avenue Jean Jaurès', 'Rue du Commerce'], IT: ['Via Roma', 'Via Garibaldi', 'Viale Europa'],
  NL: ['Industrieweg', 'Havenstraat'], GB: ['High Street', 'Station Road', 'Trafford Park Road'], ES: ['Calle Mayor', 'Avenida Diagonal'],
  PL: ['ulica Marszałkowska', 'ulica Przemysłowa'], SE: ['Drottninggatan', 'Industrivägen'],
};

function personCN() {
  const sur = r.pick(V.CN_SURNAMES);
  const g1 = r.pick(V.CN_GIVEN);
  const g2 = r.chance(0.5) ? r.pick(V.CN_GIVEN) : null;
  return { name: sur[0] + g1[0] + (g2?.[0] ?? ''), local: `${g1[1]}${g2?.[1] ?? ''}.${sur[1]}` };
}
function personEU() {
  const f = r.pick(V.WEST_FIRST);
  const l = r.pick(V.WEST_LAST);
  return { name: `${f} ${l}`, local: `${asciiFold(f)}.${asciiFold(l)}` };
}
const EU_MOBILE = { DE: '+49 15%', FR: '+33 6 %', IT: '+39 3%', NL: '+31 6 %', GB: '+44 7%', ES: '+34 6%', PL: '+48 5%', AT: '+43 664 %', SE: '+46 70 %' };
function mobileFor(country) {
  if (country === 'CN') return `1${r.pick(['38', '39', '37', '36', '58', '86', '89', '50'])}${r.digits(4)}${r.digits(4)}`.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');
  return EU_MOBILE[country].replace('%', r.digits(country === 'DE' ? 9 : 8));
}

function generatedAccount(i) {
  const place = r.chance(0.55) ? r.pick(V.CN_CITIES) : null;
  const eu = place ? null : r.pick(V.EU_CITIES);
  const country = place ? 'CN' : eu[1];
  const line = r.pick(LINES);
  const buyer = r.pick(KINDS_OF_BUYER);
  const individual = r.chance(0.08);
  const people = [];
  const nContacts = individual ? 1 : r.int(1, 3);
  for (let k = 0; k < nContacts; k++) people.push(place ? personCN() : personEU());
  let name, domain;
  if (individual) name = people[0].name;
  else if (place && r.chance(0.75)) {
    const w = r.pick(V.CN_WORDS);
    name = `${r.chance(0.5) ? place[0] : ''}${w[0]}${line[1]}${r.pick(V.CN_SUFFIXES)}`;
    domain = `${w[1]}-${line[0]}.cn`;
  } else if (place) {
    const w = r.pick(V.CN_WORDS);
    name = `${place[1][0].toUpperCase()}${place[1].slice(1)} ${w[1][0].toUpperCase()}${w[1].slice(1)} ${line[2]} Co., Ltd.`;
    domain = `${w[1]}${line[0]}.com`;
  } else {
    const w = r.chance(0.5) ? r.pick(V.EU_WORDS) : r.pick(V.WEST_LAST);
    name = `${w} ${r.chance(0.5) ? line[2] : buyer[2]} ${V.EU_SUFFIX[country]}`;
    domain = `${asciiFold(w)}-${line[0]}.${country === 'GB' ? 'co.uk' : country.toLowerCase()}`;
  }
  const src = r.pick([
    ['trade-show', 'Canton Fair 2025 autumn'], ['trade-show', 'Canton Fair 2026 spring'], ['trade-show', 'Canton Fair 2025 spring'],
    ['trade-show', place ? '义乌小商品博览会 2025' : 'Ambiente Frankfurt 2026'], ['trade-show', place ? 'Canton Fair 2024 autumn' : 'Hannover Messe 2025'],
    ['web', 'Alibaba keyword ads 2026'], ['web', null], ['referral', null], ['cold-visit', null], ['directory', null],
    ['dm', 'Spring DM mailing 2026'], ['existing-customer', null], ['personal-network', null],
  ]);
  const contacts = people.map((p, k) => {
    const c = { name: p.name, title: individual ? null : r.pick(place ? V.TITLES_CN : V.TITLES_EU) };
    if (r.chance(0.85)) c.mobile = mobileFor(country);
    if (r.chance(0.85)) c.email = domain && r.chance(0.7) ? `${p.local}@${domain}` : `${p.local.replace('.', '')}@${r.pick(place ? V.CN_FREEMAIL : V.EU_FREEMAIL)}`;
    if (r.chance(0.35)) {
      // Some birthdays fall in the fortnight after the demo "today".
      const d = r.chance(0.35) ? TODAY + r.int(0, 14) : TODAY + r.int(15, 350);
      const md = iso(d).slice(5);
      c.birthday = r.chance(0.5) ? `--${md}` : `${r.int(1965, 1995)}-${md}`;
    }
    if (r.chance(0.7)) c.role = k === 0 ? r.pick(['purchasing', 'decision-maker']) : r.pick(V.BUYING_ROLES);
    const hobby = r.pick(V.HOBBIES);
    if (hobby) c.hobbies = hobby;
    return c;
  });
  const customer = r.chance(0.62);
  const size = customer ? Math.min(individual ? 1.2 : 25, Math.pow(1 - r.next(), -1 / 1.16)) : 0;
  return {
    name,
    kind: individual ? 'individual' : 'company',
    city: place ? place[0] : eu[0],
    region: place ? place[2] : eu[2],
    country,
    industry: line[0],
    role: buyer[0],
    source: src[0],
    campaign: src[1],
    owner: r.pick(['alice', 'alice', 'alice', 'bob', '李明']),
    tags: individual ? [] : r.chance(0.6) ? [place && r.chance(0.5) ? buyer[1] : buyer[0]] : [],
    website: domain && r.chance(0.6) ? `https://www.${domain}` : undefined,
    phone: !individual && r.chance(0.5) ? (place ? `0${place[3]}-${r.digits(place[3].length === 2 ? 8 : 7).replace(/^0/, '6')}` : `+${eu[3]} ${eu[4].replace(/^0(?=\d)/, eu[3] === '39' ? '0' : '')} ${r.digits(eu[5]).replace(/^0/, '3')}`) : undefined,
    employees: individual ? undefined : r.int(3, 400),
    mainBusiness: r.chance(0.8) ? (place && CJK.test(name) ? `${line[1]}${buyer[1]}` : `${line[2]} ${buyer[2].toLowerCase()}`) : undefined,
    address: r.chance(0.75)
      ? place
        ? `${place[0]}市${r.pick(['南山区', '福田区', '天河区', '高新区', '开发区', '滨江区', '工业园区'])}${r.pick(['科技园路', '人民路', '解放路', '建设路', '工业大道', '中山路', '和平路'])}${r.int(1, 399)}号`
        : `${r.pick(ADDRESS_STREETS[country] ?? ['Industrial Estate'])} ${r.int(1, 180)}`
      : undefined,
    postcode: place ? `${r.int(100, 800)}000` : String(r.int(10000, 99999)),
    notes: r.chance(0.25) ? r.pick(['Met at booth 12.1 B23', '展会认识，对新品感兴趣', 'Prefers WeChat', 'Pays by L/C', 'Wants exclusive distribution in region', '价格敏感', 'Visit only in the morning', 'Ask about the Q1 catalogue']) : undefined,
    contacts,
    size,
    orders: customer ? 1 + Math.min(25, r.count(3 + size)) : 0,
    deal: !customer && r.chance(0.35) ? r.pick(['approach', 'qualify', 'propose', 'negotiate']) : customer && r.chance(0.12) ? r.pick(['qualify', 'propose', 'negotiate']) : undefined,
    complaint: customer && r.chance(0.08),
    dormant: customer && r.chance(0.15),
  };
}

const accounts = [...FEATURED];
for (let i = accounts.length; i < 224; i++) accounts.push(generatedAccount(i));
accounts.forEach((a, i) => (a.ref = `A${String(i + 1).padStart(3, '0')}`));
// Referrals point at earlier customers.
for (const a of accounts) {
  if (a.source === 'referral' && !a.referredBy) {
    const referrer = accounts.find((b) => b !== a && b.orders > 3 && r.chance(0.2));
    if (referrer) a.referredBy = referrer.name;
  }
}

const orders = [];
const interactions = [];
const deals = [];
const promises = [];
const complaints = [];
const surveys = [];
for (const a of accounts) {
  const cur = a.country === 'CN' ? 'CNY' : a.country === 'GB' ? 'GBP' : 'EUR';
  const unit = a.country === 'CN' ? 1 : 0.13;
  const line = V.INDUSTRIES.find((x) => x[0] === a.industry);
  const cn = a.country === 'CN';
  const start = TODAY - (a.since ?? r.int(60, 1000));
  const lastOrderDay = a.dormant ? TODAY - r.int(380, 700) : TODAY - r.int(2, 60);
  const od = [];
  for (let k = 0; k < a.orders; k++) od.push(k === 0 ? lastOrderDay : r.int(Math.min(start, lastOrderDay - 30), lastOrderDay));
  od.sort((x, y) => x - y);
  const margin = 0.08 + r.next() * 0.25;
  for (const d of od) {
    const amount = Math.round(unit * Math.max(1, a.size) * (2000 + r.next() * 12000));
    orders.push({ ref: a.ref, date: iso(d), amount, profit: Math.round(amount * margin), product: r.pick(line[3]), quantity: r.int(2, 60) * 10, currency: cur });
  }
  // Interactions: older history, then recent touches; many accounts have a next step due around today.
  const n = a.orders ? r.int(3, 10) : r.int(1, 6);
  const days = [];
  for (let k = 0; k < n; k++) days.push(r.int(Math.min(start, TODAY - 40), TODAY - 1));
  days.sort((x, y) => x - y);
  if (!a.dormant && r.chance(0.8)) days[days.length - 1] = TODAY - r.int(1, 20);
  days.forEach((d, k) => {
    const kind = r.pick(['call', 'call', 'email', 'message', 'visit', 'meeting', ...(a.orders ? ['gift'] : []), ...(a.source === 'trade-show' && k === 0 ? ['event', 'event'] : [])]);
    const last = k === days.length - 1;
    const c = a.contacts[r.int(0, a.contacts.length - 1)];
    // Working hours where the customer is: China is UTC+8, Europe UTC+1.
    const hour = a.country === 'CN' ? r.int(1, 9) : r.int(7, 16);
    const next = last && d > TODAY - 25 && r.chance(0.75);
    interactions.push({
      ref: a.ref,
      contact: c.name,
      kind,
      stage: a.deal && last ? a.deal : a.orders ? (r.chance(0.3) ? 'care' : '') : k === 0 ? 'approach' : '',
      at: `${iso(d)}T${pad2(hour)}:${pad2(r.int(0, 59))}:00.000Z`,
      summary: kind === 'gift' ? giftFor(iso(d), cn) : say(V.SUMMARIES[kind], cn),
      outcome: say(V.OUTCOMES, cn) ?? '',
      next_step: next ? say(V.NEXT_STEPS, cn) : '',
      next_due: next ? iso(TODAY + r.int(-6, 10)) : '',
      minutes: kind === 'call' ? r.int(3, 25) : kind === 'visit' || kind === 'meeting' ? r.int(30, 90) : '',
    });
  });
  if (a.deal) {
    const stages = V.DEAL_STAGES;
    const idx = stages.indexOf(a.deal);
    let t = TODAY - r.int(30, 120);
    const history = [];
    for (let s = 0; s <= idx; s++) {
      if (s) t = Math.min(TODAY - 1, t + r.int(3, 25));
      history.push({ stage: stages[s], at: `${iso(t)}T10:00:00.000Z` });
    }
    const product = r.pick(line[3]);
    // Deals are quoted in the customer's currency, like its orders.
    deals.push({
      ref: a.ref, title: a.country === 'CN' ? `${product}采购` : `${product} order`, stage: a.deal, status: 'open',
      amount: Math.round(unit * (a.size || 2) * r.int(20, 80)) * 100, currency: cur, probability: [0.1, 0.25, 0.5, 0.7, 0.9][idx],
      expected_close: iso(TODAY + r.int(7, 75)), history,
    });
  }
  if (a.orders > 2 && r.chance(0.1)) {
    const t = TODAY - r.int(100, 500);
    deals.push({
      ref: a.ref, title: 'Annual supply agreement', stage: 'close', status: r.chance(0.7) ? 'won' : 'lost', amount: Math.round(unit * a.size * 500) * 100, currency: cur,
      probability: null, expected_close: null, history: [{ stage: 'approach', at: `${iso(t)}T10:00:00.000Z` }, { stage: 'negotiate', at: `${iso(t + 20)}T10:00:00.000Z` }, { stage: 'close', at: `${iso(t + 35)}T10:00:00.000Z` }],
    });
    const d = deals[deals.length - 1];
    if (d.status === 'lost') Object.assign(d, { lost_reason: say(V.LOST_REASONS, cn), competitor: r.pick(V.COMPETITORS) });
  }
  if (r.chance(0.18) || a.ref === 'A001' || a.ref === 'A002') {
    const due = TODAY + r.int(-8, 12);
    promises.push({ ref: a.ref, to: a.contacts[0].name, what: say(V.PROMISES, cn), made_by: a.owner, due_on: iso(due), created: iso(due - r.int(5, 20)), status: 'open' });
  }
  if (a.orders && r.chance(0.08)) {
    const due = TODAY - r.int(20, 200);
    promises.push({ ref: a.ref, to: a.contacts[0].name, what: say(V.PROMISES, cn), made_by: a.owner, due_on: iso(due), created: iso(due - 10), status: r.chance(0.8) ? 'kept' : 'broken' });
  }
  if (a.complaint) {
    const opened = TODAY - r.int(2, 25);
    complaints.push({ ref: a.ref, contact: a.contacts[0].name, summary: say(V.COMPLAINTS, cn), severity: r.pick(['medium', 'high']), opened_on: iso(opened), acknowledged_on: iso(opened + 1), status: 'acknowledged' });
  }
  if (a.orders > 1 && r.chance(0.1)) {
    const opened = TODAY - r.int(60, 400);
    const c = { ref: a.ref, contact: a.contacts[0].name, summary: say(V.COMPLAINTS, cn), severity: 'low', opened_on: iso(opened), acknowledged_on: iso(opened), resolved_on: iso(opened + r.int(3, 20)), resolution: say(['replaced the goods', '补发配件', 'credit note issued'], cn), status: 'resolved' };
    // A credit note is compensation, in the customer's currency.
    if (/credit/.test(c.resolution)) Object.assign(c, { compensation: Math.round(unit * a.size * 40) * 10 || Math.round(unit * 400), currency: cur });
    complaints.push(c);
  }
  if (a.orders > 2 && r.chance(0.3)) {
    const base = r.int(2, 5);
    const s = () => Math.max(1, Math.min(5, base + r.int(-1, 1)));
    surveys.push({ ref: a.ref, contact: a.contacts[0].name, taken_on: iso(TODAY - r.int(10, 300)), product_quality: s(), service_quality: s(), price: s(), communication: s(), overall: s(), comment: say(V.SURVEY_COMMENTS, cn) ?? '' });
  }
}

// ---- The account file in depth (issue 19), written by hand after everything random, so the
// generated story above stays exactly as it was.

// Contacts belong to departments, read off their titles.
const DEPARTMENT_OF = {
  采购经理: '采购部', 采购主管: '采购部', 总经理: '总经办', 副总经理: '总经办', 老板: '总经办', 技术总监: '技术部', 工程师: '技术部',
  财务经理: '财务部', 销售总监: '销售部', 店长: '门店', 'Purchasing Manager': 'Purchasing', 'Head of Purchasing': 'Purchasing',
  Buyer: 'Purchasing', 'Category Manager': 'Purchasing', 'Managing Director': 'Management', Owner: 'Management', CTO: 'Engineering',
  Engineer: 'Engineering', 'Technical Manager': 'Engineering', 'Head of Finance': 'Finance', 'Store Manager': 'Store',
  'Operations Manager': 'Operations',
};
const byRef = (ref) => accounts.find((a) => a.ref === ref);
byRef('A001').contacts.push({ name: '李强', title: '技术总监', mobile: '137 5555 0101', email: 'li.qiang@huanan-dz.cn', role: 'technical' });
byRef('A002').contacts.push({ name: 'Jens Hoffmann', title: 'Managing Director', phone: '+49 40 3344 5500', email: 'j.hoffmann@nordlicht-leuchten.de', role: 'decision-maker', entryRoles: 'power' });
for (const a of accounts) for (const c of a.contacts) if (c.title && DEPARTMENT_OF[c.title]) c.department = DEPARTMENT_OF[c.title];

// 华南电子, the strategic distributor, hangs on one person: in the last 90 days only 张伟 (purchasing)
// was reached; the general manager 王芳 was last met in May, the technical director never.
const WINDOW_FROM = iso(TODAY - 89);
for (const i of interactions) if (i.ref === 'A001' && i.at.slice(0, 10) >= WINDOW_FROM) i.contact = '张伟';
const handInteraction = (ref, contact, kind, at, summary, extra = {}) =>
  interactions.push({ ref, contact, kind, stage: extra.stage ?? '', at, summary, outcome: extra.outcome ?? '', next_step: extra.next_step ?? '', next_due: extra.next_due ?? '', minutes: extra.minutes ?? '' });
handInteraction('A001', '王芳', 'visit', '2026-05-12T02:30:00.000Z', '年度业务回顾，王芳总参加', { stage: 'care', outcome: '续签明年框架协议', minutes: 90 });
handInteraction('A001', '张伟', 'call', '2026-10-28T03:10:00.000Z', '确认圣诞备货数量', { outcome: '追加两千套', minutes: 12 });
handInteraction('A001', '张伟', 'message', '2026-11-20T06:45:00.000Z', '微信确认样品到货', { outcome: '样品已到' });
// Nordlicht, the contrast: purchasing, engineering and the managing director all reached.
handInteraction('A002', 'Jens Hoffmann', 'meeting', '2026-10-14T09:00:00.000Z', 'Annual supply agreement: terms for 2027', { outcome: 'agreed in principle', minutes: 60 });
handInteraction('A002', 'Anna Schneider', 'visit', '2026-11-05T10:00:00.000Z', 'Showroom visit with the new panel range', { outcome: 'order expected', minutes: 70 });

// A week at a glance (2026-11-17 to 2026-11-23): deals closed, promises kept and broken, a
// complaint closed, and new leads from a trade show.
deals.push({
  ref: 'A004', title: '圣诞灯串补单', stage: 'close', status: 'won', amount: 36000, probability: null, expected_close: null,
  history: [{ stage: 'approach', at: '2026-10-20T02:00:00.000Z' }, { stage: 'negotiate', at: '2026-11-05T02:00:00.000Z' }, { stage: 'close', at: '2026-11-19T03:00:00.000Z' }],
});
deals.push({
  ref: 'A003', title: 'Outdoor range for the shops', stage: 'close', status: 'lost', amount: 8400, probability: null, expected_close: null,
  lost_reason: 'price', competitor: 'EuroSupply GmbH',
  history: [{ stage: 'approach', at: '2026-09-15T09:00:00.000Z' }, { stage: 'propose', at: '2026-10-10T09:00:00.000Z' }, { stage: 'close', at: '2026-11-20T15:00:00.000Z' }],
});
promises.push({ ref: 'A005', to: 'Marco Rossi', what: 'Send samples of the 600×600 panel', made_by: 'alice', due_on: '2026-11-18', created: '2026-11-07', status: 'kept' });
promises.push({ ref: 'A003', to: 'Camille Durand', what: 'Send the outdoor catalogue in French', made_by: 'alice', due_on: '2026-11-17', created: '2026-11-02', status: 'broken' });
complaints.push({
  ref: 'A002', contact: 'Anna Schneider', summary: 'Two panels arrived with scratches', severity: 'medium', opened_on: '2026-11-12', acknowledged_on: '2026-11-12',
  resolved_on: '2026-11-18', resolution: 'replacements sent by express', feedback_on: '2026-11-20', status: 'closed',
});
const FAIR = 'LED China Shenzhen 2026 autumn';
for (const [name, contact, title, mobile, city] of [
  ['深圳光耀照明科技有限公司', '刘洋', '采购经理', '138 2600 1188', '深圳'],
  ['东莞明辉灯饰有限公司', '黄丽', '总经理', '139 2800 2299', '东莞'],
  ['佛山瑞丰光电有限公司', '周杰', '技术总监', '137 2900 3377', '佛山'],
]) {
  const ref = `A${String(accounts.length + 1).padStart(3, '0')}`;
  accounts.push({
    ref, name, kind: 'company', city, region: '广东', country: 'CN', industry: 'lighting', source: 'trade-show', campaign: FAIR, owner: 'alice',
    created: '2026-11-18', contacts: [{ name: contact, title, department: DEPARTMENT_OF[title], mobile, role: title === '技术总监' ? 'technical' : 'decision-maker' }],
  });
  handInteraction(ref, contact, 'event', '2026-11-18T05:00:00.000Z', '展会上交换名片，对户外灯感兴趣', { stage: 'approach', next_step: '发送产品目录', next_due: '2026-11-25' });
}
accounts.push({
  ref: `A${String(accounts.length + 1).padStart(3, '0')}`, name: 'Lichthaus Bremen GmbH', kind: 'company', city: 'Bremen', region: 'Bremen', country: 'DE',
  industry: 'lighting', source: 'referral', referredBy: 'Nordlicht Leuchten GmbH', owner: 'alice', created: '2026-11-19',
  contacts: [{ name: 'Petra Krüger', title: 'Buyer', department: 'Purchasing', email: 'p.krueger@lichthaus-bremen.de', role: 'purchasing' }],
});

/** Gifts follow the calendar of domain.md: Spring Festival, Mother's Day, Mid-Autumn, Christmas. */
function giftFor(date, cn) {
  const m = Number(date.slice(5, 7));
  if (m <= 2) return cn ? '春节礼品' : 'Spring Festival gift box';
  if (m === 5) return 'Sent flowers for Mother\u2019s Day';
  if (m === 9 || m === 10) return cn ? '中秋节送月饼' : 'Sent mooncakes for Mid-Autumn';
  if (m === 12) return 'Christmas card and calendar';
  return cn ? '寄送小礼品' : 'Sent a tea gift set with the samples';
}

function csv(rows) {
  const cols = Object.keys(rows[0]);
  const q = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((row) => cols.map((c) => q(row[c])).join(','))].join('\n') + '\n';
}

const accountsOut = accounts.map(({ size, orders: _o, deal: _d, complaint: _c, dormant: _do, ...a }) =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== null)),
);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'accounts.json'), JSON.stringify(accountsOut, null, 1) + '\n');
writeFileSync(join(OUT, 'orders.csv'), csv(orders));
writeFileSync(join(OUT, 'interactions.csv'), csv(interactions));
writeFileSync(join(OUT, 'care.json'), JSON.stringify({ today: DEMO_TODAY, deals, promises, complaints, surveys }, null, 1) + '\n');
console.error(
  `fixtures/demo: ${accounts.length} accounts, ${accounts.reduce((s, a) => s + a.contacts.length, 0)} contacts, ${orders.length} orders, ` +
    `${interactions.length} interactions, ${deals.length} deals, ${promises.length} promises, ${complaints.length} complaints, ${surveys.length} surveys`,
);
