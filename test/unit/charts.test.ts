import { describe, expect, it } from 'vitest';
import { bar, renderChart, sparkline } from '../../src/cli/charts.js';

describe('terminal charts', () => {
  it('draws bars in eighths of a cell', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 16, 2)).toBe('▏');
    expect(bar(0, 10, 4)).toBe('');
  });
  it('draws sparklines scaled to the series, blank for missing values', () => {
    expect(sparkline([0, 7, null, 14])).toBe('▁▅ █');
    expect(sparkline([3, 3])).toBe('▄▄');
    expect(sparkline([null])).toBe(' ');
  });
  it('marks the target on a bar and prints value and target', () => {
    const [line] = renderChart({ kind: 'bars', title: 't', unit: 'pct', items: [{ label: 'VIP', value: 0.3, target: 0.6 }] }, 40);
    expect(line).toContain('30.0% / 60.0%');
    expect(line).toMatch(/[┆┃]/);
  });
  it('plots the Pareto curve with its 80/20 mark', () => {
    const lines = renderChart({ kind: 'curve', title: 'p', points: [{ x: 0, y: 0 }, { x: 0.5, y: 0.8 }, { x: 1, y: 1 }], mark: { x: 0.5, y: 0.8, label: '50% → 80%' } }, 60);
    expect(lines.some((l) => l.includes('◆'))).toBe(true);
    expect(lines[lines.length - 1]).toContain('50% → 80%');
    expect(lines[0]!.startsWith('100%')).toBe(true);
  });
});
