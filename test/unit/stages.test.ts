import { describe, expect, it } from 'vitest';
import { describeDetails, dealProbability, isStale, parseWhen, planMove, STAGES_DEFAULTS, stagesConfig } from '../../src/domain/stages.js';
import { DEFAULT_CONFIG } from '../../src/domain/config.js';

describe('stage moves', () => {
  it('classifies forward moves with the stages skipped', () => {
    expect(planMove('approach', 'negotiate')).toEqual({ kind: 'forward', from: 'approach', to: 'negotiate', skipped: ['qualify', 'propose'] });
    expect(planMove('prospect', 'approach')).toEqual({ kind: 'forward', from: 'prospect', to: 'approach', skipped: [] });
  });
  it('marks moves backwards and staying put', () => {
    expect(planMove('propose', 'qualify')).toMatchObject({ kind: 'back', skipped: [] });
    expect(planMove('qualify', 'qualify')).toMatchObject({ kind: 'none' });
  });
  it('treats prospect research as optional for a new deal', () => {
    expect(planMove(null, 'prospect').skipped).toEqual([]);
    expect(planMove(null, 'approach').skipped).toEqual([]);
    expect(planMove(null, 'propose').skipped).toEqual(['approach', 'qualify']);
  });
});

describe('pipeline values', () => {
  const cfg = STAGES_DEFAULTS;
  it('uses the stage probability unless one was set, and 1/0 once closed', () => {
    expect(dealProbability(cfg, { stage: 'propose', status: 'open', probability: null })).toBe(0.5);
    expect(dealProbability(cfg, { stage: 'propose', status: 'open', probability: 0.9 })).toBe(0.9);
    expect(dealProbability(cfg, { stage: 'close', status: 'won', probability: null })).toBe(1);
    expect(dealProbability(cfg, { stage: 'close', status: 'lost', probability: 0.4 })).toBe(0);
  });
  it('is stale only past the stage limit, and only while open', () => {
    expect(isStale(cfg, 'approach', 'open', 14)).toBe(false);
    expect(isStale(cfg, 'approach', 'open', 15)).toBe(true);
    expect(isStale(cfg, 'approach', 'won', 99)).toBe(false);
  });
  it('takes per-stage limits from config, keeping the other defaults', () => {
    const c = stagesConfig({ ...DEFAULT_CONFIG, stages: { staleDays: { close: 3 } } });
    expect(c.staleDays.close).toBe(3);
    expect(c.staleDays.approach).toBe(14);
    expect(c.retryAfterDays).toBe(30);
  });
});

describe('dates typed by people', () => {
  it('reads ISO dates and offsets from today', () => {
    expect(parseWhen('2026-12-01', '2026-11-22')).toBe('2026-12-01');
    expect(parseWhen('tomorrow', '2026-12-31')).toBe('2027-01-01');
    expect(parseWhen('+3', '2026-02-27')).toBe('2026-03-02');
    expect(parseWhen('2w', '2026-11-22')).toBe('2026-12-06');
    expect(parseWhen('10d', '2026-11-22')).toBe('2026-12-02');
  });
  it('refuses anything else', () => {
    expect(parseWhen('someday', '2026-11-22')).toBeUndefined();
    expect(parseWhen('2026-02-30', '2026-11-22')).toBeUndefined();
  });
});

describe('timeline details', () => {
  it('describes a rejection and its retry', () => {
    expect(describeDetails({ channel: 'call', rejection: { kind: 'person', form: 'direct' }, retryOn: '2026-12-01' })).toBe('via call; rejected (person, direct); retry 2026-12-01');
  });
});
