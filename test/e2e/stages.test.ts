import { openBook } from '../helpers/book.js';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Embed, type Sandbox } from '../helpers/cli.js';
import { runInPty } from '../helpers/pty.js';

/** Runs crm at a given "today" and fails the test on a non-zero exit. */
function at(sb: Sandbox, date: string, args: string[], embed?: Embed) {
  const r = sb.crm(['--as-of', date, ...args], { env: { CI: 'true' }, embed });
  if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}

function history(sb: Sandbox, dealId: number) {
  const db = openBook(sb.db, { readonly: true });
  try {
    return db.prepare('select from_stage as "from", to_stage as "to", skipped, forced, note from deal_stage_history where deal_id = ? order by id').all(dealId);
  } finally {
    db.close();
  }
}

describe('sales stages: one deal from prospect to care, with flags only', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
    at(sb, '2026-09-30', ['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen', '--owner', 'alice']);
    at(sb, '2026-09-30', ['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zhang.wei@acme.cn', '--title', '采购经理']);
  });
  afterEach(() => sb.cleanup());

  it('moves the deal, records skips and forced moves, and tells the story in order', () => {
    at(sb, '2026-10-01', ['prospect', 'Acme Trading', '--summary', 'found them at the fair', '--prepare', 'brochure 2026', '--plan', 'call purchasing']);
    const rej = at(sb, '2026-10-02', ['approach', 'Acme Trading', '--channel', 'call', '--outcome', 'rejected', '--rejection', 'reflexive', '--rejection-form', 'indirect', '--excuse', 'in a meeting', '--json']);
    const rejected = JSON.parse(rej.stdout);
    // no retry date given: the default of 30 days after 2026-10-02
    expect(rejected).toMatchObject({ stage: 'approach', nextDue: '2026-11-01', nextStep: 'approach again after a rejection' });
    expect(rejected.deal).toMatchObject({ id: 1, stage: 'approach', created: false, move: { kind: 'forward', from: 'prospect', to: 'approach', skipped: [] } });

    at(sb, '2026-10-20', ['approach', 'Acme Trading', '--channel', 'visit', '--outcome', 'appointment', '--contact', '张伟', '--next', 'bring samples', '--due', '+5']);
    // straight to propose: qualify is skipped, which is allowed and shown
    const prop = at(sb, '2026-10-25', ['propose', 'Acme Trading', '--feature', 'IP67 housing', '--advantage', 'survives washdown', '--benefit', 'no line stops for cleaning', '--amount', '50000', '--samples', '--material', 'brochure 2026', '--json']);
    expect(JSON.parse(prop.stdout).deal.move).toEqual({ kind: 'forward', from: 'approach', to: 'propose', skipped: ['qualify'] });

    // back to qualify without --force: refused, nothing written
    const back = sb.crm(['--as-of', '2026-10-27', 'qualify', 'Acme Trading', '--budget', '40000']);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('needs --force');
    expect(history(sb, 1)).toHaveLength(3);

    at(sb, '2026-10-27', ['qualify', 'Acme Trading', '--force', '--situation', 'three lines, old sensors', '--problem', 'downtime', '--implication', 'late deliveries', '--need-payoff', 'two days a month saved', '--budget', '40000', '--timing', 'Q1 2027', '--quantity', '400']);
    at(sb, '2026-11-02', ['negotiate', 'Acme Trading', '--objection', 'price', '--answer', 'lower 3-year cost', '--objection', 'study:ask the boss', '--refusal', 'real', '--refusal', 'polite', '--risk', 'medium']);
    const won = JSON.parse(at(sb, '2026-11-05', ['close', 'Acme Trading', '--won', '--amount', '48000', '--order', '--signal', 'asks-service', '--signal', 'agrees', '--json']).stdout);
    expect(won.deal).toMatchObject({ status: 'won', amount: 48000, stage: 'close' });
    expect(won.orderId).toBe(1);
    at(sb, '2026-11-10', ['onboard', 'Acme Trading', '--phase', 'new-toy', '--check-in', '2026-11-24', '--check-in', '2026-12-15']);
    at(sb, '2026-12-01', ['care', 'Acme Trading', '--care', 'business-review', '--care', 'referral-asked', '--intelligence', 'new plant in Dongguan']);

    expect(history(sb, 1)).toEqual([
      { from: null, to: 'prospect', skipped: null, forced: 0, note: null },
      { from: 'prospect', to: 'approach', skipped: null, forced: 0, note: null },
      { from: 'approach', to: 'propose', skipped: 'qualify', forced: 0, note: null },
      { from: 'propose', to: 'qualify', skipped: null, forced: 1, note: null },
      { from: 'qualify', to: 'negotiate', skipped: 'propose', forced: 0, note: null },
      { from: 'negotiate', to: 'close', skipped: null, forced: 0, note: 'won' },
    ]);

    const file = sb.json(['--as-of', '2026-12-02', 'show', 'Acme Trading']);
    expect(file.orders).toMatchObject({ count: 1, revenue: 48000 });
    expect(file.deals).toEqual([expect.objectContaining({ id: 1, stage: 'close', status: 'won', amount: 48000 })]);
    const story = file.timeline.filter((e: any) => e.kind !== 'created').map((e: any) => `${e.at.slice(0, 10)} ${e.kind} ${e.summary}`);
    expect(story.map((s: string) => s.slice(0, 10))).toEqual([...story.map((s: string) => s.slice(0, 10))].sort());
    const expectOrder = [
      /2026-10-01 stage deal "Acme Trading" new → prospect/,
      /2026-10-01 research \[prospect\] found them at the fair .*prepared: brochure 2026; plan: call purchasing/,
      /2026-10-02 stage .*prospect → approach/,
      /2026-10-02 call \[approach\] → rejected .*rejected \(reflexive, indirect: "in a meeting"\); retry 2026-11-01.* next: approach again after a rejection by 2026-11-01/,
      /2026-10-20 visit \[approach\] → appointment with 张伟 .*next: bring samples by 2026-10-25/,
      /2026-10-25 stage .*approach → propose \(skipped qualify\)/,
      /2026-10-25 meeting \[propose\] .*features: IP67 housing; advantages: survives washdown; benefits: no line stops for cleaning; samples given; amount 50000; sent: brochure 2026/,
      /2026-10-27 stage .*propose → qualify \(moved back, forced\)/,
      /2026-10-27 meeting \[qualify\] .*situation: three lines, old sensors; problem: downtime; implication: late deliveries; needPayoff: two days a month saved; budget 40000; timing Q1 2027; quantity 400/,
      /2026-11-02 stage .*qualify → negotiate \(skipped propose\)/,
      /2026-11-02 meeting \[negotiate\] .*objection price \(real\) answered: lower 3-year cost; objection study "ask the boss" \(polite\); perceived risk medium/,
      /2026-11-05 stage .*negotiate → close: won/,
      /2026-11-05 meeting \[close\] .*won; amount 48000; buying signals: asks-service, agrees/,
      /2026-11-05 order order 48,000 CNY/,
      /2026-11-10 visit \[onboard\] .*phase new-toy; check-ins 2026-11-24, 2026-12-15.*next: implementation check-in \(new-toy phase\) by 2026-11-24/,
      /2026-12-01 call \[care\] .*care: business-review, referral-asked, intelligence; intelligence: new plant in Dongguan/,
    ];
    expect(story).toHaveLength(expectOrder.length);
    expectOrder.forEach((re, i) => expect(story[i]).toMatch(re));
  });

  it('warns when the same material goes to an account twice, and still logs it', () => {
    const first = at(sb, '2026-10-01', ['log', 'Acme Trading', '--kind', 'email', '--material', 'brochure 2026']);
    expect(first.stderr).not.toContain('warning');
    const again = at(sb, '2026-10-08', ['log', 'Acme Trading', '--kind', 'dm', '--material', 'brochure 2026', '--material', 'price list', '--contact', 'zhang.wei@acme.cn', '--next', 'call about the brochure', '--due', '2026-10-15', '--minutes', '10']);
    expect(again.stderr).toContain('warning: "brochure 2026" was already sent to this account on 2026-10-01; logged anyway');
    expect(again.stderr).not.toContain('"price list" was already');
    const file = sb.json(['show', 'Acme Trading']);
    const logged = file.timeline.filter((e: any) => e.kind === 'email' || e.kind === 'dm');
    expect(logged).toHaveLength(2);
    expect(logged[1].summary).toBe('with 张伟 (sent: brochure 2026, price list) next: call about the brochure by 2026-10-15');
    expect(logged[1].by).toBe('alice');
    expect(file.lastContactOn).toBe('2026-10-08');
  });

  it('never prompts off a terminal: missing details are usage errors', () => {
    const log = sb.crm(['log', 'Acme Trading', '--summary', 'x'], { env: { CI: undefined } });
    expect(log.code).toBe(2);
    expect(log.stderr).toContain('missing --kind');
    const close = sb.crm(['close', 'Acme Trading'], { env: { CI: undefined } });
    expect(close.code).toBe(2);
    expect(close.stderr).toContain('--won or --lost');
    expect(sb.crm(['approach', 'Acme Trading', '--channel', 'fax']).code).toBe(2);
    expect(sb.crm(['log', 'Acme Trading', '--kind', 'call', '--due', 'someday']).code).toBe(2);
    expect(sb.json(['show', 'Acme Trading']).timeline.map((e: any) => e.kind)).toEqual(['created']);
  });

  it('lists the pipeline with weighted values and stale marks by stage age', () => {
    at(sb, '2026-09-30', ['account', 'add', '--name', 'Beta Foods', '--owner', 'bob']);
    at(sb, '2026-09-30', ['account', 'add', '--name', 'Gamma Tools', '--owner', 'alice']);
    at(sb, '2026-10-01', ['approach', 'Acme Trading', '--channel', 'call', '--outcome', 'interested']);
    at(sb, '2026-10-01', ['propose', 'Beta Foods', '--amount', '20000']);
    at(sb, '2026-10-01', ['negotiate', 'Gamma Tools', '--amount', '10000', '--objection', 'price', '--probability', '0.8']);
    at(sb, '2026-10-10', ['log', 'Gamma Tools', '--kind', 'call', '--summary', 'chased the PO']);
    at(sb, '2026-10-01', ['qualify', 'Acme Trading', '--budget', '30000', '--new-deal', '--title', 'Acme spare parts']);

    // 2026-10-20: approach limit 14 days, propose 14, qualify 21, negotiate 14 (idle since the call on 10-10)
    const deals = sb.json(['--as-of', '2026-10-20', 'deals']);
    expect(deals.map((d: any) => [d.account, d.title, d.stage, d.amount, d.probability, d.weighted, d.daysInStage, d.idleDays, d.stale])).toEqual([
      ['Acme Trading', 'Acme Trading', 'approach', null, 0.1, 0, 19, 19, true],
      ['Acme Trading', 'Acme spare parts', 'qualify', 30000, 0.25, 7500, 19, 19, false],
      ['Beta Foods', 'Beta Foods', 'propose', 20000, 0.5, 10000, 19, 19, true],
      ['Gamma Tools', 'Gamma Tools', 'negotiate', 10000, 0.8, 8000, 19, 10, false],
    ]);
    expect(sb.json(['--as-of', '2026-10-20', 'deals', '--stale']).map((d: any) => d.account)).toEqual(['Acme Trading', 'Beta Foods']);
    expect(sb.json(['--as-of', '2026-10-20', 'deals', '--owner', 'bob']).map((d: any) => d.account)).toEqual(['Beta Foods']);
    expect(sb.json(['--as-of', '2026-10-20', 'deals', '--stage', 'negotiate']).map((d: any) => d.account)).toEqual(['Gamma Tools']);
    const byStage = sb.json(['--as-of', '2026-10-20', 'deals', '--by-stage']);
    expect(byStage).toEqual([
      { stage: 'approach', deals: 1, amount: 0, weighted: 0, stale: 1 },
      { stage: 'qualify', deals: 1, amount: 30000, weighted: 7500, stale: 0 },
      { stage: 'propose', deals: 1, amount: 20000, weighted: 10000, stale: 1 },
      { stage: 'negotiate', deals: 1, amount: 10000, weighted: 8000, stale: 0 },
    ]);

    // two open deals: a stage command must be told which
    const which = sb.crm(['propose', 'Acme Trading', '--amount', '5000']);
    expect(which.code).toBe(2);
    expect(which.stderr).toContain('--deal ID');
    // stale limits come from config
    const cfg = `${sb.dir}/config.json`;
    writeFileSync(cfg, JSON.stringify({ stages: { staleDays: { approach: 30 } } }));
    expect(sb.json(['--config', cfg, '--as-of', '2026-10-20', 'deals', '--stale']).map((d: any) => d.account)).toEqual(['Beta Foods']);
  });

  it('records a lost deal with reason and competitor, and hands open deals over with the account', () => {
    at(sb, '2026-09-30', ['account', 'add', '--name', 'Beta Foods', '--owner', 'alice']);
    at(sb, '2026-10-01', ['negotiate', 'Acme Trading', '--objection', 'price', '--amount', '9000']);
    const lost = JSON.parse(at(sb, '2026-10-05', ['close', 'Acme Trading', '--lost', '--reason', 'price 20% above', '--competitor', 'Delta Sensors', '--json']).stdout);
    expect(lost.deal).toMatchObject({ status: 'lost', stage: 'close', move: { kind: 'forward', from: 'negotiate', to: 'close' } });
    expect(lost.orderId).toBeNull();
    expect(sb.json(['deals'])).toEqual([]);
    const closed = sb.json(['deals', '--status', 'lost']);
    expect(closed.map((d: any) => [d.account, d.probability, d.weighted, d.stale])).toEqual([['Acme Trading', 0, 0, false]]);
    const story = sb.json(['show', 'Acme Trading']).timeline.map((e: any) => e.summary);
    expect(story).toContain('deal "Acme Trading" negotiate → close: lost');
    expect(story.some((x: string) => x.includes('lost; reason: price 20% above; competitor: Delta Sensors'))).toBe(true);
    // --order goes with --won only
    expect(sb.crm(['close', 'Beta Foods', '--lost', '--order']).code).toBe(2);

    at(sb, '2026-10-06', ['approach', 'Beta Foods', '--channel', 'visit', '--outcome', 'interested']);
    at(sb, '2026-10-07', ['handoff', 'Beta Foods', '--to', 'bob']);
    expect(sb.json(['deals', '--owner', 'bob']).map((d: any) => d.account)).toEqual(['Beta Foods']);
    expect(sb.json(['account', 'list', '--owner', 'bob']).map((a: any) => a.name)).toEqual(['Beta Foods']);
    expect(sb.crm(['handoff', 'Beta Foods', '--to', 'bob']).code).toBe(1);
  });

  it('records promises, complaints with their steps, surveys and handoffs', () => {
    at(sb, '2026-10-01', ['promise', 'add', 'Acme Trading', '--what', 'send the test report', '--due', '2026-10-05', '--to', '张伟']);
    at(sb, '2026-10-01', ['promise', 'add', 'Acme Trading', '--what', 'visit the plant', '--due', '2026-10-20', '--by', 'carol', '--to', 'the plant manager']);
    at(sb, '2026-10-02', ['promise', 'add', 'Acme Trading', '--what', 'price list']);
    let promises = sb.json(['--as-of', '2026-10-10', 'promise', 'list', '--open']);
    expect(promises.map((p: any) => [p.id, p.what, p.to, p.by, p.dueOn, p.overdue])).toEqual([
      [1, 'send the test report', '张伟', 'alice', '2026-10-05', true],
      [2, 'visit the plant', 'the plant manager', 'carol', '2026-10-20', false],
      [3, 'price list', null, 'alice', null, false],
    ]);
    at(sb, '2026-10-06', ['promise', 'done', '1']);
    at(sb, '2026-10-21', ['promise', 'done', '2', '--broken']);
    expect(sb.crm(['promise', 'done', '1']).code).toBe(1);
    promises = sb.json(['promise', 'list']);
    expect(promises.map((p: any) => [p.id, p.status])).toEqual([[3, 'open'], [1, 'kept'], [2, 'broken']]);
    expect(sb.json(['promise', 'list', '--open', '--account', 'Acme Trading']).map((p: any) => p.id)).toEqual([3]);

    at(sb, '2026-10-03', ['complaint', 'open', 'Acme Trading', '--summary', 'late delivery', '--severity', 'high', '--contact', '张伟']);
    at(sb, '2026-10-03', ['complaint', 'resolve', '1', '--ack']);
    at(sb, '2026-10-04', ['complaint', 'resolve', '1', '--step', 'investigate', '--note', 'carrier lost a pallet']);
    let c = sb.json(['--as-of', '2026-10-04', 'complaint', 'list', '--open'])[0];
    expect(c).toMatchObject({ status: 'acknowledged', openedOn: '2026-10-03', acknowledgedOn: '2026-10-03', resolvedOn: null, feedbackOn: null, nextStep: 'propose', daysOpen: 1 });
    // feedback before any resolution is refused
    expect(sb.crm(['complaint', 'resolve', '1', '--feedback']).code).toBe(1);
    at(sb, '2026-10-07', ['complaint', 'resolve', '1', '--resolution', 're-shipped by air', '--feedback']);
    c = sb.json(['complaint', 'list'])[0];
    expect(c).toMatchObject({ status: 'closed', resolvedOn: '2026-10-07', feedbackOn: '2026-10-07', resolution: 're-shipped by air', daysOpen: 4, nextStep: null });
    expect(c.steps.map((s: any) => [s.step, s.on])).toEqual([
      ['listen', '2026-10-03'],
      ['acknowledge', '2026-10-03'],
      ['investigate', '2026-10-04'],
      ['act', '2026-10-07'],
      ['follow-up', '2026-10-07'],
    ]);
    expect(sb.json(['complaint', 'list', '--open'])).toEqual([]);

    // a score out of 1-5 is a usage error
    expect(sb.crm(['survey', 'Acme Trading', '--product', '4', '--service', '6', '--price', '3', '--communication', '4', '--overall', '4']).code).toBe(2);
    at(sb, '2026-10-08', ['survey', 'Acme Trading', '--product', '4', '--service', '5', '--price', '3', '--communication', '4', '--overall', '4', '--comment', 'faster please']);
    const ho = at(sb, '2026-10-09', ['handoff', 'Acme Trading', '--to', 'bob', '--note', 'alice left; promise 3 open']);
    expect(ho.stderr).toContain('handed from alice to bob');

    const file = sb.json(['show', 'Acme Trading']);
    expect(file.owner).toBe('bob');
    expect(file.openPromises.map((p: any) => p.id)).toEqual([3]);
    const story = file.timeline.filter((e: any) => e.kind !== 'created').map((e: any) => `${e.at.slice(0, 10)} ${e.kind} ${e.summary}`);
    expect(story).toEqual([
      '2026-10-01 promise promised: send the test report by 2026-10-05 to 张伟',
      '2026-10-01 promise promised: visit the plant by 2026-10-20 to the plant manager',
      '2026-10-02 promise promised: price list',
      '2026-10-03 complaint complaint (high): late delivery',
      '2026-10-03 complaint acknowledged: late delivery',
      '2026-10-04 complaint step investigate: late delivery (carrier lost a pallet)',
      '2026-10-06 promise kept: send the test report',
      '2026-10-07 complaint resolved: re-shipped by air',
      '2026-10-07 complaint feedback given to the customer: late delivery',
      '2026-10-08 survey survey: product 4, service 5, price 3, communication 4, overall 4 "faster please"',
      '2026-10-09 handoff handed off from alice to bob: alice left; promise 3 open',
      '2026-10-21 promise broken: visit the plant',
    ]);
  });
});

describe('sales stages: the interactive path (answers injected, then typed on a pseudo-terminal)', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
    at(sb, '2026-09-30', ['account', 'add', '--name', 'Acme Trading']);
    at(sb, '2026-09-30', ['contact', 'add', 'Acme Trading', '--name', '张伟', '--email', 'zhang.wei@acme.cn']);
  });
  afterEach(() => sb.cleanup());

  // Answers passed to crm's main() in place of the keyboard (see helpers/embedded-crm.mjs).
  const answers = (a: string[]) => ({ answers: a });

  it('approach asks channel, outcome, the rejection and its retry date, then the wrap-up', () => {
    const r = at(sb, '2026-10-01', ['approach', 'Acme Trading'], answers(['visit', 'rejected', 'product', 'indirect', 'no budget this year', '+14', 'showed the catalogue', '', '']));
    expect(r.stderr).toContain('? Channel visit');
    expect(r.stderr).toContain('? What did they reject? product');
    expect(r.stderr).toMatch(/\? Try again on \(YYYY-MM-DD.*\) \+14/);
    const file = sb.json(['show', 'Acme Trading']);
    const ev = file.timeline.find((e: any) => e.kind === 'visit');
    expect(ev.summary).toBe('[approach] showed the catalogue → rejected (via visit; rejected (product, indirect: "no budget this year"); retry 2026-10-15) next: approach again after a rejection by 2026-10-15');
  });

  it('approach asks only what the flags left out, and rejects an answer outside the choices', () => {
    const r = at(sb, '2026-10-01', ['approach', 'Acme Trading', '--channel', 'call'], answers(['appointment', 'agreed to meet', 'visit with samples', 'tomorrow']));
    expect(r.stderr).not.toContain('? Channel');
    const json = sb.json(['show', 'Acme Trading']).timeline.find((e: any) => e.kind === 'call');
    expect(json.summary).toBe('[approach] agreed to meet → appointment (via call) next: visit with samples by 2026-10-02');
    const bad = sb.crm(['approach', 'Acme Trading'], { embed: answers(['carrier pigeon']) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not one of');
  });

  it('asks which deal when the account has several open', () => {
    at(sb, '2026-10-01', ['approach', 'Acme Trading', '--channel', 'call', '--outcome', 'interested']);
    at(sb, '2026-10-01', ['approach', 'Acme Trading', '--channel', 'call', '--outcome', 'interested', '--new-deal', '--title', 'spare parts']);
    const r = at(sb, '2026-10-02', ['propose', 'Acme Trading', '--amount', '900'], answers(['2']));
    expect(r.stderr).toContain('? Which deal? 2');
    expect(sb.json(['deals']).map((d: any) => [d.id, d.stage, d.amount])).toEqual([
      [1, 'approach', null],
      [2, 'propose', 900],
    ]);
  });

  it('log asks kind, contact, summary, outcome, next step and its date', () => {
    const r = at(sb, '2026-10-01', ['log', 'Acme Trading'], answers(['call', 'zhang.wei@acme.cn', 'asked about lead times', 'wants a quote', 'send the quote', '+3']));
    expect(r.stderr).toContain('? Kind call');
    expect(r.stderr).toContain('logged call 1 for account 1; next: send the quote by 2026-10-04');
    const ev = sb.json(['show', 'Acme Trading']).timeline.find((e: any) => e.kind === 'call');
    expect(ev.summary).toBe('asked about lead times → wants a quote with 张伟 next: send the quote by 2026-10-04');
  });

  it('log with --kind given asks nothing', () => {
    const r = at(sb, '2026-10-01', ['log', 'Acme Trading', '--kind', 'email'], answers([]));
    expect(r.stderr).not.toContain('?');
  });

  // The same paths through inquirer on a real pseudo-terminal (util-linux `script`), keys typed.
  const DOWN = '\u001b[B';
  it('on a real terminal, approach asks the outcome and the next date', async () => {
    const r = await runInPty(['--db', sb.db, '--as-of', '2026-10-01', 'approach', 'Acme Trading', '--channel', 'call'], [`${DOWN}\r`, 'agreed to meet\r', 'visit with samples\r', '+2\r']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Outcome/);
    const ev = sb.json(['show', 'Acme Trading']).timeline.find((e: any) => e.kind === 'call');
    expect(ev.summary).toBe('[approach] agreed to meet → appointment (via call) next: visit with samples by 2026-10-03');
  });

  it('on a real terminal, log asks the kind and the rest', async () => {
    const r = await runInPty(['--db', sb.db, '--as-of', '2026-10-01', 'log', 'Acme Trading'], [`${DOWN}\r`, '张伟\r', 'dropped by\r', '\r', '\r']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Kind/);
    // the cursor starts on the default, call; one down is email
    const ev = sb.json(['show', 'Acme Trading']).timeline.find((e: any) => e.kind === 'email');
    expect(ev.summary).toBe('dropped by with 张伟');
  });
});
