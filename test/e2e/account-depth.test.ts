// Issue 19, the account file deeper: relationship breadth, the visit report, the stage record in
// every output, and a period at a glance — each on the built CLI.
import { parse } from 'csv-parse/sync';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

/** Runs crm at a given "today" and fails the test on a non-zero exit. */
function at(sb: Sandbox, date: string, args: string[]) {
  const r = sb.crm(['--as-of', date, ...args], { env: { CI: 'true' } });
  if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}
const json = (sb: Sandbox, date: string, args: string[]) => JSON.parse(at(sb, date, [...args, '--json']).stdout);

/**
 * Runs the steps one after the other, letting the test worker's event loop turn between them: a
 * long run of blocking spawns would keep it from answering the test runner on a loaded machine.
 */
async function steps(sb: Sandbox, list: [string, string[]][]): Promise<void> {
  for (const [date, args] of list) {
    at(sb, date, args);
    await new Promise((r) => setImmediate(r));
  }
}

describe('relationship breadth: departments, roles, warmth, and the single-threaded strategic account', () => {
  let sb: Sandbox;
  const TODAY = '2026-11-23';
  beforeEach(async () => {
    sb = sandbox();
    await steps(sb, [
      ['2026-01-05', ['account', 'add', '--name', '华南电子有限公司', '--city', '深圳', '--strategic']],
      ['2026-01-05', ['contact', 'add', '华南电子', '--name', '张伟', '--department', '采购部', '--role', 'purchasing', '--entry-role', 'acceptor']],
      ['2026-01-05', ['contact', 'add', '华南电子', '--name', '王芳', '--department', '总经办', '--role', 'decision-maker', '--entry-role', 'power']],
      ['2026-01-05', ['contact', 'add', '华南电子', '--name', '李娜', '--department', ' 技术部', '--role', 'technical']],
      // 王芳 was met long ago; in the last 90 days only 张伟
      ['2026-05-10', ['log', '华南电子', '--kind', 'visit', '--contact', '王芳', '--summary', 'annual review']],
      ['2026-11-02', ['log', '华南电子', '--kind', 'call', '--contact', '张伟', '--summary', 'order follow-up']],
      ['2026-11-18', ['log', '华南电子', '--kind', 'email', '--contact', '张伟', '--summary', 'sent the quote']],
      // a mailing and desk research reach nobody
      ['2026-11-19', ['log', '华南电子', '--kind', 'dm', '--contact', '李娜', '--summary', 'catalogue by post']],
      // a customer that is not strategic hangs on one person too: no signal for it
      ['2026-01-05', ['account', 'add', '--name', 'Small Shop']],
      ['2026-01-05', ['contact', 'add', 'Small Shop', '--name', 'Tom Lee']],
      ['2026-01-05', ['contact', 'add', 'Small Shop', '--name', 'Amy Lee']],
      ['2026-11-20', ['log', 'Small Shop', '--kind', 'call', '--contact', 'Tom Lee']],
    ]);
  });
  afterEach(() => sb.cleanup());

  it('crm show gives departments, roles reached and each person\'s warmth', () => {
    const f = json(sb, TODAY, ['show', '华南电子']);
    const rel = f.relationship;
    expect(rel.strategic).toBe(true);
    expect(rel.breadth).toMatchObject({ level: 'person-to-person', peopleReached: 1, people: 3, departmentsReached: 1, summary: 'person-to-person: only 张伟 in 90 days' });
    expect(rel.breadth.rolesReached).toEqual(['purchasing', 'acceptor']);
    expect(rel.breadth.rolesMissing).toEqual(['decision-maker', 'technical', 'finance', 'user']);
    expect(rel.breadth.entryRolesMissing).toEqual(['dissatisfied', 'power']);
    // departments as typed (trimmed), reached ones first
    expect(rel.breadth.departments.map((d: any) => [d.department, d.people, d.reached, d.lastContactOn])).toEqual([
      ['采购部', 1, 1, '2026-11-18'],
      ['总经办', 1, 0, '2026-05-10'],
      ['技术部', 1, 0, null],
    ]);
    const person = (name: string) => rel.people.find((p: any) => p.name === name);
    expect(person('张伟')).toMatchObject({ department: '采购部', lastContactOn: '2026-11-18', recent: 2, warmth: 'warm' });
    expect(person('王芳')).toMatchObject({ lastContactOn: '2026-05-10', recent: 0, warmth: 'cold' });
    // the direct mailing is not a real contact
    expect(person('李娜')).toMatchObject({ lastContactOn: null, recent: 0, warmth: 'never' });
    expect(rel.singleThreaded).toBe('only 张伟 in 90 days (2 contacts; 2 other people on file not reached)');

    const table = at(sb, TODAY, ['show', '华南电子']).stdout;
    expect(table).toContain('Relationship breadth');
    expect(table).toContain('single-threaded: only 张伟 in 90 days');
    expect(table).toMatch(/张伟.*采购部.*purchasing, acceptor.*2026-11-18.*warm/);
  });

  it('crm risk and score --explain name the single-threaded strategic account, not the small shop', () => {
    const risk = json(sb, TODAY, ['risk']);
    expect(risk).toHaveLength(1);
    expect(risk[0].name).toBe('华南电子有限公司');
    expect(risk[0].signals).toEqual([{ signal: 'single-threaded', evidence: 'only 张伟 in 90 days (2 contacts; 2 other people on file not reached)' }]);
    expect(json(sb, TODAY, ['risk', '--signal', 'single-threaded']).map((r: any) => r.name)).toEqual(['华南电子有限公司']);

    const explained = json(sb, TODAY, ['score', '华南电子', '--explain']);
    expect(explained.relationship).toBe('person-to-person: only 张伟 in 90 days');
    expect(explained.signals).toContainEqual({ signal: 'single-threaded', evidence: expect.stringContaining('only 张伟 in 90 days') });
    expect(at(sb, TODAY, ['score', '华南电子', '--explain']).stdout).toContain('single-threaded: only 张伟 in 90 days');
  });

  it('widens to department-to-department and company-to-company as more people are reached', () => {
    at(sb, '2026-11-20', ['log', '华南电子', '--kind', 'meeting', '--contact', '王芳', '--summary', 'price review']);
    let f = json(sb, TODAY, ['show', '华南电子']);
    expect(f.relationship.breadth.level).toBe('department-to-department');
    expect(f.relationship.singleThreaded).toBeNull();
    expect(json(sb, TODAY, ['risk'])).toEqual([]);
    // a visit meeting the technical manager too: three departments, a decision-maker among them
    at(sb, '2026-11-21', ['log', '华南电子', '--kind', 'visit', '--contact', '张伟', '--met', '李娜', '--goal-met', 'yes']);
    f = json(sb, TODAY, ['show', '华南电子']);
    expect(f.relationship.breadth).toMatchObject({ level: 'company-to-company', peopleReached: 3, departmentsReached: 3 });
    expect(f.relationship.people.find((p: any) => p.name === '李娜')).toMatchObject({ lastContactOn: '2026-11-21', recent: 1, warmth: 'warm' });
  });

  it('counts tier A as strategic, configurable', () => {
    // Small Shop becomes the only customer: tier A, and single-threaded on Tom Lee
    at(sb, '2026-11-01', ['order', 'add', 'Small Shop', '--amount', '5000']);
    const risk = json(sb, TODAY, ['risk', 'Small Shop']);
    expect(risk[0].signals.map((s: any) => s.signal)).toEqual(['single-threaded']);
    expect(risk[0].signals[0].evidence).toBe('only Tom Lee in 90 days (1 contact; 1 other person on file not reached)');
    writeFileSync(join(sb.dir, 'config.json'), JSON.stringify({ relationships: { strategic: { tiers: [], faces: [] } } }));
    expect(json(sb, TODAY, ['--config', join(sb.dir, 'config.json'), 'risk', 'Small Shop'])).toEqual([]);
  });
});

describe('the visit report: plan done and log --kind visit', () => {
  let sb: Sandbox;
  let visitId: number;
  beforeEach(async () => {
    sb = sandbox();
    await steps(sb, [
      ['2026-11-01', ['account', 'add', '--name', '华南电子有限公司', '--city', '深圳', '--region', '广东', '--strategic', '--owner', 'alice']],
      ['2026-11-01', ['contact', 'add', '华南电子', '--name', '张伟', '--department', '采购部', '--role', 'purchasing']],
      ['2026-11-01', ['contact', 'add', '华南电子', '--name', '王芳', '--department', '总经办', '--role', 'decision-maker']],
      ['2026-11-01', ['contact', 'add', '华南电子', '--name', '李娜', '--department', '技术部', '--role', 'user']],
    ]);
    const plan = json(sb, '2026-11-16', ['plan', 'visits', '--region', '广东', '--from', '2026-11-17', '--days', '1', '--save']);
    expect(plan.visits).toHaveLength(1);
    visitId = plan.visits[0].visitId;
  });
  afterEach(() => sb.cleanup());

  const REPORT = [
    '--goal-met', 'partly',
    '--met', '张伟', '--met', 'wang', '--met', '王芳',
    '--learned', 'second line planned for May', '--learned', 'wants IP67 everywhere',
    '--org', '王芳 signs above 100k',
    '--problem', 'late deliveries in Q3', '--solution', 'buffer stock in Shenzhen',
    '--problem', 'price 5% above Delta',
    '--next-step', 'send the buffer-stock offer', '--next-due', '+3',
    '--next-step', 'call 王芳 about the price',
    '--mood', 'hesitant:budget not approved yet',
    '--minutes', '90',
  ];

  it('records the report, makes each next step an open commitment, and shows it everywhere', () => {
    // "wang" is not a contact: nothing is written
    const bad = sb.crm(['--as-of', '2026-11-17', 'plan', 'done', String(visitId), ...REPORT]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--contact "wang": no such contact');
    expect(json(sb, '2026-11-17', ['plan', 'report']).done).toBe(0);

    const args = REPORT.filter((x, i) => x !== 'wang' && REPORT[i + 1] !== 'wang');
    const done = json(sb, '2026-11-17', ['plan', 'done', String(visitId), ...args]);
    expect(done.status).toBe('done');
    expect(done.report).toEqual({
      goal: 'periodic business review with a key account (VIP care)',
      goalMet: 'partly',
      needs: ['second line planned for May', 'wants IP67 everywhere'],
      organisation: ['王芳 signs above 100k'],
      problems: [{ problem: 'late deliveries in Q3', solution: 'buffer stock in Shenzhen' }, { problem: 'price 5% above Delta' }],
      nextSteps: [
        { what: 'send the buffer-stock offer', due: '2026-11-20', ref: expect.stringMatching(/^next:\d+$/) },
        { what: 'call 王芳 about the price', ref: expect.stringMatching(/^next:\d+$/) },
      ],
      mood: 'hesitant',
      moodNote: 'budget not approved yet',
      met: ['张伟', '王芳'],
    });

    // each next step is an open commitment: listed, and on the due list when it comes due
    const open = json(sb, '2026-11-17', ['next', 'list', '华南电子']);
    expect(open.map((p: any) => [p.id, p.what, p.dueOn, p.contact])).toEqual(
      expect.arrayContaining([
        [done.report.nextSteps[0].ref, 'send the buffer-stock offer', '2026-11-20', '张伟'],
        [done.report.nextSteps[1].ref, 'call 王芳 about the price', null, '张伟'],
      ]),
    );
    // one store of next steps: none of them is a promise
    expect(json(sb, '2026-11-17', ['promise', 'list', '--open'])).toEqual([]);
    const due = json(sb, '2026-11-20', ['due']);
    expect(due.items.map((i: any) => i.reason).join('\n')).toContain('send the buffer-stock offer');

    // the people met count as reached: no longer single-threaded
    const file = json(sb, '2026-11-18', ['show', '华南电子']);
    expect(file.relationship.breadth.peopleReached).toBe(2);
    const visit = file.timeline.find((e: any) => e.kind === 'visit');
    expect(visit.record).toMatchObject({ contact: '张伟', alsoPresent: ['王芳'], minutes: 90, visitId, details: { report: done.report } });
    expect(visit.summary).toContain('with 张伟, 王芳');
    expect(visit.summary).toContain('goal: periodic business review with a key account (VIP care) (met: partly)');
    expect(visit.summary).toContain('problem: late deliveries in Q3 → buffer stock in Shenzhen');
    expect(visit.summary).toContain('next step: send the buffer-stock offer by 2026-11-20');
    expect(visit.summary).toContain('mood: hesitant (budget not approved yet)');

    // the plan's report sets the brief against what happened
    at(sb, '2026-11-19', ['next', 'done', done.report.nextSteps[0].ref]);
    const r = json(sb, '2026-11-21', ['plan', 'report']);
    expect(r).toMatchObject({ done: 1, reports: 1, goals: { met: 0, partly: 1, notMet: 0 }, nextSteps: { agreed: 2, open: 1, overdue: 0, done: 1, cancelled: 0, broken: 0 }, moods: { hesitant: 1 } });
    expect(r.visits[0]).toMatchObject({
      status: 'done',
      goalMet: 'partly',
      peopleBriefed: ['张伟', '王芳', '李娜'],
      peopleMet: ['张伟', '王芳'],
      notMet: ['李娜'],
      nextSteps: [
        { what: 'send the buffer-stock offer', due: '2026-11-20', status: 'done' },
        { what: 'call 王芳 about the price', due: null, status: 'open' },
      ],
      mood: 'hesitant',
    });
    const table = at(sb, '2026-11-21', ['plan', 'report']).stdout;
    expect(table).toContain('The briefs against what happened');
    expect(table).toMatch(/partly.*张伟, 王芳.*李娜/);
  });

  it('asks the report question by question when run with nobody\'s flags on a terminal', () => {
    const answers = ['partly', '张伟, 李娜', 'a second line', '', '', 'late deliveries', 'buffer stock', '', 'send the offer', '+3', '', 'positive'];
    const r = sb.crm(['--as-of', '2026-11-17', 'plan', 'done', String(visitId), '--json'], { embed: { answers } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('goal of the visit: periodic business review with a key account (VIP care)');
    expect(JSON.parse(r.stdout).report).toMatchObject({
      goalMet: 'partly',
      met: ['张伟', '李娜'],
      needs: ['a second line'],
      problems: [{ problem: 'late deliveries', solution: 'buffer stock' }],
      nextSteps: [{ what: 'send the offer', due: '2026-11-20' }],
      mood: 'positive',
    });
  });

  it('crm log --kind visit takes the same report; bad values are usage errors that write nothing', () => {
    const logged = json(sb, '2026-11-18', ['log', '华南电子', '--kind', 'visit', '--summary', 'unplanned stop', '--goal', 'collect the drawings', '--goal-met', 'yes', '--met', '李娜', '--next-step', 'quote from the drawings', '--next-due', '2026-11-25', '--mood', 'positive']);
    expect(logged.report).toMatchObject({ goal: 'collect the drawings', goalMet: 'yes', met: ['李娜'], mood: 'positive', nextSteps: [{ what: 'quote from the drawings', due: '2026-11-25' }] });
    const file = json(sb, '2026-11-18', ['show', '华南电子']);
    expect(file.timeline.find((e: any) => e.kind === 'visit').record).toMatchObject({ contact: '李娜', details: { report: { goalMet: 'yes' } } });
    expect(json(sb, '2026-11-18', ['next', 'list', '华南电子']).map((p: any) => p.what)).toEqual(['quote from the drawings']);

    for (const args of [
      ['log', '华南电子', '--kind', 'call', '--goal-met', 'yes'],
      ['log', '华南电子', '--kind', 'visit', '--mood', 'grumpy'],
      ['log', '华南电子', '--kind', 'visit', '--goal-met', 'maybe'],
      ['log', '华南电子', '--kind', 'visit', '--solution', 'a fix'],
      ['plan', 'done', String(visitId), '--skipped', '--goal-met', 'no'],
    ]) {
      const r = sb.crm(['--as-of', '2026-11-18', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(json(sb, '2026-11-18', ['show', '华南电子']).timeline.filter((e: any) => e.kind === 'visit' || e.kind === 'call')).toHaveLength(1);
  });
});

describe('the stage record everywhere: exports, show --json and the timeline', () => {
  let sb: Sandbox;
  // Every value typed into a stage command, by the command that recorded it.
  const RECORDED: [string[], string, string[]][] = [
    [['prospect', 'Acme', '--prepare', 'brochure 2026', '--plan', 'call purchasing after the fair'], '2026-10-01', ['brochure 2026', 'call purchasing after the fair']],
    [['approach', 'Acme', '--channel', 'visit', '--outcome', 'rejected', '--rejection', 'product', '--rejection-form', 'indirect', '--excuse', 'no budget this year', '--retry', '2026-11-05'], '2026-10-02', ['visit', 'product', 'indirect', 'no budget this year', '2026-11-05']],
    [['qualify', 'Acme', '--situation', 'three lines with old sensors', '--problem', '5% downtime', '--implication', 'late deliveries to Bosch', '--need-payoff', 'two days a month saved', '--need', 'IP67 sensors', '--need', 'remote monitoring', '--budget', '80000', '--timing', 'Q1 2027', '--quantity', '400'], '2026-10-10', ['three lines with old sensors', '5% downtime', 'late deliveries to Bosch', 'two days a month saved', 'IP67 sensors', 'remote monitoring', '80000', 'Q1 2027', '400']],
    [['propose', 'Acme', '--feature', 'IP67 housing', '--advantage', 'survives washdown', '--benefit', 'no line stops for cleaning', '--amount', '76000', '--samples', '--demo', '--material', 'price list 2026'], '2026-10-15', ['IP67 housing', 'survives washdown', 'no line stops for cleaning', '76000', 'price list 2026']],
    [['negotiate', 'Acme', '--objection', 'price:too expensive for now', '--answer', 'lower 3-year cost', '--refusal', 'real', '--objection', 'study', '--refusal', 'polite', '--risk', 'high', '--amount', '72000'], '2026-10-20', ['too expensive for now', 'lower 3-year cost', 'polite', 'high', '72000']],
    [['close', 'Acme', '--won', '--amount', '70000', '--signal', 'asks-service', '--signal', 'volunteers-info', '--reason', 'best total cost'], '2026-10-25', ['asks-service', 'volunteers-info', 'best total cost', '70000']],
    [['close', 'Acme', '--new-deal', '--title', 'spare parts', '--lost', '--reason', 'price', '--competitor', 'Delta Sensors'], '2026-10-26', ['price', 'Delta Sensors']],
    [['onboard', 'Acme', '--phase', 'learning', '--check-in', '2026-11-20', '--check-in', '2026-12-15'], '2026-11-01', ['learning', '2026-11-20', '2026-12-15']],
    [['care', 'Acme', '--care', 'business-review', '--care', 'upsell', '--intelligence', 'new plant in Dongguan'], '2026-11-10', ['business-review', 'upsell', 'service', 'next-deal', 'new plant in Dongguan']],
  ];
  beforeAll(async () => {
    sb = sandbox();
    await steps(sb, [
      ['2026-09-30', ['account', 'add', '--name', 'Acme Trading']],
      ['2026-09-30', ['contact', 'add', 'Acme', '--name', 'Zhang Wei']],
      ...RECORDED.map(([args, date]): [string, string[]] => [date, args]),
    ]);
  });
  afterAll(() => sb.cleanup());

  it('export interactions (CSV) has a column for every stage field', () => {
    const rows = parse(at(sb, '2026-11-20', ['export', 'interactions']).stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(RECORDED.length);
    const byStage = (s: string) => rows.filter((r) => r.stage === s);
    expect(byStage('prospect')[0]).toMatchObject({ prepared: 'brochure 2026', approachPlan: 'call purchasing after the fair' });
    expect(byStage('approach')[0]).toMatchObject({ channel: 'visit', rejection: 'product', rejectionForm: 'indirect', excuse: 'no budget this year', retryOn: '2026-11-05' });
    expect(byStage('qualify')[0]).toMatchObject({
      situation: 'three lines with old sensors',
      problem: '5% downtime',
      implication: 'late deliveries to Bosch',
      needPayoff: 'two days a month saved',
      needs: 'IP67 sensors; remote monitoring',
      budget: '80000',
      timing: 'Q1 2027',
      quantity: '400',
    });
    expect(byStage('propose')[0]).toMatchObject({ features: 'IP67 housing', advantages: 'survives washdown', benefits: 'no line stops for cleaning', amount: '76000', samples: 'yes', demo: 'yes', materials: 'price list 2026' });
    expect(byStage('negotiate')[0]).toMatchObject({ objections: 'price "too expensive for now" (real) answered: lower 3-year cost; study (polite)', perceivedRisk: 'high', amount: '72000' });
    expect(byStage('close').map((r) => [r.result, r.reason, r.competitor, r.buyingSignals])).toEqual([
      ['won', 'best total cost', '', 'asks-service; volunteers-info'],
      ['lost', 'price', 'Delta Sensors', ''],
    ]);
    expect(byStage('onboard')[0]).toMatchObject({ phase: 'learning', checkIns: '2026-11-20; 2026-12-15' });
    expect(byStage('care')[0]).toMatchObject({ care: 'business-review; upsell; intelligence', careJobs: 'service; next-deal; intelligence', intelligence: 'new plant in Dongguan' });
  });

  it('every value typed is in the JSON export, show --json and the timeline', () => {
    const exported = JSON.parse(at(sb, '2026-11-20', ['export', 'interactions', '--format', 'json']).stdout);
    const file = json(sb, '2026-11-20', ['show', 'Acme']);
    const events = file.timeline.filter((e: any) => e.record);
    expect(events).toHaveLength(RECORDED.length);
    for (const [args, date, values] of RECORDED) {
      const stage = args[0]!;
      const i = RECORDED.findIndex((x) => x[0] === args);
      const row = exported[i];
      const event = events[i];
      expect(row.stage, args.join(' ')).toBe(stage);
      expect(event.at.slice(0, 10)).toBe(date);
      // the same details in both JSON outputs
      expect(event.record.details).toEqual(row.details);
      expect(event.record.materials).toEqual(row.materials);
      const text = JSON.stringify([row.details, row.materials]);
      for (const v of values) {
        expect(text, `${stage}: ${v} in the JSON`).toContain(v);
        expect(event.summary, `${stage}: ${v} in the timeline`).toContain(v);
      }
    }
    expect(exported[3].details).toMatchObject({ fab: { features: ['IP67 housing'], advantages: ['survives washdown'], benefits: ['no line stops for cleaning'] }, samples: true, demo: true });
    expect(exported[4].details.objections).toEqual([
      { kind: 'price', text: 'too expensive for now', refusal: 'real', answer: 'lower 3-year cost' },
      { kind: 'study', refusal: 'polite' },
    ]);
  });
});

describe('crm activity: a week at a glance', () => {
  let sb: Sandbox;
  const TODAY = '2026-11-23';
  beforeAll(async () => {
    sb = sandbox();
    await steps(sb, [
      // before the week
      ['2026-11-02', ['account', 'add', '--name', 'Acme Trading', '--owner', 'alice', '--source', 'referral']],
      ['2026-11-02', ['account', 'add', '--name', 'Beta Lights', '--owner', 'bob', '--source', 'web']],
      ['2026-11-03', ['approach', 'Acme', '--channel', 'call', '--outcome', 'interested']],
      ['2026-11-03', ['approach', 'Beta', '--channel', 'call', '--outcome', 'interested']],
      ['2026-11-05', ['promise', 'add', 'Acme', '--what', 'send the test report', '--due', '2026-11-18']],
      ['2026-11-05', ['promise', 'add', 'Acme', '--what', 'samples', '--due', '2026-11-19']],
      ['2026-11-05', ['promise', 'add', 'Beta', '--what', 'price list', '--due', '2026-11-20']],
      ['2026-11-10', ['complaint', 'open', 'Acme', '--summary', 'late delivery']],
      // the week 2026-11-17 .. 2026-11-23
      ['2026-11-17', ['account', 'add', '--name', 'Gamma Fair Lead', '--owner', 'alice', '--source', 'trade-show', '--campaign', 'Canton Fair 2026 autumn']],
      ['2026-11-17', ['account', 'add', '--name', 'Delta Fair Lead', '--owner', 'alice', '--source', 'trade-show', '--campaign', 'Canton Fair 2026 autumn']],
      ['2026-11-18', ['account', 'add', '--name', 'Epsilon Web', '--owner', 'bob', '--source', 'web']],
      ['2026-11-17', ['qualify', 'Acme', '--budget', '50000', '--minutes', '40']],
      ['2026-11-18', ['log', 'Acme', '--kind', 'visit', '--summary', 'factory tour', '--minutes', '90']],
      ['2026-11-19', ['close', 'Acme', '--won', '--amount', '48000']],
      ['2026-11-19', ['close', 'Beta', '--lost', '--reason', 'price', '--competitor', 'Delta']],
      ['2026-11-18', ['promise', 'done', '1']],
      ['2026-11-20', ['promise', 'done', '3', '--broken']],
      ['2026-11-20', ['complaint', 'open', 'Beta', '--summary', 'wrong colour temperature', '--severity', 'high']],
      ['2026-11-21', ['complaint', 'resolve', '1', '--resolution', 're-shipped by air']],
      ['2026-11-22', ['complaint', 'resolve', '1', '--feedback']],
      ['2026-11-22', ['log', 'Beta', '--kind', 'call', '--summary', 'sorry call']],
      // after the week: not counted
      ['2026-11-24', ['log', 'Acme', '--kind', 'call', '--summary', 'tomorrow']],
    ]);
  });
  afterAll(() => sb.cleanup());

  it('counts what happened in the last 7 days, with totals', () => {
    const r = json(sb, TODAY, ['activity', '--since', '7d']);
    expect([r.from, r.to]).toEqual(['2026-11-17', '2026-11-23']);
    expect(r.totals).toEqual({
      interactions: 5,
      byKind: [
        { kind: 'meeting', n: 3 },
        { kind: 'call', n: 1 },
        { kind: 'visit', n: 1 },
      ],
      minutes: 130,
      stageMoves: 3,
      dealsWon: 1,
      wonAmount: 48000,
      dealsLost: 1,
      lostAmount: 0,
      currency: 'CNY',
      promisesMade: 0,
      promisesKept: 1,
      promisesBroken: 1,
      promisesOverdue: 1,
      complaintsOpened: 1,
      complaintsResolved: 1,
      complaintsClosed: 1,
      newLeads: 3,
    });
    expect(r.leadsBySource).toEqual([
      { source: 'trade-show', campaign: 'Canton Fair 2026 autumn', leads: 2 },
      { source: 'web', campaign: null, leads: 1 },
    ]);
    const of = (c: string) => r.events.filter((e: any) => e.category === c);
    expect(of('deal').map((e: any) => [e.type, e.account, e.amount, e.currency, e.detail])).toEqual([
      ['won', 'Acme Trading', 48000, 'CNY', null],
      ['lost', 'Beta Lights', null, null, 'reason: price, competitor: Delta'],
    ]);
    expect(of('promise').map((e: any) => [e.type, e.what])).toEqual([
      ['kept', 'kept: send the test report'],
      ['overdue', 'overdue: samples'],
      ['broken', 'broken: price list'],
    ]);
    expect(of('complaint').map((e: any) => [e.at, e.type, e.account])).toEqual([
      ['2026-11-20', 'opened', 'Beta Lights'],
      ['2026-11-21', 'resolved', 'Acme Trading'],
      ['2026-11-22', 'closed', 'Acme Trading'],
    ]);
    expect(of('stage').map((e: any) => e.type)).toEqual(['approach → qualify', 'qualify → close', 'approach → close']);
  });

  it("--owner keeps one rep's accounts; markdown and CSV carry the same figures", () => {
    const alice = json(sb, TODAY, ['activity', '--owner', 'alice']);
    expect(alice.totals).toMatchObject({ interactions: 3, dealsWon: 1, dealsLost: 0, promisesKept: 1, promisesBroken: 0, promisesOverdue: 1, complaintsOpened: 0, complaintsClosed: 1, newLeads: 2 });
    expect(sb.crm(['--as-of', TODAY, 'activity', '--owner', 'nobody']).code).toBe(1);

    const md = at(sb, TODAY, ['activity', '--format', 'markdown']).stdout;
    expect(md).toContain('## Activity 2026-11-17 – 2026-11-23');
    expect(md).toContain('- **deals won**: 1, amount 48,000 CNY');
    expect(md).toContain('## Deals won and lost (2)');
    expect(md).toMatch(/\| 2026-11-22 \| Acme Trading \| closed \| late delivery \|/);
    expect(md).toMatch(/\| trade-show \| Canton Fair 2026 autumn \| 2 \|/);

    const rows = parse(at(sb, TODAY, ['activity', '--format', 'csv']).stdout, { columns: true }) as Record<string, string>[];
    const events = rows.filter((x) => x.category !== 'total');
    const total = (t: string) => rows.find((x) => x.category === 'total' && x.type === t);
    expect(events.filter((e) => e.category === 'interaction')).toHaveLength(5);
    expect(events.filter((e) => e.category === 'lead').map((e) => e.account).sort()).toEqual(['Delta Fair Lead', 'Epsilon Web', 'Gamma Fair Lead']);
    expect(total('deals won')).toMatchObject({ count: '1', amount: '48000', currency: 'CNY' });
    expect(total('new leads: trade-show · Canton Fair 2026 autumn')).toMatchObject({ count: '2' });

    // a custom period, and a wrong one
    expect(json(sb, TODAY, ['activity', '--from', '2026-11-24', '--to', '2026-11-24']).totals.interactions).toBe(1);
    expect(sb.crm(['--as-of', TODAY, 'activity', '--since', 'soon']).code).toBe(2);
  });

  it('the assessment links to the activity behind its figures', () => {
    const a = json(sb, TODAY, ['report', 'assessment', '--from', '2026-11-01', '--to', '2026-11-23', '--owner', 'alice']);
    expect(a.summary).toContainEqual({ label: 'what happened', value: 'crm activity --from 2026-11-01 --to 2026-11-23 --owner alice', kind: 'text' });
    expect(a.tables[0].rows[0].activity).toBe('crm activity --from 2026-11-01 --to 2026-11-23 --owner alice');
    expect(at(sb, TODAY, ['report', 'assessment']).stdout).toContain('crm activity --from');
  });
});
