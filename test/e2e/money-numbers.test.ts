// Issue 15, point 5: numbers stay numbers. CSV and JSON carry the figures themselves (6934.5, not
// "6,935"; 0.558, not "55.8%"); the table and Markdown show them formatted for reading.
import { openBook } from '../helpers/book.js';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { seedReportFixture } from '../helpers/report-fixture.js';

const PERIOD = ['--from', '2026-01-01', '--to', '2026-06-30', '--as-of', '2026-06-30'];
const REPORTS = ['funnel', 'sources', 'pareto', 'tiers', 'retention', 'clv', 'satisfaction', 'activity', 'assessment'];

/** A report's CSV: blocks separated by an empty line, each with its header row. */
function csvBlocks(text: string): string[][][] {
  return text
    .split(/\r\n\r\n/)
    .filter((b) => b.trim())
    .map((b) => parse(b, { relax_column_count: true }) as string[][]);
}

/** The CSV cell must hold the JSON value: a number written in full, empty for null. */
function expectSame(cell: string | undefined, v: unknown, where: string): void {
  if (typeof v === 'number') expect(Number(cell), `${where}: "${cell}" should read back as ${v}`).toBe(v);
  else if (v === null || v === undefined) expect(cell, where).toBe('');
}

/** How a money label reads outside JSON: "revenue (CNY)" (JSON keeps "revenue" and names the currency once). */
const shown = (label: string, kind: string, currency: string | undefined) => (currency && (kind === 'money' || kind === 'amount') ? `${label} (${currency})` : label);

describe('numbers stay numbers in csv and json', () => {
  let sb: Sandbox;

  beforeAll(() => {
    sb = sandbox();
    expect(sb.crm(['init']).code).toBe(0);
    seedReportFixture(sb.db);
    // An amount with a fraction, so that rounding in the CSV would show.
    const db = openBook(sb.db);
    db.prepare(`insert into orders (account_id, ordered_on, amount, profit, created_at) values (6, '2026-05-20', 6934.5, 1387.25, '2026-05-20T09:00:00.000Z')`).run();
    db.close();
  });
  afterAll(() => sb.cleanup());

  it.each(REPORTS)('report %s: every figure of the CSV parses back to the JSON number', (name) => {
    const json = sb.json(['report', name, ...PERIOD, '--target', '2500']);
    const csv = sb.crm(['report', name, ...PERIOD, '--target', '2500', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const [fields, ...tables] = csvBlocks(csv.stdout);
    expect(fields![0]).toEqual(['section', 'field', 'value']);
    for (const s of json.summary) {
      const row = fields!.find((r) => r[1] === shown(s.label, s.kind, json.currency));
      expect(row, `summary "${s.label}"`).toBeDefined();
      expectSame(row![2], s.value, `${name} summary "${s.label}"`);
    }
    const withRows = json.tables.filter((t: any) => t.rows.length);
    expect(tables).toHaveLength(withRows.length);
    let numbers = 0;
    withRows.forEach((t: any, k: number) => {
      const [head, ...rows] = tables[k]!;
      expect(head).toEqual(t.columns.map((c: any) => shown(c.header, c.kind, json.currency)));
      expect(rows).toHaveLength(t.rows.length);
      t.rows.forEach((r: any, i: number) =>
        t.columns.forEach((c: any, j: number) => {
          if (typeof r[c.key] === 'number') numbers++;
          expectSame(rows[i]![j], r[c.key], `${name} "${t.title}" row ${i} ${c.header}`);
        }),
      );
    });
    expect(numbers).toBeGreaterThan(0);
  });

  it('a fraction and a rate keep every digit: 6934.5 and 0.558…, not "6,935" and "55.8%"', () => {
    const csv = sb.crm(['report', 'pareto', ...PERIOD, '--format', 'csv']).stdout;
    expect(csv).toContain(',6934.5,');
    expect(csv).not.toMatch(/"\d{1,3}(,\d{3})+"|,\d+(\.\d+)?%(,|\r)/);
    const sources = sb.crm(['report', 'sources', '--to', '2026-06-30', '--format', 'csv']).stdout;
    expect(sources).toContain('trade-show,4,3,0.75,2,2,0.5,14000,4000,1000,2000,2000,2.5');
  });

  it('table and markdown still format them for reading', () => {
    const t = sb.crm(['report', 'pareto', ...PERIOD]).stdout;
    expect(t).toContain('6,935');
    expect(t).toMatch(/\d+\.\d%/);
    const md = sb.crm(['report', 'sources', '--to', '2026-06-30', '--format', 'markdown']).stdout;
    expect(md).toMatch(/\| trade-show \| 4 \| 3 \| 75\.0% \| 2 \| 2 \| 50\.0% \| 14,000 \| 4,000 \| 1,000 \| 2,000 \| 2,000 \| 250\.0% \|/);
  });

  it('listings: tiers, deals, orders and the due list write numbers in CSV and format them in tables', () => {
    const tiers = sb.json(['tiers', '--as-of', '2026-06-30']);
    const tcsv = csvBlocks(sb.crm(['tiers', '--as-of', '2026-06-30', '--format', 'csv']).stdout);
    const accounts = tcsv.find((b) => b[0]!.includes('cum.'))!;
    const h = accounts[0]!;
    for (const a of tiers.accounts) {
      const row = accounts.find((r) => r[h.indexOf('id')] === String(a.id))!;
      expectSame(row[h.indexOf('share')], a.share, `tiers share of ${a.name}`);
      expectSame(row[h.indexOf('cum.')], a.cumulativeShare, `tiers cum. of ${a.name}`);
      expectSame(row[h.indexOf('revenue (CNY)')], a.revenue, `tiers revenue of ${a.name}`);
    }
    const top = tcsv[0]!.find((r) => r[1]!.startsWith('revenue share of the top 20%'));
    expectSame(top?.[2], tiers.concentration.top20Share, 'tiers top-20% share');
    expect(sb.crm(['tiers', '--as-of', '2026-06-30']).stdout).toMatch(/\d+\.\d%/);

    const deals = sb.json(['deals', '--status', 'all', '--as-of', '2026-06-30']);
    const [dh, ...drows] = parse(sb.crm(['deals', '--status', 'all', '--as-of', '2026-06-30', '--format', 'csv']).stdout) as string[][];
    expect(drows).toHaveLength(deals.length);
    deals.forEach((d: any, i: number) => {
      expectSame(drows[i]![dh!.indexOf('prob.')], d.probability, `deal ${d.id} probability`);
      expectSame(drows[i]![dh!.indexOf('weighted (CNY)')], d.weighted, `deal ${d.id} weighted`);
    });

    const orders = parse(sb.crm(['order', 'list', '--format', 'csv']).stdout, { columns: true }) as Record<string, string>[];
    expect(orders.find((o) => o.amount === '6934.5')?.profit).toBe('1387.25');
    expect(sb.crm(['order', 'list']).stdout).toContain('6,934.5');

    const due = sb.json(['due', '--days', '30', '--as-of', '2026-06-30']).items;
    const dueCsv = parse(sb.crm(['due', '--days', '30', '--as-of', '2026-06-30', '--format', 'csv']).stdout, { columns: true }) as Record<string, string>[];
    expect(due.length).toBeGreaterThan(0);
    due.forEach((d: any, i: number) => expectSame(dueCsv[i]!.overdue, d.overdueDays, `due ${d.id} overdue`));
  });
});
