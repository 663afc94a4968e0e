import { describe, expect, it } from 'vitest';
import { displayWidth, layoutTable, truncate, wrap } from '../../src/cli/table.js';
import { checkConfig, DEFAULT_CONFIG, sectionDefs, suggestKeys } from '../../src/domain/config-schema.js';
import { DateInputError, parseDateInput } from '../../src/domain/human-dates.js';
import { pinyinSearchText } from '../../src/domain/pinyin.js';
import { contactUid, parseContactUid, uidMatches, vcardRev } from '../../src/domain/contact-uid.js';

describe('parseDateInput', () => {
  const today = '2026-11-23'; // a Monday
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['today', today],
    ['tomorrow', '2026-11-24'],
    ['friday', '2026-11-27'],
    ['next friday', '2026-12-04'],
    ['last friday', '2026-11-20'],
    ['+3d', '2026-11-26'],
    ['3', '2026-11-26'],
    ['2w', '2026-12-07'],
    ['-1d', '2026-11-22'],
    ['1m', '2026-12-23'],
    ['明天', '2026-11-24'],
    ['后天', '2026-11-25'],
    ['下周五', '2026-12-04'],
    ['周五', '2026-11-27'],
    ['3天', '2026-11-26'],
    ['dec 3', '2026-12-03'],
    ['12月3日', '2026-12-03'],
    ['25/12', '2026-12-25'],
  ])('%s → %s', (typed, want) => expect(parseDateInput(typed, today)).toBe(want));

  it.each(['03/04', '3.4.2026', 'someday', 'tomorrow or friday', '2026-02-30', '', 'friday afternoon maybe'])('refuses "%s" with examples', (typed) => {
    expect(() => parseDateInput(typed, today)).toThrow(DateInputError);
    try {
      parseDateInput(typed, today);
    } catch (e) {
      expect((e as Error).message).toMatch(/YYYY-MM-DD.*tomorrow.*\+3d.*2w.*明天.*下周五/);
    }
  });

  it('month ends clamp', () => expect(parseDateInput('1m', '2026-01-31')).toBe('2026-02-28'));
});

describe('table layout', () => {
  it('counts CJK as two columns and marks as none', () => {
    expect(displayWidth('张伟')).toBe(4);
    expect(displayWidth('Acme')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncate('华南电子有限公司', 9)).toBe('华南电子…');
    expect(displayWidth(truncate('华南电子有限公司', 9))).toBeLessThanOrEqual(9);
  });

  it('fits the width: cuts text, then leaves out the least important columns', () => {
    const cols = [{ header: 'id', align: 'right' as const }, { header: 'name' }, { header: 'city' }, { header: 'notes', priority: 0 }];
    const cells = [['1', '华南电子有限公司 Southern China Electronics Group', 'Shenzhen', 'x'.repeat(80)]];
    for (const w of [30, 40, 60, 80, 120]) {
      const t = layoutTable(cols, cells, { width: w });
      for (const line of t.text.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(w);
    }
    expect(layoutTable(cols, cells, { width: 40 }).hidden).toContain('notes');
    const whole = layoutTable(cols, cells, {});
    expect(whole.hidden).toEqual([]);
    expect(whole.text).toContain('x'.repeat(80));
  });

  it('wraps long text under itself', () => {
    const lines = wrap('why: ' + 'a long reason with many words '.repeat(5), 40, 5);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    expect(lines.slice(1).every((l) => l.startsWith('     '))).toBe(true);
  });
});

describe('config schema', () => {
  it('accepts every section at its defaults, and the defaults of the settings', () => {
    const all = { ...DEFAULT_CONFIG, ...Object.fromEntries(Object.entries(sectionDefs()).map(([k, s]) => [k, s.defaults])) };
    expect(checkConfig(all)).toEqual([]);
    expect(checkConfig({})).toEqual([]);
  });

  it('suggests the key that was meant', () => {
    expect(suggestKeys('due.fatique')).toEqual(['due.fatigue']);
    expect(suggestKeys('cadense.A')).toEqual(['cadence.A']);
    expect(suggestKeys('retryAfterDays')).toEqual(['stages.retryAfterDays']);
    expect(suggestKeys('timezon')).toEqual(['timezone']);
  });

  it('reports wrong types with the key', () => {
    expect(checkConfig({ due: { days: '7' } })[0]!.message).toBe('"due.days" must be a number (got "7")');
    expect(checkConfig({ holidays: { list: [{ name: 'x', date: '1 Oct' }] } })[0]!.key).toBe('holidays.list[0].date');
  });
});

describe('pinyin and vCard UIDs', () => {
  it('gives full pinyin and initials for Chinese names only', () => {
    expect(pinyinSearchText('张伟')).toBe('zhangwei zw');
    expect(pinyinSearchText('单田芳')).toBe('shantianfang stf'); // 单 as a surname is shan
    expect(pinyinSearchText('吕布')).toBe('lvbu lb');
    expect(pinyinSearchText('Acme')).toBe('');
    expect(pinyinSearchText('Acme 华南')).toBe('huanan hn');
  });

  it('a UID names one contact of one book', () => {
    const uid = contactUid(12, '2026-11-23T07:30:00.000+08:00');
    const u = parseContactUid(uid)!;
    expect(u.id).toBe(12);
    expect(uidMatches(u, '2026-11-22T23:30:00.000Z')).toBe(true);
    expect(uidMatches(u, '2026-11-23T07:30:00.001+08:00')).toBe(false);
    expect(parseContactUid('urn:uuid:1234')).toBeUndefined();
    expect(vcardRev('2026-11-23T07:30:00.000+08:00')).toBe('20261122T233000Z');
  });
});
