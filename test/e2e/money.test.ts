// Issue 15: a book in yuan, euros, pounds and dollars. Every figure below is worked out by hand in
// the base currency (CNY) from the rows written here, with the rates of the config:
//   EUR 7.5 from 2025-01-01 (and before it: the first rate applies), 8 from 2026-01-01; GBP 9; USD 7.
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { Kysely, SqliteDialect } from 'kysely';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBook } from '../helpers/book.js';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { itSqlite } from '../helpers/engines.js';
import { byKey, reportSummary as summary, reportTable as table } from '../helpers/report-fixture.js';
import * as m0034 from '../../src/db/migrations/0034-currencies.js';

type Row = Record<string, any>;
const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

const RATES = { EUR: { '2025-01-01': 7.5, '2026-01-01': 8 }, GBP: 9, USD: 7 };

const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

/** A book with the rates above in its config, these accounts added, and crm run with that config on a day. */
function ratesBook(accounts: readonly string[]) {
  const sb = sandbox();
  const cfg = join(sb.dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ currency: 'CNY', rates: RATES }));
  const crm = (args: string[], asOf = '2026-06-30', config = cfg) => sb.crm(['--config', config, '--as-of', asOf, ...args]);
  for (const n of accounts) ok(crm(['account', 'add', '--name', n], '2026-01-05'));
  return { sb, crm };
}

describe('money in several currencies (issue 15)', () => {
  let sb: Sandbox;
  let cfg: string;
  let noGbp: string;
  const crm = (args: string[], asOf = '2026-06-30', config = cfg) => sb.crm(['--config', config, '--as-of', asOf, ...args]);
  const json = (args: string[], config = cfg) => {
    const r = crm([...args, '--json'], '2026-06-30', config);
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  beforeAll(() => {
    sb = sandbox();
    cfg = join(sb.dir, 'config.json');
    writeFileSync(cfg, JSON.stringify({ currency: 'CNY', rates: RATES }));
    noGbp = join(sb.dir, 'no-gbp.json');
    writeFileSync(noGbp, JSON.stringify({ currency: 'CNY', rates: { EUR: RATES.EUR, USD: 7 } }));
    const empty = join(sb.dir, 'empty.json');
    writeFileSync(empty, '{}');
    writeFileSync(join(sb.dir, 'cards.csv'), 'company\nShenzhen Lights\nBerlin Leuchten\nHangzhou Small\nLead One\nLead Two\n');
    writeFileSync(join(sb.dir, 'others.csv'), 'company,source,campaign\nLondon Lamps,referral,\nOhio Bulbs,web,Web ads\nParis Deco,directory,\n');
    ok(crm(['import', 'cards.csv', '--source', 'trade-show', '--campaign', 'Canton Fair'], '2025-01-01'));
    ok(crm(['import', 'others.csv'], '2025-01-01'));
    // An order recorded before any base currency was configured: NULL currency, read as the base.
    writeFileSync(join(sb.dir, 'legacy.csv'), 'customer,date,amount\nShenzhen Lights,2026-02-01,16000\n');
    ok(crm(['import', 'legacy.csv', '--kind', 'orders'], '2026-02-01', empty));
    writeFileSync(
      join(sb.dir, 'orders.csv'),
      [
        'customer,date,amount,profit,currency',
        'Shenzhen Lights,2025-03-01,"¥30,000",,',
        'Berlin Leuchten,2025-06-01,"400,00 €","100,00 €",',
        'Berlin Leuchten,2026-03-01,625,125,EUR',
        'London Lamps,2026-01-15,"£3,000",,',
        'Ohio Bulbs,2026-04-01,"US$ 1,000",,',
        'Hangzhou Small,2026-05-01,8000,,RMB',
        'Paris Deco,2024-09-01,500,,EUR',
      ].join('\n') + '\n',
    );
    ok(crm(['import', 'orders.csv', '--kind', 'orders'], '2026-06-30'));
    ok(crm(['log', 'Lead One', '--kind', 'call', '--summary', 'met at the fair, call back in spring'], '2025-02-10'));
    ok(crm(['campaign', 'edit', 'Canton Fair', '--cost', '€2,000', '--from', '2025-02-01', '--to', '2025-02-05']));
    ok(crm(['campaign', 'edit', 'Web ads', '--cost', 'US$ 1,000', '--from', '2026-03-01']));
  });
  afterAll(() => sb?.cleanup());

  it('stores each order with its currency: symbols, a currency column, and NULL for the legacy row', () => {
    const orders = json(['order', 'list']) as Row[];
    const pick = orders.map((o) => [o.account, o.orderedOn, o.amount, o.profit, o.currency]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(pick).toEqual([
      ['Berlin Leuchten', '2025-06-01', 400, 100, 'EUR'],
      ['Berlin Leuchten', '2026-03-01', 625, 125, 'EUR'],
      ['Hangzhou Small', '2026-05-01', 8000, null, 'CNY'],
      ['London Lamps', '2026-01-15', 3000, null, 'GBP'],
      ['Ohio Bulbs', '2026-04-01', 1000, null, 'USD'],
      ['Paris Deco', '2024-09-01', 500, null, 'EUR'],
      ['Shenzhen Lights', '2025-03-01', 30000, null, 'CNY'],
      ['Shenzhen Lights', '2026-02-01', 16000, null, 'CNY'],
    ]);
    // The base converts at the rate of each order's date: 400 € in 2025 at 7.5, 625 € in 2026 at 8.
    expect(orders.find((o) => o.amount === 625)?.amountInBase).toBe(5000);
    // Stored: the legacy row without a currency (the base, whatever it is set to); the rest explicit.
    const db = openBook(sb.db, { readonly: true });
    const stored = db.prepare('select amount, currency from orders order by id').all();
    db.close();
    expect(stored).toContainEqual({ amount: 16000, currency: null });
    expect(stored).toContainEqual({ amount: 8000, currency: 'CNY' });
  });

  it('tiers: ABC on revenue converted to CNY, equal revenues in one class', () => {
    // Lifetime revenue in CNY:
    //   Shenzhen 30000 + 16000 = 46000; London 3000 GBP × 9 = 27000;
    //   Berlin 400 € × 7.5 + 625 € × 8 = 3000 + 5000 = 8000; Hangzhou 8000; Ohio 1000 USD × 7 = 7000;
    //   Paris 500 € in 2024, before the first EUR rate, so at it: × 7.5 = 3750.   Total 99750.
    // A while the revenue ranked before an account is below 80% (79800), B below 95% (94762.5):
    //   Shenzhen 0 → A; London 46000 → A; Berlin 73000 → A; Hangzhou ties Berlin's 8000 → A
    //   (on its own 81000 would make it B); Ohio 89000 → B; Paris 96000 → C.
    // (Adding the amounts as plain numbers, as before, made London B and Berlin C.)
    const t = json(['tiers']);
    expect(t.currency).toBe('CNY');
    const acc = byKey(t.accounts, 'name');
    const got = Object.fromEntries(['Shenzhen Lights', 'London Lamps', 'Berlin Leuchten', 'Hangzhou Small', 'Ohio Bulbs', 'Paris Deco'].map((n) => [n, [acc[n].tier, acc[n].revenue]]));
    expect(got).toEqual({
      'Shenzhen Lights': ['A', 46000],
      'London Lamps': ['A', 27000],
      'Berlin Leuchten': ['A', 8000],
      'Hangzhou Small': ['A', 8000],
      'Ohio Bulbs': ['B', 7000],
      'Paris Deco': ['C', 3750],
    });
    expect(acc['Lead One'].tier).toBeNull();
    // The score explains revenue in the base too.
    const explained = json(['score', 'Berlin Leuchten', '--explain']);
    expect(explained.value.parts.find((p: any) => p.input === 'monetary').value).toMatch(/^revenue 8,000 CNY;/);
  });

  it('pareto: the period in CNY with its own classes', () => {
    // 2026-01-01 – 2026-06-30: London 27000, Shenzhen 16000, Hangzhou 8000, Ohio 7000, Berlin 625 € × 8 = 5000.
    // Total 63000; 80% = 50400 is reached by the third (27000 + 16000 + 8000 = 51000).
    // Classes of the period: London 0, Shenzhen 27000, Hangzhou 43000 → A; Ohio 51000 ≥ 50400 → B;
    // Berlin 58000 < 59850 → B. Berlin is an A account over its lifetime: "tier now" says so.
    const r = json(['report', 'pareto', '--from', '2026-01-01', '--to', '2026-06-30']);
    expect(r.currency).toBe('CNY');
    expect(summary(r, 'revenue')).toBe(63000);
    expect(summary(r, 'accounts making 80% of revenue')).toBe(3);
    expect(summary(r, 'share of accounts making 80%')).toBeCloseTo(3 / 5);
    expect(summary(r, 'revenue share of the top 20%')).toBeCloseTo(27000 / 63000);
    expect(['A', 'B', 'C'].map((k) => summary(r, `${k} accounts in the period`))).toEqual([3, 2, 0]);
    expect(table(r, 'Top accounts').map((x) => [x.name, x.revenue, x.periodClass, x.tier])).toEqual([
      ['London Lamps', 27000, 'A', 'A'],
      ['Shenzhen Lights', 16000, 'A', 'A'],
      ['Hangzhou Small', 8000, 'A', 'A'],
      ['Ohio Bulbs', 7000, 'B', 'B'],
      ['Berlin Leuchten', 5000, 'B', 'A'],
    ]);
    // The table says which currency the money columns are in.
    const t = crm(['report', 'pareto', '--from', '2026-01-01', '--to', '2026-06-30']);
    expect(t.stdout).toContain('revenue (CNY)');
    expect(t.stdout).toContain('63,000');
  });

  it('clv: revenue, margin and retention in CNY, as the formula says', () => {
    // To 2026-06-30; the retention base bought from 2024-07-01 to 2025-06-30 (Shenzhen, Berlin,
    // Paris) and of them Shenzhen and Berlin bought again since 2025-07-01: retention 2/3, so the
    // expected lifetime is 1 / (1 − 2/3) = 3 years.
    // Margin: only Berlin's orders record a profit: (100 € × 7.5 + 125 € × 8) / 8000 = 1750 / 8000.
    // Customer-years: each customer's years since the first order, at least one.
    const years =
      days('2025-03-01', '2026-06-30') / 365.25 + // Shenzhen: 486 days
      days('2025-06-01', '2026-06-30') / 365.25 + // Berlin: 394 days
      days('2024-09-01', '2026-06-30') / 365.25 + // Paris: 667 days
      3; // London, Ohio, Hangzhou: less than a year, one each
    const annual = 99750 / years;
    const r = json(['report', 'clv', '--to', '2026-06-30']);
    expect(summary(r, 'customers')).toBe(6);
    expect(summary(r, 'revenue per customer per year')).toBeCloseTo(annual, 6);
    expect(summary(r, 'annual retention')).toBeCloseTo(2 / 3, 9);
    expect(summary(r, 'expected lifetime (years)')).toBeCloseTo(3, 9);
    expect(summary(r, 'average CLV')).toBeCloseTo(annual * (1750 / 8000) * 3, 6);
  });

  it('sources: what each campaign cost per lead, qualified lead and won customer, and its ROI', () => {
    // Canton Fair: 2000 € on 2025-02-01 at 7.5 = 15000 CNY. Five cards; contacted: the three
    // customers and Lead One (a call); qualified and won: the three customers (orders).
    // Revenue of its customers: Shenzhen 46000 + Berlin 8000 + Hangzhou 8000 = 62000.
    //   per lead 15000 / 5 = 3000; per qualified and per won 15000 / 3 = 5000;
    //   ROI (62000 − 15000) / 15000 = 3.1333.
    // Web ads: 1000 USD × 7 = 7000 for one lead, Ohio, who bought 7000: ROI 0.
    const r = json(['report', 'sources', '--to', '2026-06-30']);
    const c = byKey(table(r, 'By campaign'), 'campaign');
    expect(c['Canton Fair']).toMatchObject({ source: 'trade-show', leads: 5, contacted: 4, qualified: 3, won: 3, revenue: 62000, cost: 15000, costPerLead: 3000, costPerQualified: 5000, costPerWon: 5000 });
    expect(c['Canton Fair'].roi).toBeCloseTo(47000 / 15000, 9);
    expect(c['Web ads']).toMatchObject({ leads: 1, won: 1, revenue: 7000, cost: 7000, costPerWon: 7000, roi: 0 });
    const s = byKey(table(r, 'By lead source'), 'source');
    expect(s['trade-show']).toMatchObject({ leads: 5, cost: 15000, revenue: 62000 });
    expect(s.referral).toMatchObject({ leads: 1, won: 1, revenue: 27000, cost: null, roi: null });
    expect(summary(r, 'revenue')).toBe(99750);
    expect(summary(r, 'campaign costs')).toBe(22000);
    // The campaign itself says the same.
    const show = json(['campaign', 'show', 'Canton Fair']);
    expect(show).toMatchObject({ cost: 2000, currency: 'EUR', costInBase: 15000 });
    expect(show.figures).toMatchObject({ leads: 5, won: 3, costPerWon: 5000, revenue: 62000 });
    // Orders from before a campaign started were not won by it: move Web ads after Ohio's order.
    expect(crm(['campaign', 'edit', 'Web ads', '--from', '2026-05-01']).code).toBe(0);
    const later = byKey(table(json(['report', 'sources', '--to', '2026-06-30']), 'By campaign'), 'campaign');
    expect(later['Web ads']).toMatchObject({ leads: 1, won: 0, revenue: 0, cost: 7000, costPerWon: null, roi: -1 });
    expect(crm(['campaign', 'edit', 'Web ads', '--from', '2026-03-01']).code).toBe(0);
  });

  it('CSV output parses back to the numbers of the JSON report, headers naming the currency', () => {
    for (const args of [
      ['report', 'sources', '--to', '2026-06-30'],
      ['report', 'pareto', '--from', '2026-01-01', '--to', '2026-06-30'],
      ['report', 'clv', '--to', '2026-06-30'],
      ['report', 'tiers', '--from', '2026-01-01', '--to', '2026-06-30'],
    ]) {
      const r = json(args);
      const csv = crm([...args, '--format', 'csv']);
      expect(csv.code, csv.stderr).toBe(0);
      const blocks = csv.stdout.split(/\r?\n\r?\n/).map((b) => parse(b, { relax_column_count: true }) as string[][]);
      const isMoney = (kind: string) => kind === 'money' || kind === 'amount';
      const cell = (v: unknown, kind: string) => (v === null || v === undefined ? '' : ['int', 'num', 'money', 'amount', 'pct'].includes(kind) ? Number(v) : String(v));
      const back = (v: string, kind: string) => (v === '' ? '' : ['int', 'num', 'money', 'amount', 'pct'].includes(kind) ? Number(v) : v);
      // the summary: section, field (money labels say CNY), value
      const summaryRows = blocks[0]!.slice(1);
      expect(summaryRows.map((x) => x[1])).toEqual(r.summary.map((x: any) => (isMoney(x.kind) ? `${x.label} (CNY)` : x.label)));
      expect(summaryRows.map((x, i) => back(x[2]!, r.summary[i].kind))).toEqual(r.summary.map((x: any) => cell(x.value, x.kind)));
      // every table, found by its header row
      for (const t of r.tables) {
        if (!t.rows.length) continue;
        const header = t.columns.map((c: any) => (isMoney(c.kind) ? `${c.header} (CNY)` : c.header));
        const block = blocks.find((b) => JSON.stringify(b[0]) === JSON.stringify(header));
        expect(block, `${args.join(' ')}: ${t.title}`).toBeDefined();
        expect(block!.slice(1).map((row) => row.map((v, k) => back(v, t.columns[k].kind)))).toEqual(
          t.rows.map((row: any) => t.columns.map((c: any) => cell(row[c.key], c.kind))),
        );
      }
    }
  });

  it('a missing rate is an error naming the currency and the config key, never a raw sum', () => {
    for (const args of [['tiers', '--refresh'], ['report', 'pareto'], ['report', 'sources'], ['report', 'clv'], ['score', '--refresh']]) {
      const r = crm(args, '2026-06-30', noGbp);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/no exchange rate for GBP \(1 order\): set rates\.GBP in the config/);
      expect(r.stderr).not.toMatch(/at .*\.js|--debug/);
    }
    const list = crm(['order', 'list'], '2026-06-30', noGbp);
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/no exchange rate for GBP/);
  });

  it('new rates make the stored tiers stale: they are recomputed with them', () => {
    const cheap = join(sb.dir, 'cheap-gbp.json');
    writeFileSync(cheap, JSON.stringify({ currency: 'CNY', rates: { ...RATES, GBP: 1 } }));
    // London at 3000 × 1 = 3000 is now below Ohio.
    const t = json(['tiers'], cheap);
    expect(byKey(t.accounts, 'name')['London Lamps']).toMatchObject({ revenue: 3000 });
    expect(byKey(json(['tiers']).accounts, 'name')['London Lamps']).toMatchObject({ revenue: 27000, tier: 'A' });
  });
});

describe('forecast: the weighted pipeline in the base currency (issue 15.3)', () => {
  let book: ReturnType<typeof ratesBook>;
  const crm = (args: string[], asOf?: string, config?: string) => book.crm(args, asOf, config);
  let sb: Sandbox;

  beforeAll(() => {
    book = ratesBook(['Berlin Leuchten', 'Ohio Bulbs', 'Lead One', 'Lead Two', 'London Lamps']);
    sb = book.sb;
    ok(crm(['approach', 'Lead One', '--channel', 'call', '--outcome', 'interested', '--expected-close', '2026-05-20'], '2026-03-01'));
    ok(crm(['close', 'London Lamps', '--won', '--amount', '3000', '--currency', 'GBP'], '2026-06-01'));
    ok(crm(['propose', 'Berlin Leuchten', '--amount', '1000', '--currency', 'EUR', '--expected-close', '2026-08-15', '--by', 'alice'], '2026-06-20'));
    ok(crm(['negotiate', 'Ohio Bulbs', '--amount', '2000', '--currency', 'USD', '--expected-close', '2026-07-10', '--probability', '0.6', '--by', 'alice'], '2026-06-25'));
    ok(crm(['qualify', 'Lead Two', '--budget', '50000', '--by', 'bob'], '2026-06-28'));
  });
  afterAll(() => sb?.cleanup());

  it('by close month and quarter, stage and owner; stale and undated deals apart', () => {
    // In CNY at today's rates (EUR 8, USD 7), weighted by the deal's probability or its stage's:
    //   Berlin propose 1000 € = 8000 × 0.5 = 4000, closes 2026-08;
    //   Ohio negotiate 2000 USD = 14000 × 0.6 (its own) = 8400, closes 2026-07;
    //   Lead Two qualify, budget 50000 CNY × 0.25 = 12500, no close date;
    //   Lead One approach, no amount, expected 2026-05-20 (gone by), idle since 2026-03-01 (> 14 days: stale).
    // London's deal is won: not in the pipeline.
    const r = JSON.parse(crm(['report', 'forecast', '--json']).stdout);
    expect(r.currency).toBe('CNY');
    expect(summary(r, 'open deals')).toBe(4);
    expect(summary(r, 'pipeline')).toBe(72000);
    expect(summary(r, 'weighted pipeline')).toBe(24900);
    expect(summary(r, 'deals without a close date')).toBe(1);
    expect(summary(r, 'close date passed, still open')).toBe(1);
    expect(summary(r, 'stale deals')).toBe(1);
    expect(table(r, 'By expected close month').map((x) => [x.month, x.deals, x.amount, x.weighted, x.stale])).toEqual([
      ['2026-05 (past)', 1, 0, 0, 1],
      ['2026-07', 1, 14000, 8400, 0],
      ['2026-08', 1, 8000, 4000, 0],
    ]);
    expect(table(r, 'By expected close quarter').map((x) => [x.quarter, x.deals, x.weighted])).toEqual([
      ['2026-Q2', 1, 0],
      ['2026-Q3', 2, 12400],
    ]);
    expect(table(r, 'By stage').map((x) => [x.stage, x.deals, x.amount, x.weighted])).toEqual([
      ['approach', 1, 0, 0],
      ['qualify', 1, 50000, 12500],
      ['propose', 1, 8000, 4000],
      ['negotiate', 1, 14000, 8400],
    ]);
    expect(table(r, 'By owner').map((x) => [x.owner, x.deals, x.weighted])).toEqual([
      ['bob', 1, 12500],
      ['alice', 2, 12400],
      ['(none)', 1, 0],
    ]);
    expect(table(r, 'Stale deals').map((x) => [x.account, x.idleDays])).toEqual([['Lead One', 121]]);
    expect(table(r, 'Deals without an expected close date').map((x) => [x.account, x.amount, x.weighted])).toEqual([['Lead Two', 50000, 12500]]);
    // crm deals --forecast is the same report; crm deals shows each amount in its currency.
    expect(JSON.parse(crm(['deals', '--forecast', '--json']).stdout).summary).toEqual(r.summary);
    const deals = JSON.parse(crm(['deals', '--json']).stdout) as Row[];
    expect(byKey(deals, 'account')['Berlin Leuchten']).toMatchObject({ amount: 1000, currency: 'EUR', amountInBase: 8000, weighted: 4000 });
    const t = crm(['report', 'forecast']);
    expect(t.stdout).toContain('weighted pipeline (CNY)');
    expect(t.stdout).toContain('24,900');
  });

  it('a deal in a currency without a rate is an error, not a raw sum', () => {
    const noUsd = join(sb.dir, 'no-usd.json');
    writeFileSync(noUsd, JSON.stringify({ currency: 'CNY', rates: { EUR: RATES.EUR, GBP: 9 } }));
    for (const args of [['report', 'forecast'], ['deals']]) {
      const r = crm(args, '2026-06-30', noUsd);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no exchange rate for USD \(1 deal\): set rates\.USD/);
    }
  });
});

describe('crm activity: deals won and lost add up in the base currency (issue 15.1)', () => {
  let book: ReturnType<typeof ratesBook>;
  const crm = (args: string[], asOf?: string, config?: string) => book.crm(args, asOf, config);
  let sb: Sandbox;

  beforeAll(() => {
    book = ratesBook(['London Lamps', 'Madrid Luz', 'Hangzhou Small']);
    sb = book.sb;
    ok(crm(['close', 'London Lamps', '--won', '--amount', '3000', '--currency', 'GBP'], '2026-06-01'));
    ok(crm(['close', 'Madrid Luz', '--lost', '--amount', '500', '--currency', 'EUR', '--reason', 'price'], '2026-06-10'));
    ok(crm(['close', 'Hangzhou Small', '--won', '--amount', '10000'], '2026-06-12'));
  });
  afterAll(() => sb?.cleanup());

  it('totals in CNY at the close date rates, each deal in its own currency', () => {
    // By hand, in CNY: won 3000 GBP × 9 + 10000 CNY = 37000; lost 500 EUR × 8 (the 2026 rate) = 4000.
    // Added as plain numbers they would read 13000 and 500.
    const args = ['activity', '--from', '2026-06-01', '--to', '2026-06-30'];
    const r = JSON.parse(crm([...args, '--json']).stdout);
    expect(r.totals).toMatchObject({ dealsWon: 2, wonAmount: 37000, dealsLost: 1, lostAmount: 4000, currency: 'CNY' });
    const deals = (r.events as Row[]).filter((e) => e.category === 'deal');
    expect(deals.map((e) => [e.account, e.type, e.amount, e.currency])).toEqual([
      ['London Lamps', 'won', 3000, 'GBP'],
      ['Madrid Luz', 'lost', 500, 'EUR'],
      ['Hangzhou Small', 'won', 10000, 'CNY'],
    ]);
    const t = crm(args).stdout;
    expect(t).toMatch(/deals won\s+2, amount 37,000 CNY/);
    expect(t).toMatch(/deals lost\s+1, amount 4,000 CNY/);
    expect(t).toContain('3,000 GBP');
    const csv = parse(crm([...args, '--format', 'csv']).stdout, { columns: true }) as Row[];
    expect(csv.find((x) => x.type === 'deals won')).toMatchObject({ category: 'total', count: '2', amount: '37000', currency: 'CNY' });
    expect(csv.find((x) => x.category === 'deal' && x.account === 'Madrid Luz')).toMatchObject({ amount: '500', currency: 'EUR' });
  });

  it('a deal closed in a currency without a rate is an error naming it, not a raw sum', () => {
    const noGbp = join(sb.dir, 'no-gbp.json');
    writeFileSync(noGbp, JSON.stringify({ currency: 'CNY', rates: { EUR: RATES.EUR } }));
    const r = crm(['activity', '--from', '2026-06-01', '--to', '2026-06-30'], '2026-06-30', noGbp);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no exchange rate for GBP \(1 deal\): set rates\.GBP/);
    // A period without such deals needs no GBP rate.
    ok(crm(['activity', '--from', '2026-06-05', '--to', '2026-06-30'], '2026-06-30', noGbp));
  });
});

describe('upgrading a database from before currencies (migration 0034)', () => {
  // an older crm's file, rolled back with the migration's own down() on the SQLite connection
  itSqlite('maps the currencies older versions stored as typed to ISO codes; a blank one is the base', async () => {
    const sb = sandbox();
    try {
      expect(sb.crm(['account', 'add', '--name', 'Old Customer']).code).toBe(0);
      // Make the file what an older crm left: 0034 undone, orders with currencies as they were typed.
      const raw = new Database(sb.db);
      const k = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
      // crm lifts the history's recording triggers around its migrations; a migration run by hand must too
      for (const { name } of raw.prepare(`select name from sqlite_master where type = 'trigger' and name like 'crm_history_%'`).all() as { name: string }[]) raw.exec(`drop trigger "${name}"`);
      await m0034.down(k);
      raw.prepare(`delete from kysely_migration where name = '0034-currencies'`).run();
      raw.pragma(`user_version = ${(raw.pragma('user_version', { simple: true }) as number) - 1}`);
      const add = raw.prepare(`insert into orders (account_id, ordered_on, amount, currency, created_at) values (1, ?, ?, ?, '2026-01-01T00:00:00Z')`);
      for (const [d, a, c] of [['2026-01-10', 100, 'RMB'], ['2026-01-11', 10, '€'], ['2026-01-12', 20, '£'], ['2026-01-13', 1000, ''], ['2026-01-14', 5, 'US$']]) add.run(d, a, c);
      raw.close();
      const cfg = join(sb.dir, 'rates.json');
      writeFileSync(cfg, JSON.stringify({ currency: 'CNY', rates: { EUR: 8, GBP: 9, USD: 7 } }));
      const orders = sb.json(['--config', cfg, '--as-of', '2026-06-30', 'order', 'list']) as any;
      const rows = (Array.isArray(orders) ? orders : orders.orders ?? orders.rows) as Row[];
      expect(rows.map((o) => [o.amount, o.currency]).sort((a, b) => a[0] - b[0])).toEqual([[5, 'USD'], [10, 'EUR'], [20, 'GBP'], [100, 'CNY'], [1000, 'CNY']]);
      // Revenue in CNY by hand: 100 + 10 × 8 + 20 × 9 + 1000 + 5 × 7 = 1395 (typed as plain numbers: 1135).
      const tiers = sb.json(['--config', cfg, '--as-of', '2026-06-30', 'report', 'tiers']);
      expect(summary(tiers, 'accounts')).toBe(1);
      expect(table(tiers, 'Distribution (current tiers)').reduce((t: number, x: Row) => t + (x.revenue ?? 0), 0)).toBe(1395);
    } finally {
      sb.cleanup();
    }
  });
});

describe('the money keys in the config schema', () => {
  it('crm config accepts currency and dated rates, and names a bad rate', () => {
    const sb = sandbox();
    try {
      const good = join(sb.dir, 'good.json');
      writeFileSync(good, JSON.stringify({ currency: 'CNY', rates: RATES }));
      const check = sb.crm(['--config', good, 'config', 'check']);
      expect(check.code, check.stderr).toBe(0);
      expect(sb.crm(['--config', good, 'config', 'get', 'rates.EUR']).stdout).toContain('"2026-01-01":8');
      const bad = join(sb.dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ currency: 'CNY', rates: { EUR: -1 } }));
      const r = sb.crm(['--config', bad, 'config', 'check']);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/rates\.EUR.*above 0/);
    } finally {
      sb.cleanup();
    }
  });

  // a missing file (a server database is made by its administrator)
  itSqlite('campaign list and show read: on a missing database they create nothing', () => {
    const sb = sandbox();
    try {
      for (const args of [['campaign', 'list'], ['campaign', 'show', 'Canton Fair']]) {
        const r = sb.crm(args);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/no database at/);
        expect(existsSync(sb.db)).toBe(false);
      }
    } finally {
      sb.cleanup();
    }
  });

  it('order edit takes an amount as typed, with its currency, and the total follows', () => {
    const b = ratesBook(['Berlin Leuchten']);
    try {
      ok(b.crm(['order', 'add', 'Berlin Leuchten', '--amount', '100', '--date', '2026-03-01']));
      ok(b.crm(['order', 'edit', '1', '--amount', '€120']));
      const rows = JSON.parse(b.crm(['order', 'list', '--json']).stdout) as Row[];
      expect(rows.map((o) => [o.amount, o.currency, o.amountInBase])).toEqual([[120, 'EUR', 960]]);
      // 120 € at the 2026 rate of 8.
      expect(b.crm(['order', 'list']).stderr).toContain('total 960 CNY (120 EUR)');
      const bad = b.crm(['order', 'edit', '1', '--currency', 'bananas']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/"bananas" is not a currency/);
    } finally {
      b.sb.cleanup();
    }
  });
});

