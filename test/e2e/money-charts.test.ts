// Issue 15, point 7: charts that do not mislead. Value axes start at a stated baseline and are
// labelled, sparklines show how many cases each point stands on, and chart text uses the page's
// font stack with its CJK fallbacks. Checked on the HTML page (its SVG) and on a terminal.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';
import { seedReportFixture } from '../helpers/report-fixture.js';

const PERIOD = ['--from', '2026-01-01', '--to', '2026-06-30', '--as-of', '2026-06-30'];
const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
const unquote = (s: string) => s.replace(/&quot;/g, '"');

describe('charts that do not mislead', () => {
  let sb: Sandbox;
  const html = (name: string) => {
    const r = sb.crm(['report', name, ...PERIOD, '--format', 'html']);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  beforeAll(() => {
    sb = sandbox();
    expect(sb.crm(['init']).code).toBe(0);
    seedReportFixture(sb.db);
  });
  afterAll(() => sb.cleanup());

  it('draws chart text in the same font stack as the page, CJK fallbacks included', () => {
    for (const name of ['funnel', 'pareto', 'retention', 'activity']) {
      const page = html(name);
      const body = /body \{ font: 14px\/1\.45 ([^;]+);/.exec(page)![1]!;
      expect(body).toContain('"Noto Sans CJK SC"');
      expect(body).toContain('"Microsoft YaHei"');
      expect(/svg text \{ font: 12px ([^;]+);/.exec(page)![1]).toBe(body);
      const charts = svgs(page);
      expect(charts.length).toBeGreaterThan(0);
      // each chart carries the stack itself, so it reads the same saved or opened on its own
      for (const svg of charts) expect(unquote(/<svg[^>]* font-family="([^"]+)"/.exec(svg)?.[1] ?? '')).toBe(body);
    }
  });

  it('labels the value axis of bars from 0, and both axes of the Pareto curve', () => {
    const [bars] = svgs(html('activity'));
    const t = texts(bars!);
    expect(t).toContain('share of time (marker: target)');
    expect(t).toContain('0.0%');
    const funnel = texts(svgs(html('funnel'))[0]!);
    expect(funnel).toEqual(expect.arrayContaining(['deals', '0']));
    const curve = texts(svgs(html('pareto'))[0]!);
    expect(curve).toEqual(expect.arrayContaining(['share of revenue', 'share of accounts, largest first']));
  });

  it('stands each sparkline on its baseline and writes n under every point', () => {
    const json = sb.json(['report', 'retention', ...PERIOD]);
    const rows = json.tables[0].rows;
    const retention = svgs(html('retention')).find((s) => s.includes('aria-label="retention"'))!;
    const t = texts(retention);
    // baseline 0%, not the lowest value; and the top of the scale
    expect(t).toContain('0.0%');
    expect(t).toContain('100.0%');
    expect(t).toContain('n = customers the month before');
    const counts = [...retention.matchAll(/<text class="n"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(counts).toEqual(rows.map((r: any) => r.retained + r.churned));
    // surveys are scored 1-5: that scale is the axis
    const survey = svgs(html('satisfaction')).find((s) => s.includes('aria-label="overall experience"'))!;
    expect(texts(survey).filter((x) => /^\d/.test(x)).slice(0, 2)).toEqual(['1', '5']);
  });

  it.runIf(existsSync('/usr/bin/script'))('does the same on a terminal', () => {
    const run = (args: string[]) =>
      spawnSync('/usr/bin/script', ['-qec', [process.execPath, BIN, '--db', sb.db, '--no-color', ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, COLUMNS: '100' },
      }).stdout.replace(/\r/g, '');
    const r = run(['report', 'retention', ...PERIOD]);
    expect(r).toMatch(/^retention\s+(?:[▁▂▃▄▅▆▇█·] ){6}\s*▁ 0\.0%  █ 100\.0%$/m);
    const before = sb.json(['report', 'retention', ...PERIOD]).tables[0].rows.map((x: any) => x.retained + x.churned);
    expect(before).toEqual([0, 1, 2, 1, 1, 1]);
    expect(r).toMatch(/^ {2}n\s+0 1 2 1 1 1\s+customers the month before$/m);
    const a = run(['report', 'activity', ...PERIOD]);
    expect(a).toMatch(/└─+┴─+┘/);
    expect(a).toMatch(/0\.0%\s+\d+\.\d%\s+\d+\.\d%\s+share of time \(marker: target\)/);
    const p = run(['report', 'pareto', ...PERIOD]);
    expect(p).toContain('↑ share of revenue');
    expect(p).toContain('share of accounts, largest first →');
  });
});
