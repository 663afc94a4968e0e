import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/domain/config.js';
import {
  accountCandidates,
  annualCandidate,
  cadenceDays,
  DEFAULT_CADENCE,
  DEFAULT_DUE,
  dueSettings,
  mdRanges,
  nextDueOn,
  nextStepKindOf,
  occurrence,
  scheduledCheckIns,
  staleLimits,
  urgency,
  type AccountDueInput,
  type AccountFacts,
  type NextStepFacts,
} from '../../src/domain/due.js';
import { STAGES_DEFAULTS } from '../../src/domain/stages.js';
import { layout, pickMix, scoreCandidate, tripDays, DEFAULT_VISITS } from '../../src/domain/visits.js';

const account = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  id: 7,
  name: 'Acme',
  tier: null,
  valueScore: null,
  leadScore: null,
  strategic: false,
  ladder: null,
  lastContactOn: null,
  lastOrderOn: null,
  createdOn: '2026-01-01',
  owner: null,
  ...over,
});

const input = (over: Partial<AccountDueInput> = {}): AccountDueInput => ({
  account: account(),
  nextSteps: [],
  onboard: null,
  promises: [],
  complaints: [],
  deals: [],
  states: new Map(),
  churnSignals: 0,
  ...over,
});

const s = dueSettings(DEFAULT_CONFIG);

describe('cadence', () => {
  it('follows the tier, then customer, then the lead score band', () => {
    expect(cadenceDays(account({ tier: 'A' }), DEFAULT_CADENCE)).toEqual({ days: 14, basis: 'tier A' });
    expect(cadenceDays(account({ tier: 'b' }), DEFAULT_CADENCE).days).toBe(45);
    expect(cadenceDays(account({ lastOrderOn: '2026-01-01' }), DEFAULT_CADENCE).days).toBe(90);
    expect(cadenceDays(account({ leadScore: 75 }), DEFAULT_CADENCE).days).toBe(14);
    expect(cadenceDays(account({ leadScore: 50 }), DEFAULT_CADENCE).days).toBe(30);
    expect(cadenceDays(account({ leadScore: 10 }), DEFAULT_CADENCE).days).toBe(60);
    expect(cadenceDays(account(), DEFAULT_CADENCE).days).toBe(90);
  });

  it('reads config overrides', () => {
    const c = dueSettings({ ...DEFAULT_CONFIG, cadence: { A: 7 } });
    expect(cadenceDays(account({ tier: 'A' }), c.cadence).days).toBe(7);
    expect(cadenceDays(account({ tier: 'B' }), c.cadence).days).toBe(45);
  });

  it('restarts from the last contact or from the day it was marked done', () => {
    const a = account({ tier: 'A', lastContactOn: '2026-03-01' });
    expect(accountCandidates(input({ account: a }), s).find((c) => c.kind === 'cadence')!.dueOn).toBe('2026-03-15');
    const done = input({ account: a, states: new Map([['cadence:7', { status: 'done', until: null, at: '2026-03-20T08:00:00.000Z' }]]) });
    expect(accountCandidates(done, s).find((c) => c.kind === 'cadence')!.dueOn).toBe('2026-04-03');
  });
});

describe('items and the stored next due date', () => {
  it('next_due_on is the earliest date an item shows, snoozes included', () => {
    const i = input({
      account: account({ tier: 'C', lastContactOn: '2026-05-01' }),
      promises: [{ id: 3, what: 'send price list', dueOn: '2026-05-10', madeBy: null, contactId: null }],
    });
    const items = accountCandidates(i, s);
    expect(items.map((c) => [c.id, c.appearOn])).toEqual([
      ['promise:3', '2026-05-08'],
      ['cadence:7', '2026-07-30'],
    ]);
    expect(nextDueOn(items)).toBe('2026-05-08');
    i.states.set('promise:3', { status: 'snoozed', until: '2026-06-01', at: '2026-05-08T00:00:00Z' });
    expect(nextDueOn(accountCandidates(i, s))).toBe('2026-06-01');
  });

  it('tells a retry, a check-in and a plain next step apart, reading details defensively', () => {
    const i = { stage: null, outcome: null, details: null };
    expect(nextStepKindOf({ ...i, stage: 'approach', details: '{"rejection":"direct"}' })).toBe('retry');
    expect(nextStepKindOf({ ...i, stage: 'approach', outcome: 'rejected', details: 'not json' })).toBe('retry');
    expect(nextStepKindOf({ ...i, stage: 'approach', outcome: 'booked a meeting' })).toBe('next-step');
    expect(nextStepKindOf({ ...i, stage: 'onboard', details: '{"phase":"new-toy"}' })).toBe('check-in');
    expect(nextStepKindOf(i)).toBe('next-step');
  });

  it('lists every open next step with an id of its own, and words a retry from its rejection', () => {
    const step = (id: number, over: Partial<NextStepFacts> = {}): NextStepFacts => ({ id, kind: 'next-step', what: 'send samples', dueOn: '2026-05-05', contactId: null, createdOn: '2026-05-01', source: { kind: 'visit', occurredOn: '2026-05-01', stage: null, outcome: null, details: null }, complaint: null, ...over });
    const items = accountCandidates(
      input({
        account: account({ lastContactOn: '2026-05-02' }),
        nextSteps: [
          step(1),
          step(2, { what: 'call back', dueOn: '2026-05-09', source: { kind: 'email', occurredOn: '2026-05-02', stage: null, outcome: null, details: null } }),
          step(3, { kind: 'retry', what: 'try again', source: { kind: 'call', occurredOn: '2026-05-01', stage: 'approach', outcome: 'rejected', details: '{"rejection":{"kind":"product","form":"indirect","excuse":"no time"}}' } }),
          step(4, { dueOn: null }),
        ],
      }),
      s,
    ).filter((c) => c.kind !== 'cadence');
    expect(items.map((c) => c.id)).toEqual(['next:1', 'next:2', 'retry:3']);
    expect(items[0]!.reason).toBe('promised next step from the visit on 2026-05-01: send samples');
    expect(items[2]!.reason).toContain('retry after rejection (product, indirect)');
  });

  it('derives a check-in from the implementation phase while none is scheduled and nobody was in touch since', () => {
    const onboard = { id: 4, occurredOn: '2026-05-01', kind: 'visit', stage: 'onboard', summary: null, outcome: null, nextStep: null, nextDue: null, contactId: null };
    const due = (details: string, lastContactOn = '2026-05-01', nextSteps: NextStepFacts[] = []) =>
      accountCandidates(input({ onboard: { ...onboard, details }, account: account({ lastContactOn }), nextSteps }), s).find((c) => c.kind === 'check-in');
    expect(due('{"phase":"new-toy"}')).toMatchObject({ id: 'check-in:onboard-4', dueOn: '2026-05-08' });
    expect(due('{"phase":"learning"}')!.dueOn).toBe('2026-05-15');
    expect(due('{"phase":"learning"}', '2026-05-03')).toBeUndefined(); // contacted since
    expect(due('[1,2]')).toBeUndefined();
    const scheduled: NextStepFacts = { id: 9, kind: 'check-in', what: 'implementation check-in', dueOn: '2026-05-20', contactId: null, createdOn: '2026-05-01', source: null, complaint: null };
    expect(due('{"phase":"learning"}', '2026-05-01', [scheduled])).toMatchObject({ id: 'check-in:9', dueOn: '2026-05-20' });
  });

  it('reads the check-in dates earlier versions kept in the onboarding details', () => {
    expect(scheduledCheckIns('{"checkIns":[{"phase":"learning","due":"2026-06-01","done":false},{"phase":"new-toy","due":"2026-05-20","done":true}]}', null)).toEqual([{ due: '2026-06-01', phase: 'learning' }]);
    expect(scheduledCheckIns('{"phase":"new-toy","checkIns":["2026-05-15","2026-06-15"]}', '2026-05-16')).toEqual([{ due: '2026-06-15', phase: 'new-toy' }]);
    expect(scheduledCheckIns('not json', null)).toEqual([]);
  });

  it('walks a complaint through acknowledge, resolve and feedback', () => {
    const c = { id: 2, summary: 'broken part', severity: null, openedOn: '2026-05-01', acknowledgedOn: null, resolvedOn: null, feedbackOn: null, contactId: null };
    const item = (over: object) => accountCandidates(input({ complaints: [{ ...c, status: 'open', ...over }] }), s).find((x) => x.kind === 'complaint');
    expect(item({})).toMatchObject({ id: 'complaint:2:ack', dueOn: '2026-05-02' });
    expect(item({ status: 'acknowledged', acknowledgedOn: '2026-05-02' })).toMatchObject({ id: 'complaint:2:resolve', dueOn: '2026-05-09' });
    expect(item({ status: 'resolved', acknowledgedOn: '2026-05-02', resolvedOn: '2026-05-06' })).toMatchObject({ id: 'complaint:2:feedback', dueOn: '2026-05-09' });
    expect(item({ status: 'resolved', resolvedOn: '2026-05-06', feedbackOn: '2026-05-08' })).toBeUndefined();
  });

  it('reads stage idle limits from the stages section in any of its shapes (defaults: the pipeline\'s)', () => {
    expect(staleLimits(undefined, DEFAULT_DUE.staleDays).negotiate).toBe(14);
    expect(s.staleDays).toEqual(STAGES_DEFAULTS.staleDays);
    expect(staleLimits({ idleDays: { negotiate: 5 } }, DEFAULT_DUE.staleDays).negotiate).toBe(5);
    expect(staleLimits({ negotiate: { maxIdleDays: 4 } }, DEFAULT_DUE.staleDays).negotiate).toBe(4);
    expect(staleLimits({ negotiate: { idleDays: 'x' } }, DEFAULT_DUE.staleDays).negotiate).toBe(14);
  });

  it('dormant customers come due after the configured days without contact of any kind (the ladder threshold unless set)', () => {
    const a = input({ account: account({ lastOrderOn: '2026-01-01', lastContactOn: '2026-06-01' }) });
    expect(accountCandidates(a, s).find((c) => c.kind === 'dormant')!.dueOn).toBe('2027-06-01');
    const own = dueSettings({ ...DEFAULT_CONFIG, due: { dormantDays: 180 } });
    expect(accountCandidates(a, own).find((c) => c.kind === 'dormant')!.dueOn).toBe('2026-11-28');
    const viaLadder = dueSettings({ ...DEFAULT_CONFIG, ladder: { dormantDays: 200 } });
    expect(accountCandidates(a, viaLadder).find((c) => c.kind === 'dormant')!.dueOn).toBe('2026-12-18');
  });

  it('counts an order as contact, and shows one silence once: the cadence item gives way to the dormant one', () => {
    const a = input({ account: account({ tier: 'C', lastOrderOn: '2025-10-01', createdOn: '2026-11-01' }) });
    const items = accountCandidates(a, s);
    const cadence = items.find((c) => c.kind === 'cadence')!;
    expect(cadence).toMatchObject({ dueOn: '2025-12-30', reason: 'tier C: contact every 90 days; last contact 2025-10-01 (an order)' });
    const dormant = items.find((c) => c.kind === 'dormant')!;
    expect(dormant.dueOn).toBe('2026-10-01');
    expect(cadence.hideFrom).toBe(dormant.appearOn);
  });
});

describe('birthdays and anniversaries', () => {
  it('month-day ranges wrap the year and catch 29 February', () => {
    expect(mdRanges('2026-12-28', '2027-01-03')).toEqual([['12-28', '12-31'], ['01-01', '01-03']]);
    expect(mdRanges('2027-02-20', '2027-02-28')).toEqual([['02-20', '02-29']]);
    expect(occurrence('02-29', 2027)).toBe('2027-02-28');
    expect(occurrence('02-29', 2028)).toBe('2028-02-29');
  });

  it('shows a birthday from its lead time to its grace days, with the age', () => {
    const f = { id: 1, accountId: 7, contactId: 3, kind: 'birthday', date: '1990-01-02', label: null, contactName: 'Li', source: 'contact-3' };
    expect(annualCandidate(f, '2026-12-29', '2026-12-29', s)).toBeUndefined();
    expect(annualCandidate(f, '2026-12-30', '2026-12-30', s)).toMatchObject({ id: 'birthday:contact-3:2027', dueOn: '2027-01-02', reason: "Li's birthday on 2027-01-02 (37)" });
    expect(annualCandidate(f, '2027-01-04', '2027-01-04', s)).toMatchObject({ dueOn: '2027-01-02' });
    expect(annualCandidate(f, '2027-01-05', '2027-01-05', s)).toBeUndefined();
    expect(annualCandidate({ ...f, date: '--01-02' }, '2027-01-01', '2027-01-01', s)!.reason).toBe("Li's birthday on 2027-01-02");
  });
});

describe('urgency', () => {
  it('sums documented terms', () => {
    const u = urgency({ kind: 'promise', overdueDays: 4, tier: 'A', isCustomer: true, strategic: true, valueScore: 50, riskSignals: 5 }, DEFAULT_DUE.urgency);
    expect(u.terms.map((t) => [t.term, t.value])).toEqual([
      ['kind', 9],
      ['overdue', 2],
      ['tier', 6],
      ['strategic', 3],
      ['value', 2],
      ['risk', 6],
    ]);
    expect(u.urgency).toBe(28);
  });

  it('clamps overdue days and gives prospects their own tier term', () => {
    expect(urgency({ kind: 'cadence', overdueDays: 400, tier: null, isCustomer: false, strategic: false, valueScore: null, riskSignals: 0 }, DEFAULT_DUE.urgency).urgency).toBe(4 + 15 + 0.5);
    expect(urgency({ kind: 'holiday', overdueDays: -30, tier: null, isCustomer: true, strategic: false, valueScore: null, riskSignals: 0 }, DEFAULT_DUE.urgency).urgency).toBe(3 - 3.5);
  });
});

describe('visit planning', () => {
  const cand = (accountId: number, over: object = {}) => ({
    accountId,
    city: 'A',
    region: 'R',
    tier: null,
    strategic: false,
    isCustomer: false,
    valueScore: null,
    nextDueOn: null,
    expectedDemand: null,
    dealNearClose: false,
    riskSignals: 0,
    openComplaints: 0,
    ...over,
  });

  it('fills the VIP / ordinary / prospect mix and gives unused places to the best of the rest', () => {
    const scored = [
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => scoreCandidate(cand(i, { tier: 'A' }), '2026-05-04', '2026-05-08', DEFAULT_VISITS)),
      ...[11, 12, 13, 14].map((i) => scoreCandidate(cand(i, { tier: 'B' }), '2026-05-04', '2026-05-08', DEFAULT_VISITS)),
      scoreCandidate(cand(21, { nextDueOn: '2026-05-01' }), '2026-05-04', '2026-05-08', DEFAULT_VISITS),
    ];
    const picked = pickMix(scored, 10, DEFAULT_VISITS.mix);
    const count = (c: string) => picked.filter((p) => p.cls === c).length;
    expect([count('vip'), count('ordinary'), count('prospect')]).toEqual([6, 3, 1]);
    const noProspects = pickMix(scored.filter((p) => p.cls !== 'prospect'), 10, DEFAULT_VISITS.mix);
    expect(noProspects).toHaveLength(10);
  });

  it('lays out a city at a time over working days', () => {
    expect(tripDays('2026-11-27', 3, false)).toEqual(['2026-11-27', '2026-11-30', '2026-12-01']);
    const items = [
      { city: 'X', region: 'R', score: 5, n: 1 },
      { city: 'Y', region: 'R', score: 50, n: 2 },
      { city: 'X', region: 'R', score: 4, n: 3 },
      { city: 'Y', region: 'R', score: 40, n: 4 },
    ];
    expect(layout(items, ['d1', 'd2'], 2).map((l) => `${l.day}:${l.seq}:${l.item.n}`)).toEqual(['d1:1:2', 'd1:2:4', 'd2:1:1', 'd2:2:3']);
  });
});
