import { describe, expect, it } from 'vitest';
import { breadth, isStrategic, RELATIONSHIPS_DEFAULTS as cfg, singleThreaded, warmth, windowStart, type PersonReach } from '../../src/domain/relationships.js';
import { STAGE_RECORD_COLUMNS, stageRecordValues } from '../../src/domain/stage-record.js';

const person = (id: number, name: string, department: string | null, recent: number, over: Partial<PersonReach> = {}): PersonReach => ({
  id,
  name,
  title: null,
  department,
  buyingRole: null,
  entryRoles: [],
  lastContactOn: recent ? '2026-11-20' : null,
  recent,
  ...over,
});

describe('relationship breadth', () => {
  it('climbs from person to department to company', () => {
    expect(breadth([], cfg).level).toBe('not reached');
    expect(breadth([person(1, 'A', 'Purchasing', 2), person(2, 'B', 'Finance', 0)], cfg).summary).toBe('person-to-person: only A in 90 days');
    const two = breadth([person(1, 'A', 'Purchasing', 2), person(2, 'B', ' purchasing ', 1)], cfg);
    expect(two).toMatchObject({ level: 'department-to-department', departmentsReached: 1 });
    expect(two.departments).toHaveLength(1);
    // three departments but nobody deciding: still department-to-department
    const three = [person(1, 'A', 'Purchasing', 1), person(2, 'B', 'Engineering', 1), person(3, 'C', 'Finance', 1)];
    expect(breadth(three, cfg).summary).toBe('department-to-department: 3 people in 3 departments in 90 days, no decision-maker');
    three[2]!.entryRoles = ['power'];
    expect(breadth(three, cfg).level).toBe('company-to-company');
  });

  it('warmth by the last real contact; the window includes today', () => {
    expect(windowStart('2026-11-23', cfg)).toBe('2026-08-26');
    expect(warmth(null, '2026-11-23', cfg)).toBe('never');
    expect(warmth('2026-11-01T10:00:00.000Z', '2026-11-23', cfg)).toBe('warm');
    expect(warmth('2026-10-01', '2026-11-23', cfg)).toBe('cooling');
    expect(warmth('2026-08-01', '2026-11-23', cfg)).toBe('cold');
  });

  it('single-threaded only for one (or fewer than minPeople) named people, never for none', () => {
    expect(singleThreaded([], 3, cfg)).toBeNull();
    expect(singleThreaded([{ name: '张伟', contacts: 4 }], 1, cfg)?.evidence).toBe('only 张伟 in 90 days (4 contacts; nobody else on file)');
    expect(singleThreaded([{ name: '张伟', contacts: 1 }, { name: '王芳', contacts: 1 }], 2, cfg)).toBeNull();
    expect(singleThreaded([{ name: '张伟', contacts: 1 }, { name: '王芳', contacts: 1 }], 5, { ...cfg, minPeople: 3 })?.evidence).toBe('only 张伟, 王芳 in 90 days (2 contacts; 3 other people on file not reached)');
  });

  it('strategic: marked, a listed tier or a listed key face', () => {
    expect(isStrategic({ strategic: true, tier: null, face: null }, cfg)).toBe(true);
    expect(isStrategic({ strategic: false, tier: 'A', face: null }, cfg)).toBe(true);
    expect(isStrategic({ strategic: false, tier: 'B', face: 'red' }, cfg)).toBe(true);
    expect(isStrategic({ strategic: false, tier: 'B', face: null }, cfg)).toBe(false);
    expect(isStrategic({ strategic: true, tier: null, face: null }, { ...cfg, strategic: { marked: false, tiers: [], faces: [] } })).toBe(false);
  });
});

describe('the stage record as columns', () => {
  it('has one column per field, empty where nothing was recorded, and survives odd details', () => {
    const keys = STAGE_RECORD_COLUMNS.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(stageRecordValues(null).every((v) => v === null)).toBe(true);
    const v = stageRecordValues({ spin: { problem: 'downtime' }, budget: 'not a number', objections: [{ kind: 'price', refusal: 'polite' }], report: { nextSteps: [{ what: 'call', due: '2026-12-01', ref: 'promise:3' }] } });
    const at = (k: string) => v[keys.indexOf(k)];
    expect(at('problem')).toBe('downtime');
    expect(at('budget')).toBeNull();
    expect(at('objections')).toEqual(['price (polite)']);
    expect(at('nextSteps')).toEqual(['call by 2026-12-01 (promise:3)']);
  });
});
