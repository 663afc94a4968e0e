import { describe, expect, it } from 'vitest';
import { bar, compactCount, renderChart, sparkline } from '../../src/cli/charts.js';
import { seriesScale } from '../../src/domain/reports/model.js';

describe('terminal charts', () => {
  it('draws bars in eighths of a cell', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 16, 2)).toBe('▏');
    expect(bar(0, 10, 4)).toBe('');
  });
  it('draws sparklines on a baseline of 0 (or the scale given), a dot for a missing value', () => {
    expect(sparkline([0, 7, null, 14])).toBe('▁▅·█');
    // a flat series sits at its height, not in the middle of nowhere
    expect(sparkline([3, 3])).toBe('██');
    expect(sparkline([0, 0])).toBe('▁▁');
    // 40% and 50% are close on a scale from 0, not bottom and top
    expect(sparkline([0.4, 0.5])).toBe('▇█');
    expect(seriesScale({ values: [0.4, 0.5] })).toEqual({ min: 0, max: 0.5 });
    // surveys are on 1-5
    expect(sparkline([1, 3, 5], seriesScale({ values: [1, 3, 5], scale: { min: 1, max: 5 } }))).toBe('▁▅█');
    expect(sparkline([null])).toBe('·');
  });
  it('marks the target on a bar and prints value and target over a labelled scale from 0', () => {
    const lines = renderChart({ kind: 'bars', title: 't', unit: 'pct', axis: 'share of time', items: [{ label: 'VIP', value: 0.3, target: 0.6 }] }, 40);
    expect(lines[0]).toContain('30.0% / 60.0%');
    expect(lines[0]).toMatch(/[┆┃]/);
    expect(lines[1]).toMatch(/^ {4}└─+┴─+┘$/);
    expect(lines[2]).toMatch(/^ {4}0\.0% +30\.0% +60\.0% +share of time$/);
  });
  it('cuts long and wide labels by their width on screen', () => {
    const [line] = renderChart({ kind: 'bars', title: 't', unit: 'int', axis: 'n', items: [{ label: '广州百盛照明有限公司深圳分公司第一事业部', value: 1 }] }, 60);
    expect(line!.startsWith('广州百盛照明有限公司深…  █')).toBe(true);
  });
  it('plots the Pareto curve with its 80/20 mark and both axes named', () => {
    const lines = renderChart(
      { kind: 'curve', title: 'p', x: 'share of accounts', y: 'share of revenue', points: [{ x: 0, y: 0 }, { x: 0.5, y: 0.8 }, { x: 1, y: 1 }], mark: { x: 0.5, y: 0.8, label: '50% → 80%' } },
      60,
    );
    expect(lines.some((l) => l.includes('◆'))).toBe(true);
    expect(lines[lines.length - 1]).toContain('50% → 80%');
    expect(lines[0]).toContain('share of revenue');
    expect(lines[1]!.startsWith('100%')).toBe(true);
    expect(lines.some((l) => l.includes('share of accounts'))).toBe(true);
  });
  it('writes the number of cases under each point of a sparkline, once for series counted alike', () => {
    const lines = renderChart(
      {
        kind: 'spark',
        title: 's',
        labels: ['2026-01', '2026-02', '2026-03'],
        series: [
          { label: 'retention', unit: 'pct', values: [null, 1, 0.5], n: { of: 'customers the month before', counts: [0, 2, 120] } },
          { label: 'churn', unit: 'pct', values: [null, 0, 0.5], n: { of: 'customers the month before', counts: [0, 2, 120] } },
        ],
      },
      80,
    );
    expect(lines[0]).toBe('retention ··· ███ ▅▅▅   ▁ 0.0%  █ 100.0%');
    expect(lines[1]).toBe('churn     ··· ▁▁▁ ███   ▁ 0.0%  █ 50.0%');
    expect(lines[2]).toBe('  n         0   2 120   customers the month before');
    expect(lines[3]).toBe('          2026-01 → 2026-03');
    expect(lines[4]).toContain('· no value');
    expect(compactCount(1234)).toBe('1.2k');
    expect(compactCount(56_789)).toBe('57k');
  });
});
