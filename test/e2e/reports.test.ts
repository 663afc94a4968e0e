/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { openBook } from '../helpers/book.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Sandbox } from '../helpers/cli.js';
import { launchBrowser } from '../helpers/browser.js';
import { reportSandbox } from '../helpers/report-fixture.js';

const PERIOD = ['--from', '2026-01-01', '--to', '2026-06-30', '--as-of', '2026-06-30'];

type Row = Record<string, any>;
const table = (r: any, title: string): Row[] => r.tables.find((t: any) => t.title === title)?.rows ?? [];
const summary = (r: any, label: string) => r.summary.find((s: any) => s.label === label)?.value;
const byKey = (rows: Row[], key: string) => Object.fromEntries(rows.map((x) => [x[key], x]));

describe('crm report on a fixture book', () => {
  let sb: Sandbox;
  const report = (name: string, extra: string[] = []) => sb.json(['report', name, ...PERIOD, ...extra]);

  beforeAll(() => {
    sb = reportSandbox();
  });
  afterAll(() => sb.cleanup());

  it('funnel: deals reaching each stage, conversion, median days, win rates against the baselines', () => {
    const r = report('funnel');
    const st = byKey(table(r, 'Stages'), 'stage');
    expect([0, 1, 2, 3, 4, 5].map((i) => st[['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close'][i]!]!.reached)).toEqual([5, 5, 4, 3, 2, 2]);
    expect(st.won.reached).toBe(2);
    expect(st.approach.conversion).toBeCloseTo(0.8);
    expect(st.qualify.conversion).toBeCloseTo(0.75);
    expect(st.propose.conversion).toBeCloseTo(2 / 3);
    expect(st.close.conversion).toBe(1);
    expect(st.approach.open).toBe(1);
    expect(st.propose.open).toBe(1);
    expect(st.qualify.accounts).toBe(4);
    expect(st.approach.medianDays).toBe(10);
    expect(st.qualify.medianDays).toBe(10);
    expect(st.close.medianDays).toBe(4.5);
    expect(st.onboard.accounts).toBe(1);
    expect(st.care.accounts).toBe(1);
    const wr = byKey(table(r, 'Win rate against the baselines'), 'relationship');
    expect(wr.prospect).toMatchObject({ closed: 2, won: 1, winRate: 0.5, baseline: 0.06 });
    expect(wr['first-time']).toMatchObject({ closed: 1, won: 1, winRate: 1, baseline: 0.15 });
    expect(wr.repeat).toMatchObject({ closed: 0, winRate: null, baseline: 0.5 });
    expect(summary(r, 'deals opened')).toBe(5);
    expect(summary(r, 'win rate (won / closed)')).toBeCloseTo(2 / 3);
  });

  it('sources: leads, contacted, qualified, won, revenue and cost per won', () => {
    const r = sb.json(['report', 'sources', '--to', '2026-06-30']);
    const src = byKey(table(r, 'By lead source'), 'source');
    expect(src['trade-show']).toMatchObject({ leads: 4, contacted: 3, qualified: 2, won: 2, revenue: 14000, cost: 4000, costPerWon: 2000 });
    expect(src.referral).toMatchObject({ leads: 1, contacted: 1, qualified: 1, won: 1, revenue: 2000, cost: null });
    expect(src.web).toMatchObject({ leads: 1, contacted: 1, qualified: 1, won: 0, revenue: 0 });
    expect(src.directory).toMatchObject({ leads: 1, contacted: 1, won: 1, revenue: 1000 });
    expect(byKey(table(r, 'By campaign'), 'campaign').Fair).toMatchObject({ leads: 4, contacted: 3, contactedRate: 0.75, costPerWon: 2000 });
    expect(summary(r, 'leads')).toBe(7);
    expect(summary(r, 'contacted')).toBe(6);
    // Given --from, only leads created since then count.
    const recent = sb.json(['report', 'sources', '--from', '2026-01-01', '--to', '2026-06-30']);
    expect(summary(recent, 'leads')).toBe(2);
  });

  it('pareto: the 80/20 point, top-20% share and ABC classes', () => {
    const r = report('pareto');
    expect(summary(r, 'revenue')).toBe(10000);
    expect(summary(r, 'accounts making 80% of revenue')).toBe(2);
    expect(summary(r, 'share of accounts making 80%')).toBeCloseTo(2 / 3);
    expect(summary(r, 'revenue share of the top 20%')).toBeCloseTo(0.6);
    // Beta and Epsilon both made 2000: equal revenues share a class (A: Beta starts below 80%).
    expect([summary(r, 'A accounts in the period'), summary(r, 'B accounts in the period'), summary(r, 'C accounts in the period')]).toEqual([3, 0, 0]);
    expect(table(r, 'Top accounts').map((x) => [x.name, x.revenue, x.periodClass])).toEqual([['Alpha', 6000, 'A'], ['Beta', 2000, 'A'], ['Epsilon', 2000, 'A']]);
  });

  it('tiers: distribution and movements from score snapshots', () => {
    const r = report('tiers');
    const d = byKey(table(r, 'Distribution (current tiers)'), 'tier');
    expect([d.A.accounts, d.B.accounts, d.C.accounts, d['(none)'].accounts]).toEqual([1, 2, 3, 1]);
    expect(d.A.revenueShare).toBeCloseTo(0.6);
    expect(summary(r, 'moved up')).toBe(1);
    expect(summary(r, 'moved down')).toBe(1);
    expect(summary(r, 'newly tiered')).toBe(1);
    expect(summary(r, 'unchanged')).toBe(2);
    const moves = table(r, 'Movements over the period').map((m) => `${m.from}>${m.to}:${m.movement}`).sort();
    expect(moves).toEqual(['(none)>B:new', 'A>B:down', 'B>A:up']);
    expect(byKey(table(r, 'Relationship ladder'), 'rung')['first-time']).toMatchObject({ accounts: 1, entered: 1 });
  });

  it('retention: retention, churn, repeat purchase and referral rates per month', () => {
    const r = report('retention');
    const m = byKey(table(r, 'Per month'), 'period');
    expect(m['2026-01']).toMatchObject({ customers: 1, retentionRate: null, repeatRate: 1, referralRate: 0 });
    expect(m['2026-02']).toMatchObject({ customers: 2, retained: 1, retentionRate: 1, churnRate: 0, repeatRate: 1, referred: 1 });
    expect(m['2026-02'].referralRate).toBeCloseTo(1 / 3);
    expect(m['2026-03']).toMatchObject({ customers: 1, newCustomers: 1, retained: 0, churned: 2, retentionRate: 0, churnRate: 1, repeatRate: 0 });
    expect(m['2026-06']).toMatchObject({ customers: 0, churned: 1, retentionRate: 0, repeatRate: null });
    expect(summary(r, 'average retention per month')).toBeCloseTo(0.2);
    expect(summary(r, 'average repeat-purchase rate')).toBeCloseTo(0.8);
    const q = sb.json(['report', 'retention', ...PERIOD, '--by', 'quarter']);
    const qs = byKey(table(q, 'Per quarter'), 'period');
    // Q1: Alpha, Beta, Epsilon; Q2: Alpha, Beta; both of Q2's were Q1 customers.
    expect(qs['2026-Q1']).toMatchObject({ customers: 3, newCustomers: 1 });
    expect(qs['2026-Q2']).toMatchObject({ customers: 2, retained: 2 });
    expect(qs['2026-Q2'].retentionRate).toBeCloseTo(2 / 3);
  });

  it('clv: by tier and overall, with the documented formula', () => {
    const r = report('clv');
    expect(summary(r, 'customers')).toBe(4);
    expect(summary(r, 'annual retention')).toBe(0.5);
    expect(summary(r, 'expected lifetime (years)')).toBe(2);
    expect(summary(r, 'average CLV')).toBeCloseTo(1397.3, 1);
    const t = byKey(table(r, 'By tier'), 'tier');
    expect(t.A.clv).toBeCloseTo(21146.05, 1);
    expect(t.A.expectedYears).toBe(10);
    expect(t.B).toMatchObject({ customers: 2, margin: 0.25, annualValue: 2500, expectedYears: 2, clv: 1250 });
    expect(t.C.clv).toBeCloseTo(54.76, 1);
    expect(byKey(table(r, 'By lead source'), 'source')['trade-show'].customers).toBe(2);
  });

  it('satisfaction: the five dimensions per month', () => {
    const r = report('satisfaction');
    const m = byKey(table(r, 'Average score per month'), 'period');
    expect(m['2026-01']).toMatchObject({ surveys: 2, productQuality: 4, serviceQuality: 4, price: 2.5, communication: 4, overall: 3.5 });
    expect(m['2026-04']).toMatchObject({ surveys: 1, overall: 5 });
    expect(m['2026-02']).toMatchObject({ surveys: 0, overall: null });
    expect(summary(r, 'surveys')).toBe(3);
    expect(summary(r, 'service quality')).toBeCloseTo(13 / 3);
  });

  it('activity: time per group against 60/30/10, minutes where logged', () => {
    const r = report('activity');
    expect(summary(r, 'time measured by')).toBe('minutes logged');
    const g = byKey(table(r, 'Time per customer group'), 'group');
    expect(g.VIP).toMatchObject({ accounts: 1, interactions: 3, visits: 2, time: 210, target: 0.6 });
    expect(g['ordinary customers']).toMatchObject({ accounts: 3, interactions: 2, time: 80, target: 0.3 });
    expect(g.prospects).toMatchObject({ accounts: 3, interactions: 3, time: 94, target: 0.1 });
    expect(g.VIP.share).toBeCloseTo(210 / 384);
    expect(g.prospects.gap).toBeCloseTo(94 / 384 - 0.1);
    expect(byKey(table(r, 'Interactions by kind'), 'kind').call).toMatchObject({ vip: 1, ordinary: 1, prospect: 1, total: 3 });
    // By tier: A = Alpha (210); B = Beta call 20 + Epsilon meeting 60; C = Gamma email 42 + Zeta call 10; none = Delta email 42.
    const t = byKey(table(r, 'By tier'), 'tier');
    expect([t.A.time, t.B.time, t.C.time, t['(none)'].time]).toEqual([210, 80, 52, 42]);
    expect(t.A.visits).toBe(2);
  });

  it('assessment: 70% sales results, graded per month', () => {
    const r = report('assessment', ['--target', '2500']);
    const m = table(r, 'Per month').map((x) => [x.month, x.salesScore, x.activityScore, x.promiseScore, x.complaintScore, x.score, x.grade]);
    expect(m).toEqual([
      ['2026-01', 100, 100, 50, 100, 95, 'excellent'],
      ['2026-02', 100, 50, 100, 50, 90, 'excellent'],
      ['2026-03', 80, 100, 100, 100, 86, 'good'],
      ['2026-04', 40, 50, 100, 100, 53, 'poor'],
      ['2026-05', 20, 50, 100, 100, 39, 'poor'],
      ['2026-06', 0, 0, 0, 100, 10, 'poor'],
    ]);
    expect(summary(r, 'average score')).toBe(62);
    // alice owns only Alpha: its orders, interactions and promises; no complaints.
    const a = report('assessment', ['--target', '2500', '--owner', 'alice']);
    expect(table(a, 'Per month').map((x) => [x.month, x.revenue, x.score, x.grade])).toEqual([
      ['2026-01', 3000, 90, 'excellent'],
      ['2026-02', 2000, 76, 'good'],
      ['2026-03', 0, 25, 'poor'],
      ['2026-04', 1000, 48, 'poor'],
      ['2026-05', 0, 25, 'poor'],
      ['2026-06', 0, 10, 'poor'],
    ]);
  });

  it('renders table, markdown and csv without charts off a terminal', () => {
    const t = sb.crm(['report', 'pareto', ...PERIOD]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Revenue concentration (Pareto)');
    expect(t.stdout).toContain('66.7%');
    expect(t.stdout).not.toMatch(/[█▁▂▃▄▅▆▇]/);
    const md = sb.crm(['report', 'funnel', ...PERIOD, '--format', 'markdown']);
    expect(md.stdout).toContain('## Stages');
    expect(md.stdout).toMatch(/\| approach \| 5 \| 5 \| 1 \| 80\.0% \| 10 \|/);
    const csv = sb.crm(['report', 'sources', '--to', '2026-06-30', '--format', 'csv']);
    // CSV keeps numbers as numbers (rates as fractions), for the spreadsheet to format and sum
    expect(csv.stdout).toContain('trade-show,4,3,0.75,2,2,0.5,14000,4000,1000,2000,2000,2.5');
    expect(csv.stdout).toContain('revenue (CNY),cost (CNY),cost per lead (CNY)');
    // Names from the data cannot run as formulas in the report's CSV either.
    const db = openBook(sb.db);
    db.prepare("update accounts set name = '=1+2' where name = 'Beta'").run();
    const p = sb.crm(['report', 'pareto', ...PERIOD, '--format', 'csv']).stdout;
    db.prepare("update accounts set name = 'Beta' where name = '=1+2'").run();
    db.close();
    expect(p).toContain(",'=1+2,A,B,");
  });

  it.runIf(existsSync('/usr/bin/script'))('draws bars, the Pareto curve and sparklines on a terminal', () => {
    // script(1) gives the command a pseudo-terminal, as when a person runs it.
    const run = (args: string[]) =>
      spawnSync('/usr/bin/script', ['-qec', [process.execPath, BIN, '--db', sb.db, '--no-color', ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, COLUMNS: '100' },
      }).stdout;
    const p = run(['report', 'pareto', ...PERIOD]);
    expect(p).toContain('Pareto curve');
    expect(p).toContain('◆ 66.7% of accounts → 80% of revenue');
    const a = run(['report', 'activity', ...PERIOD]);
    expect(a).toMatch(/VIP\s+█+/);
    const r = run(['report', 'retention', ...PERIOD]);
    expect(r).toMatch(/churn\s+(?:[▁▂▃▄▅▆▇█·] ){6}/);
  });

  it('rejects a bad format or an inverted period with a usage error', () => {
    expect(sb.crm(['report', 'pareto', '--format', 'pdf']).code).toBe(2);
    expect(sb.crm(['report', 'pareto', '--from', '2026-07-01', '--to', '2026-01-01']).code).toBe(2);
    expect(sb.crm(['report', 'nonsense']).code).toBe(2);
    const nobody = sb.crm(['report', 'assessment', '--owner', 'nobody']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('no rep named "nobody"');
    // html stays a report format only
    expect(sb.crm(['account', 'list', '--format', 'html']).code).toBe(2);
  });

  it('writes a self-contained HTML page owner-only that renders in headless Chromium', async () => {
    const file = join(sb.dir, 'pareto.html');
    const w = sb.crm(['report', 'pareto', ...PERIOD, '--out', file]);
    expect(w.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    // Data is text, never markup.
    const db = openBook(sb.db);
    db.prepare("update accounts set name = '<script>alert(1)</script>' where name = 'Epsilon'").run();
    const evil = sb.crm(['report', 'pareto', ...PERIOD, '--format', 'html']).stdout;
    db.prepare("update accounts set name = 'Epsilon' where name = '<script>alert(1)</script>'").run();
    db.close();
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).not.toMatch(/<script/i);
    const act = sb.crm(['report', 'activity', ...PERIOD, '--format', 'html']);
    expect(act.code).toBe(0);
    expect(act.stdout).toContain('Share of time against target');

    // Open the page in a real browser (Chromium from npm, see test/helpers/browser.ts).
    const browser = await launchBrowser(sb.dir);
    try {
      const page = await browser.newPage();
      const url = `file://${file}`;
      // Every load is recorded, and anything but the page itself is refused.
      const requests: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        requests.push(req.url());
        void (req.url() === url ? req.continue() : req.abort());
      });
      await page.goto(url, { waitUntil: 'load' });
      // Self-contained: the page itself is the only load (no fonts, scripts, styles or images).
      expect(requests).toEqual([url]);
      const body = await page.evaluate(() => document.body.innerText);
      expect(body).toContain('Revenue concentration (Pareto)');
      expect(body).toContain('66.7% of accounts → 80% of revenue');
      expect(await page.evaluate(() => [...document.querySelectorAll('td')].some((td) => td.textContent === 'Alpha'))).toBe(true);
      // The charts are laid out: SVGs with drawn shapes of a real size, and text on their axes.
      const svg = await page.evaluate(() =>
        [...document.querySelectorAll('svg')].map((s) => {
          const r = s.getBoundingClientRect();
          return { width: r.width, height: r.height, shapes: s.querySelectorAll('path, polyline, rect, line, circle').length, text: s.querySelectorAll('text').length };
        }),
      );
      expect(svg.length).toBeGreaterThan(0);
      expect(svg.every((s) => s.width > 50 && s.height > 20 && s.shapes > 0)).toBe(true);
      // Hostile data is text on the rendered page, never markup.
      await page.setContent(evil, { waitUntil: 'load' });
      expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
      expect(await page.evaluate(() => document.body.innerText)).toContain('<script>alert(1)</script>');
      expect(requests.filter((r) => r !== url)).toEqual([]);
      // It prints: Chromium lays it out as a PDF.
      await page.goto(url, { waitUntil: 'load' });
      const pdf = Buffer.from(await page.pdf({ format: 'A4' }));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5000);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
