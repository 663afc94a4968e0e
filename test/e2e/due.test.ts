import { bookFingerprint, openBook } from '../helpers/book.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

// A fixture database with a known set of due items as of Monday 2026-11-23 (default config):
//   Alpha (A)   cadence overdue 39d → 4 + 15 + 6 = 25; promise due 11-20 → 9 + 1.5 + 6 = 16.5;
//               张伟's birthday 11-25 → 6 - 1 + 6 = 11
//   Epsilon (A) deal idle at negotiate since 11-01, limit 14 (the pipeline's) → 5 + 4 + 6 = 15
//   Beta (B)    complaint opened 11-20, unacknowledged → 10 + 1 + 3 + risk 2 = 16
//   Eta (B)     next step due 11-22 → 7 + 0.5 + 3 = 10.5
//   Zeta (C)    learning-phase check-in 14 days after onboarding 11-05 → 6 + 2 + 1 = 9
//   Delta       prospect, retry after rejection due today → 5 + 0 + 0.5 = 5.5
//   Theta (C)   founded 2016-11-26: 10th anniversary → 4 - 1.5 + 1 = 3.5
//   Gamma (C)   no order since 2025-09-01, but contacted yesterday: contact counts, so not dormant
//   Lambda (C)  deal idle at negotiate since 10-01, but contacted yesterday: held back by the fatigue guard
//   Iota (B)    nothing due
const AS_OF = '2026-11-23';
const ANSI = /\u001b\[/;

interface Fixture {
  sb: Sandbox;
  ids: Record<string, number>;
  promiseId: number;
  /** Epsilon's and Lambda's deals */
  deals: Record<string, number>;
}

function build(refresh = true): Fixture {
  const sb = sandbox('crm-due-');
  const ids: Record<string, number> = {};
  const add = (name: string, city: string, extra: string[] = []) => {
    const r = sb.crm(['--as-of', '2026-01-10', 'account', 'add', '--name', name, '--city', city, '--region', 'Guangdong', ...extra]);
    if (r.code !== 0) throw new Error(r.stderr);
    ids[name] = Number(r.stdout.trim());
  };
  add('Alpha', 'Shenzhen', ['--address', '1 Keyuan Rd', '--industry', 'electronics', '--channels', 'multiple']);
  add('Beta', 'Guangzhou');
  add('Gamma', 'Foshan');
  add('Delta', 'Dongguan');
  add('Epsilon', 'Shenzhen');
  add('Zeta', 'Dongguan');
  add('Eta', 'Guangzhou', ['--phone', '020-12345678', '--country', 'CN']);
  add('Theta', 'Zhuhai', ['--founded', '2016-11-26']);
  add('Iota', 'Guangzhou');
  const lambda = sb.crm(['--as-of', '2026-01-10', 'account', 'add', '--name', 'Lambda', '--city', 'Xiamen', '--region', 'Fujian']);
  ids.Lambda = Number(lambda.stdout.trim());
  const c = sb.crm(['--as-of', '2026-01-10', 'contact', 'add', 'Alpha', '--name', '张伟', '--title', '采购经理', '--mobile', '+86 138 1234 5678', '--birthday', '1980-11-25', '--personality', 'direct, likes numbers', '--hobbies', 'golf, tea', '--role', 'purchasing']);
  if (c.code !== 0) throw new Error(c.stderr);
  sb.crm(['--as-of', '2026-01-10', 'contact', 'add', 'Alpha', '--name', 'Li Na', '--title', 'line supervisor', '--role', 'user']);

  const db = openBook(sb.db);
  const t = (d: string) => `${d}T09:00:00.000Z`;
  const interaction = db.prepare(
    `insert into interactions (account_id, kind, stage, occurred_at, summary, outcome, next_step, next_due, details, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tier = db.prepare(`update accounts set tier = ? where id = ?`);
  for (const [n, tr] of [['Alpha', 'A'], ['Epsilon', 'A'], ['Beta', 'B'], ['Eta', 'B'], ['Iota', 'B'], ['Gamma', 'C'], ['Zeta', 'C'], ['Theta', 'C'], ['Lambda', 'C']] as const) tier.run(tr, ids[n]);
  db.prepare(`update accounts set lead_score = 80 where id = ?`).run(ids.Delta);
  interaction.run(ids.Alpha, 'call', null, t('2026-10-01'), 'quarterly call', null, null, null, null, t('2026-10-01'));
  db.prepare(`insert into orders (account_id, ordered_on, amount, product, created_at) values (?, ?, ?, ?, ?)`).run(ids.Alpha, '2026-09-15', 12000, 'PCB boards', t('2026-09-15'));
  const promiseId = Number(
    db.prepare(`insert into promises (account_id, what, made_by, due_on, status, created_at) values (?, ?, ?, ?, 'open', ?)`).run(ids.Alpha, 'send samples of the new board', 'me', '2026-11-20', t('2026-11-01')).lastInsertRowid,
  );
  interaction.run(ids.Beta, 'visit', null, t('2026-11-01'), 'visit', null, null, null, null, t('2026-11-01'));
  db.prepare(`insert into complaints (account_id, summary, severity, opened_on, status, created_at) values (?, ?, ?, ?, 'open', ?)`).run(ids.Beta, 'late delivery of order 7', 'high', '2026-11-20', t('2026-11-20'));
  db.prepare(`insert into orders (account_id, ordered_on, amount, created_at) values (?, ?, ?, ?)`).run(ids.Gamma, '2025-09-01', 800, t('2025-09-01'));
  interaction.run(ids.Gamma, 'call', null, t('2026-11-22'), 'chat', null, null, null, null, t('2026-11-22'));
  interaction.run(ids.Delta, 'call', 'approach', t('2026-11-10'), 'cold call', 'rejected: no time', 'call again after their trade show', '2026-11-23', JSON.stringify({ rejection: 'indirect', reason: 'no time' }), t('2026-11-10'));
  const deal = db.prepare(`insert into deals (account_id, title, stage, status, amount, probability, expected_close, stage_entered_at, competitor, created_at, updated_at) values (?, ?, 'negotiate', 'open', 50000, 0.6, '2026-12-15', ?, 'Foxconn', ?, ?)`);
  const deals = { Epsilon: Number(deal.run(ids.Epsilon, 'Line 3 retrofit', t('2026-11-01'), t('2026-10-01'), t('2026-11-01')).lastInsertRowid) };
  (deals as Record<string, number>).Lambda = Number(deal.run(ids.Lambda, 'Xiamen depot', t('2026-10-01'), t('2026-09-01'), t('2026-10-01')).lastInsertRowid);
  interaction.run(ids.Lambda, 'call', null, t('2026-11-22'), 'asked about the depot plans', null, null, null, null, t('2026-11-22'));
  interaction.run(ids.Epsilon, 'email', null, t('2026-11-15'), 'sent brochure', null, null, null, null, t('2026-11-15'));
  interaction.run(ids.Zeta, 'visit', 'onboard', t('2026-11-05'), 'installation done', null, null, null, JSON.stringify({ phase: 'learning' }), t('2026-11-05'));
  interaction.run(ids.Eta, 'call', null, t('2026-11-18'), 'asked for a quote', null, 'send quote', '2026-11-22', null, t('2026-11-18'));
  interaction.run(ids.Theta, 'call', null, t('2026-11-20'), 'call', null, null, null, null, t('2026-11-20'));
  interaction.run(ids.Iota, 'call', null, t('2026-11-20'), 'call', null, null, null, null, t('2026-11-20'));
  db.close();
  // Rows inserted behind the services' back: recompute the stored due dates once.
  if (refresh) {
    const r = sb.crm(['--as-of', AS_OF, 'due', '--refresh']);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return { sb, ids, promiseId, deals };
}

const fingerprint = bookFingerprint;

describe('crm due', () => {
  let f: Fixture;
  beforeAll(() => {
    f = build();
  });
  afterAll(() => f.sb.cleanup());

  it('lists every kind of due item with its reason, most urgent first', () => {
    const { sb, ids, promiseId } = f;
    const list = sb.json(['--as-of', AS_OF, 'due']);
    expect(list.asOf).toBe(AS_OF);
    const got = list.items.map((i: any) => [i.id, i.urgency]);
    // ids name their source: they stay the same whatever else is written to the account
    expect(got).toEqual([
      [`cadence:${ids.Alpha}`, 25],
      [`promise:${promiseId}`, 16.5],
      [expect.stringMatching(/^complaint:\d+:ack$/), 16],
      [`deal:${f.deals.Epsilon}`, 15],
      [expect.stringMatching(/^birthday:contact-\d+:2026$/), 11],
      [expect.stringMatching(/^next:\d+$/), 10.5],
      [expect.stringMatching(/^check-in:onboard-\d+$/), 9],
      [expect.stringMatching(/^retry:\d+$/), 5.5],
      [`anniversary:founding-${ids.Theta}:2026`, 3.5],
    ]);
    const by = (kind: string) => list.items.find((i: any) => i.kind === kind);
    expect(by('cadence')).toMatchObject({ account: 'Alpha', dueOn: '2026-10-15', overdueDays: 39, tier: 'A', contact: '张伟', phone: '+8613812345678' });
    expect(by('cadence').reason).toContain('tier A: contact every 14 days; last contact 2026-10-01');
    expect(by('promise').reason).toContain('send samples of the new board');
    expect(by('complaint').reason).toContain('not acknowledged: late delivery of order 7');
    expect(by('stale-deal').reason).toContain('idle at negotiate since 2026-11-01 (limit 14 days)');
    expect(by('birthday')).toMatchObject({ dueOn: '2026-11-25', overdueDays: -2, since: '2026-11-22' });
    expect(by('birthday').reason).toContain("张伟's birthday on 2026-11-25 (46)");
    expect(by('next-step').reason).toContain('send quote');
    expect(by('check-in').reason).toContain('learning phase');
    expect(by('retry').reason).toContain('retry after rejection (indirect)');
    expect(by('anniversary').reason).toContain('founding anniversary on 2026-11-26 (10 years)');
    for (const i of list.items) expect(i.action.length).toBeGreaterThan(10);
    expect(list.items.some((i: any) => i.account === 'Iota')).toBe(false);
  });

  it('holds back a customer contacted very recently and says so', () => {
    const { sb, ids } = f;
    const list = sb.json(['--as-of', AS_OF, 'due']);
    expect(list.items.some((i: any) => i.account === 'Lambda')).toBe(false);
    expect(list.heldBack).toEqual([expect.objectContaining({ id: `deal:${f.deals.Lambda}`, kind: 'stale-deal', account: 'Lambda', lastContactOn: '2026-11-22' })]);
    const text = sb.crm(['--as-of', AS_OF, 'due']);
    expect(text.stderr).toContain('held back 1 item (contact-fatigue guard): Lambda stale-deal, contacted yesterday');
    // four days later the guard no longer applies
    const later = sb.json(['--as-of', '2026-11-26', 'due']);
    expect(later.items.some((i: any) => i.id === `deal:${f.deals.Lambda}`)).toBe(true);
    // a call counts as contact for dormancy too: Gamma, called yesterday, is not dormant
    expect(later.items.some((i: any) => i.id === `dormant:${ids.Gamma}`)).toBe(false);
  });

  it('--days looks ahead, --explain shows the urgency terms, --owner filters', () => {
    const { sb, ids } = f;
    const week = sb.json(['--as-of', AS_OF, 'due', '--days', '7']);
    expect(week.horizon).toBe('2026-11-30');
    expect(week.items.some((i: any) => i.id === `cadence:${ids.Delta}`)).toBe(true); // lead 80 → 14 days after 11-10
    expect(week.items.some((i: any) => i.id === `cadence:${ids.Epsilon}`)).toBe(true); // 11-15 + 14
    const explain = sb.crm(['--as-of', AS_OF, 'due', '--explain', '--format', 'csv']);
    expect(explain.stdout).toContain('kind +4 (cadence item), overdue +15 (39 days overdue × 0.5), tier +6 (tier A)');
    expect(sb.json(['--as-of', AS_OF, 'due', '--owner', 'nobody']).items).toEqual([]);
  });

  it('runs from cron: plain text, no colour, exit 0, database untouched', () => {
    const { sb } = f;
    const before = fingerprint(sb.db);
    for (const fmt of ['table', 'markdown', 'csv', 'json']) {
      const r = sb.crm(['--as-of', AS_OF, 'due', '--format', fmt], { env: { TERM: 'xterm-256color', FORCE_COLOR: undefined } });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ANSI);
      expect(r.stderr).not.toMatch(ANSI);
    }
    expect(sb.crm(['--as-of', AS_OF, 'due', '--format', 'markdown']).stdout).toContain('## Due on 2026-11-23');
    const plain = sb.crm(['--as-of', AS_OF, 'due']).stdout.split('\n');
    expect(plain[0]).toBe('Due on 2026-11-23');
    expect(plain[2]).toBe(`1. [25] Alpha · 张伟 · +8613812345678  cadence:${f.ids.Alpha}`);
    expect(plain[3]).toBe('   why: tier A: contact every 14 days; last contact 2026-10-01 — 39 days overdue (2026-10-15)');
    expect(plain[4]).toMatch(/^   do: {2}keep in touch/);
    expect(fingerprint(sb.db)).toBe(before);
  });

  it('done clears an item, snooze postpones it, done on cadence restarts the clock', () => {
    const { sb, ids, promiseId } = f;
    const deal = `deal:${f.deals.Epsilon}`;
    expect(sb.crm(['--as-of', AS_OF, 'done', `promise:${promiseId}`]).code).toBe(0);
    expect(sb.crm(['--as-of', AS_OF, 'snooze', deal, '--until', '2026-11-25']).code).toBe(0);
    expect(sb.crm(['--as-of', AS_OF, 'done', `cadence:${ids.Alpha}`]).code).toBe(0);
    const now = sb.json(['--as-of', AS_OF, 'due']).items.map((i: any) => i.id);
    expect(now).not.toContain(`promise:${promiseId}`);
    expect(now).not.toContain(deal);
    expect(now).not.toContain(`cadence:${ids.Alpha}`);
    const after = sb.json(['--as-of', '2026-11-25', 'due']).items.map((i: any) => i.id);
    expect(after).toContain(deal);
    expect(after).not.toContain(`promise:${promiseId}`);
    // the promise itself is kept: crm done closes the source
    expect(sb.json(['promise', 'list']).find((p: any) => p.id === promiseId).status).toBe('kept');
    // cadence A = 14 days from the day it was marked done
    expect(sb.json(['--as-of', '2026-12-06', 'due']).items.map((i: any) => i.id)).not.toContain(`cadence:${ids.Alpha}`);
    expect(sb.json(['--as-of', '2026-12-07', 'due']).items.map((i: any) => i.id)).toContain(`cadence:${ids.Alpha}`);
    const bad = sb.crm(['--as-of', AS_OF, 'done', 'promise:999:1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('promise:999:1');
    expect(sb.crm(['done', 'nonsense']).code).toBe(2);
    expect(sb.crm(['snooze', `cadence:${ids.Beta}`]).code).toBe(2);
  });

  it('keeps stored due dates current through the services (no refresh needed)', () => {
    const sb = sandbox('crm-due-live-');
    try {
      sb.crm(['--as-of', '2026-01-10', 'account', 'add', '--name', 'Solo', '--founded', '2000-02-29']);
      sb.crm(['--as-of', '2026-01-10', 'contact', 'add', 'Solo', '--name', 'Wang Fang', '--birthday', '03-02', '--email', 'wang@solo.cn']);
      // a prospect without a lead score: contact every 90 days from creation → 2026-04-10
      expect(sb.json(['--as-of', '2026-04-09', 'due']).items.map((i: any) => i.kind)).not.toContain('cadence');
      expect(sb.json(['--as-of', '2026-04-10', 'due']).items.map((i: any) => i.kind)).toContain('cadence');
      const feb = sb.json(['--as-of', '2027-02-25', 'due']).items;
      // 29 February falls on the 28th in a common year; the yearless birthday shows its lead time
      expect(feb.find((i: any) => i.kind === 'anniversary')).toMatchObject({ dueOn: '2027-02-28' });
      const mar = sb.json(['--as-of', '2027-02-28', 'due']).items;
      expect(mar.find((i: any) => i.kind === 'birthday')).toMatchObject({ dueOn: '2027-03-02', contact: 'Wang Fang' });
    } finally {
      sb.cleanup();
    }
  });

  it('computes the items on the fly, writing nothing, when rows were loaded behind its back', () => {
    const raw = build(false);
    try {
      // as a loader that never went through the services leaves it: no stored items at all
      const h = openBook(raw.sb.db);
      h.exec('delete from due_items; delete from annual_dates; update accounts set last_contact_on = null, next_due_on = null');
      h.close();
      const before = fingerprint(raw.sb.db);
      const r = raw.sb.crm(['--as-of', AS_OF, 'due', '--format', 'json']);
      expect(r.code).toBe(0);
      const ids = JSON.parse(r.stdout).items.map((i: any) => i.id);
      expect(ids).toHaveLength(9);
      expect(ids[0]).toBe(`cadence:${raw.ids.Alpha}`);
      expect(fingerprint(raw.sb.db)).toBe(before);
      expect(raw.sb.crm(['--as-of', AS_OF, 'due']).stderr).toContain('crm due --refresh');
      expect(raw.sb.crm(['--as-of', AS_OF, 'due', '--refresh']).code).toBe(0);
      expect(raw.sb.json(['--as-of', AS_OF, 'due']).items.map((i: any) => i.id)).toEqual(ids);
      // one account inserted behind crm's back among stored ones: computed on the fly too
      const h2 = openBook(raw.sb.db);
      const id = Number(h2.prepare(`insert into accounts (name, name_key, kind, tier, created_at, updated_at) values ('Kappa', 'kappa', 'company', 'A', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run().lastInsertRowid);
      h2.close();
      const before2 = fingerprint(raw.sb.db);
      const withKappa = raw.sb.json(['--as-of', AS_OF, 'due']).items.map((i: any) => i.id);
      expect(withKappa[0]).toBe(`cadence:${id}`);
      expect(fingerprint(raw.sb.db)).toBe(before2);
    } finally {
      raw.sb.cleanup();
    }
  });

  it('lists what the stage commands record: next steps, retries, check-ins, promises, complaints', () => {
    const sb = sandbox('crm-due-stages-');
    try {
      const at = (d: string, args: string[]) => {
        const r = sb.crm(['--as-of', d, ...args]);
        if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
      };
      for (const n of ['Acme', 'Beta', 'Gamma', 'Delta']) at('2026-11-20', ['account', 'add', '--name', n]);
      at('2026-11-20', ['log', 'Acme', '--kind', 'call', '--summary', 'asked for a quote', '--next', 'send quote', '--due', '2026-11-22']);
      at('2026-11-20', ['approach', 'Beta', '--channel', 'call', '--outcome', 'rejected', '--rejection', 'reflexive', '--rejection-form', 'indirect', '--excuse', 'in a meeting', '--retry', '2026-11-24']);
      at('2026-11-20', ['onboard', 'Gamma', '--phase', 'learning', '--check-in', '2026-11-25']);
      at('2026-11-20', ['promise', 'add', 'Delta', '--what', 'quote for 400 units', '--due', '2026-11-26']);
      at('2026-11-20', ['complaint', 'open', 'Delta', '--summary', 'wrong colour on 20 units', '--severity', 'medium']);
      const items = sb.json(['--as-of', '2026-11-26', 'due']).items;
      expect(items.map((i: any) => `${i.kind} ${i.account}`)).toEqual(['complaint Delta', 'promise Delta', 'next-step Acme', 'check-in Gamma', 'retry Beta']);
      expect(items[4].reason).toContain('retry after rejection (reflexive, indirect)');
      expect(items[3].reason).toBe('implementation check-in (learning phase) set at the visit on 2026-11-20');
      // a later interaction leaves the promised next step open, unless it says it did it
      at('2026-11-26', ['log', 'Acme', '--kind', 'email', '--summary', 'thanks for the call']);
      const step = sb.json(['--as-of', '2026-11-26', 'due']).items.find((i: any) => i.kind === 'next-step');
      expect(step).toMatchObject({ account: 'Acme', id: expect.stringMatching(/^next:\d+$/) });
      at('2026-11-26', ['log', 'Acme', '--kind', 'email', '--summary', 'sent the quote', '--done', step.id]);
      const after = sb.json(['--as-of', '2026-11-26', 'due']).items.map((i: any) => i.kind);
      expect(after).not.toContain('next-step');
    } finally {
      sb.cleanup();
    }
  });

  it('on an empty database prints an empty list and exits 0', () => {
    const sb = sandbox('crm-due-empty-');
    try {
      expect(sb.crm(['init']).code).toBe(0);
      const r = sb.crm(['--as-of', '2026-11-23', 'due']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('nothing due');
      expect(sb.json(['--as-of', '2026-11-23', 'due'])).toMatchObject({ items: [], heldBack: [] });
    } finally {
      sb.cleanup();
    }
  });

  it('lists holiday greetings and the mail-merge list', () => {
    const { sb } = f;
    const sept = sb.json(['--as-of', '2026-09-20', 'due', '--limit', '0']);
    expect(sept.items.find((i: any) => i.kind === 'holiday')).toMatchObject({ id: 'holiday:mid-autumn:2026', dueOn: '2026-09-25' });
    const g = sb.json(['--as-of', '2026-09-20', 'greetings', '--holiday', 'mid-autumn']);
    // customers only by default: accounts with a tier or an order
    expect(g.map((r: any) => r.name).sort()).toEqual(['Li Na', '张伟']);
    expect(g[0]).toMatchObject({ holiday: 'mid-autumn', date: '2026-09-25', company: 'Alpha', city: 'Shenzhen' });
    expect(g.find((r: any) => r.name === '张伟').salutation).toBe('尊敬的张伟');
    expect(g.find((r: any) => r.name === 'Li Na').salutation).toBe('Dear Li Na');
    const csv = sb.crm(['--as-of', '2026-09-20', 'greetings', '--holiday', 'spring-festival', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('holiday,date,salutation,name,title,company,email,phone,address,city,postcode,country');
    expect(csv.stdout).toContain('spring-festival,2027-02-06');
    expect(sb.crm(['greetings', '--holiday', 'no-such-day']).code).toBe(1);
  });
});

describe('crm plan', () => {
  let f: Fixture;
  beforeAll(() => {
    f = build();
  });
  afterAll(() => f.sb.cleanup());

  it('plans visits by class mix, city and day, with briefs and a notify list', () => {
    const { sb, ids } = f;
    const p = sb.json(['--as-of', AS_OF, 'plan', 'visits', '--region', 'Guangdong', '--from', '2026-11-24', '--days', '2', '--per-day', '2']);
    expect(p.days).toEqual(['2026-11-24', '2026-11-25']);
    expect(p.visits).toHaveLength(4);
    // 60/30/10 of 4 places: 2 VIP, 1 ordinary, 1 prospect
    expect(p.mix.planned).toEqual({ vip: 2, ordinary: 1, prospect: 1 });
    const day1 = p.visits.filter((v: any) => v.day === '2026-11-24');
    expect(day1.map((v: any) => v.account).sort()).toEqual(['Alpha', 'Epsilon']);
    expect(day1.every((v: any) => v.city === 'Shenzhen')).toBe(true);
    expect(p.visits.map((v: any) => v.account)).toContain('Delta');
    const alpha = p.visits.find((v: any) => v.accountId === ids.Alpha);
    expect(alpha.preparations).toHaveLength(3);
    expect(alpha.mustDiscuss).toHaveLength(3);
    expect(alpha.mustGo).toHaveLength(3);
    expect(alpha.preparations[2]).toContain('2026-09-15 12,000 CNY PCB boards');
    expect(alpha.mustDiscuss[2]).toContain('our promise: send samples of the new board by 2026-11-20');
    expect(alpha.mustGo[2]).toContain('Li Na');
    expect(alpha.people.find((x: any) => x.name === '张伟')).toMatchObject({ personality: 'direct, likes numbers', hobbies: 'golf, tea', phone: '+8613812345678' });
    const eps = p.visits.find((v: any) => v.accountId === ids.Epsilon);
    expect(eps.purpose).toContain('Line 3 retrofit');
    expect(eps.mustDiscuss[1]).toContain('Foxconn');
    // customers of the region to notify, with phones
    expect(p.notify.map((n: any) => n.account)).toEqual(expect.arrayContaining(['Alpha', 'Beta', 'Eta', 'Iota', 'Gamma']));
    // typed as 020-12345678 at a Chinese account: stored in E.164
    expect(p.notify.find((n: any) => n.account === 'Eta').phone).toBe('+862012345678');
    expect(p.notify.map((n: any) => n.account)).not.toContain('Delta');
  });

  it('prints a markdown plan and reports done against planned', () => {
    const { sb } = f;
    const md = sb.crm(['--as-of', AS_OF, 'plan', 'visits', '--city', 'Shenzhen', '--from', '2026-11-24', '--days', '1', '--save', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Visit plan');
    expect(md.stdout).toContain('Three preparations:');
    expect(md.stdout).toContain('Three must-discusses:');
    expect(md.stdout).toContain('Three must-gos:');
    expect(md.stdout).toContain('## Notify of the trip');
    const plan = sb.json(['plan', 'show']);
    expect(plan.visits.length).toBe(2);
    const [v1, v2] = plan.visits;
    expect(sb.crm(['--as-of', '2026-11-24', 'plan', 'done', String(v1.visitId), '--note', 'met 张伟']).code).toBe(0);
    expect(sb.crm(['--as-of', '2026-11-24', 'plan', 'done', String(v2.visitId), '--skipped']).code).toBe(0);
    const r = sb.json(['--as-of', '2026-11-25', 'plan', 'report']);
    expect(r).toMatchObject({ planId: plan.planId, planned: 2, done: 1, skipped: 1, missed: 0 });
    expect(r.visits.find((x: any) => x.visitId === v1.visitId)).toMatchObject({ status: 'done', doneOn: '2026-11-24' });
    // the logged visit counts as contact for the due list
    expect(sb.json(['show', String(v1.accountId)]).lastContactOn).toBe('2026-11-24');
    expect(sb.crm(['plan', 'report', '999']).code).toBe(1);
  });
});
