// Issue 13, points 1, 2, 3 and 10, on the built CLI: commitments are not lost, clearing a due
// item closes its source, due ids are stable, and the silence items count every contact.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, sandbox, type Sandbox } from '../helpers/cli.js';
import { dated } from '../helpers/dated.js';
import { describeSqlite } from '../helpers/engines.js';

let sb: Sandbox;
afterEach(() => sb?.cleanup());

const { ok, json, due } = dated(() => sb, '2026-11-20');
const reasons = async (asOf: string, days = 0) => (await due(asOf, days)).map((i) => i.reason);

describe('1. a later interaction does not drop an earlier next step or retry', () => {
  it('keeps "send samples" on the due list after a thank-you email', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Xenon Trading']);
    await ok(['log', 'Xenon Trading', '--kind', 'visit', '--next', 'send samples', '--due', '2026-11-26']);
    await ok(['log', 'Xenon Trading', '--kind', 'email', '--summary', 'thanks']);
    expect((await reasons('2026-11-26')).some((r) => r.includes('send samples'))).toBe(true);
    expect((await json(['show', 'Xenon Trading'])).openNextSteps).toEqual([expect.objectContaining({ what: 'send samples', dueOn: '2026-11-26' })]);
  });

  it('keeps a retry after a rejection when anything else is logged, and a next step after the deal is won', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Yttria']);
    await ok(['approach', 'Yttria', '--channel', 'call', '--outcome', 'rejected', '--rejection', 'reflexive', '--retry', '2026-12-01']);
    await ok(['log', 'Yttria', '--kind', 'email', '--summary', 'sent the brochure anyway']);
    const d = await due('2026-12-01');
    expect(d.filter((i) => i.kind === 'retry').map((i) => i.dueOn)).toEqual(['2026-12-01']);

    await ok(['account', 'add', '--name', 'Zircon']);
    await ok(['negotiate', 'Zircon', '--objection', 'price', '--next', 'send the revised quote', '--due', '2026-11-27']);
    await ok(['close', 'Zircon', '--won', '--amount', '5000']);
    expect((await reasons('2026-11-27')).some((r) => r.includes('send the revised quote'))).toBe(true);
  });

  it('makes each check-in date of onboarding a check-in of its own, open until done', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Cerium']);
    await ok(['onboard', 'Cerium', '--phase', 'new-toy', '--check-in', '2026-12-04', '--check-in', '2027-01-15']);
    await ok(['care', 'Cerium', '--care', 'greeting', '--summary', 'new year card']);
    const steps = (await json(['next', 'list', 'Cerium'])) as { id: string; kind: string; dueOn: string }[];
    expect(steps.map((x) => [x.kind, x.dueOn])).toEqual([
      ['check-in', '2026-12-04'],
      ['check-in', '2027-01-15'],
    ]);
    await ok(['done', steps[0]!.id], '2026-12-04');
    expect((await due('2027-01-15')).filter((i) => i.kind === 'check-in').map((i) => i.id)).toEqual([steps[1]!.id]);
  });

  it('holds several steps at once, says which stay open, and replaces one only when named', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Argon']);
    const first = await ok(['log', 'Argon', '--kind', 'visit', '--next', 'send samples', '--due', '2026-11-26']);
    expect(first.stderr).toMatch(/next: send samples by 2026-11-26 \(next:\d+\)/);
    const second = await ok(['log', 'Argon', '--kind', 'call', '--next', 'send the price list', '--due', '2026-11-27']);
    expect(second.stderr).toMatch(/still open at account \d+: next:\d+ "send samples" due 2026-11-26/);
    expect((await reasons('2026-11-27')).filter((r) => r.includes('send'))).toHaveLength(2);

    const open = (await json(['next', 'list', 'Argon'])) as { id: string; what: string }[];
    const samples = open.find((s) => s.what === 'send samples')!.id;
    const third = await ok(['log', 'Argon', '--kind', 'call', '--next', 'send samples by courier', '--due', '2026-11-28', '--replaces', samples]);
    expect(third.stderr).toContain(`${samples} replaced by`);
    const now = await reasons('2026-11-28');
    expect(now.some((r) => r.endsWith(': send samples'))).toBe(false);
    expect(now.some((r) => r.includes('send samples by courier'))).toBe(true);
    expect(now.some((r) => r.includes('send the price list'))).toBe(true);
    const all = (await json(['next', 'list', 'Argon', '--all'])) as { id: string; status: string }[];
    expect(all.find((s) => s.id === samples)!.status).toBe('replaced');
  });

  it('runs every command that sets a next step through the same rule: complaint, planned visit', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Boron', '--city', 'Shenzhen', '--region', 'Guangdong']);
    await ok(['order', 'add', 'Boron', '--amount', '900', '--date', '2026-10-01']);
    await ok(['complaint', 'open', 'Boron', '--summary', 'late delivery', '--next', 'call with the new date', '--due', '2026-11-22']);
    await ok(['plan', 'visits', '--city', 'Shenzhen', '--from', '2026-11-23', '--days', '1', '--save']);
    const plan = await json(['plan', 'report']);
    const visit = plan.visits[0].visitId;
    const done = await ok(['plan', 'done', String(visit), '--note', 'met the buyer', '--next', 'send the contract', '--due', '2026-11-25'], '2026-11-23');
    expect(done.stderr).toContain('"call with the new date"');
    const r = await reasons('2026-11-25');
    expect(r.some((x) => x.includes('call with the new date'))).toBe(true);
    expect(r.some((x) => x.includes('send the contract'))).toBe(true);
    // the plan's report sees the step agreed at the visit and where it stands: one store of steps
    const step = ((await json(['next', 'list', 'Boron'])) as { id: string; what: string }[]).find((x) => x.what === 'send the contract')!.id;
    await ok(['done', step], '2026-11-25');
    const after = await json(['plan', 'report'], '2026-11-26');
    expect(after.visits[0].nextSteps).toEqual([{ what: 'send the contract', due: '2026-11-25', status: 'done' }]);
    expect(after.nextSteps).toMatchObject({ agreed: 1, open: 0, done: 1 });
  });
});

describe('2. clearing a due item closes its source', () => {
  it('crm done promise:ID keeps the promise, so the assessment does not count it broken', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Cobalt']);
    await ok(['promise', 'add', 'Cobalt', '--what', 'send the test report', '--due', '2026-11-21']);
    const item = (await due('2026-11-21')).find((i) => i.kind === 'promise')!;
    await ok(['done', item.id], '2026-11-21');
    const promises = (await json(['promise', 'list'])) as { status: string }[];
    expect(promises.map((p) => p.status)).toEqual(['kept']);
    const report = await json(['report', 'assessment', '--from', '2026-11-01', '--to', '2026-11-30'], '2026-12-01');
    const month = report.tables.find((t: { title: string }) => t.title === 'Per month').rows[0];
    expect(month.promiseScore).toBe(100);
  });

  it('is one truth whichever command is used: promise done, next done, done next:ID, done complaint feedback', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Dysprosium']);
    await ok(['promise', 'add', 'Dysprosium', '--what', 'quote', '--due', '2026-11-21']);
    const promiseId = ((await json(['promise', 'list'])) as { id: number }[])[0]!.id;
    await ok(['promise', 'done', String(promiseId)]);
    expect((await due('2026-11-21')).filter((i) => i.kind === 'promise')).toEqual([]);

    await ok(['log', 'Dysprosium', '--kind', 'call', '--next', 'call back', '--due', '2026-11-22']);
    const step = (await due('2026-11-22')).find((i) => i.kind === 'next-step')!;
    await ok(['done', step.id, '--note', 'called'], '2026-11-22');
    const steps = (await json(['next', 'list', 'Dysprosium', '--all'])) as { id: string; status: string; note: string }[];
    expect(steps.find((s) => s.id === step.id)).toMatchObject({ status: 'done', note: 'called' });
    expect((await due('2026-11-22')).filter((i) => i.kind === 'next-step')).toEqual([]);

    await ok(['complaint', 'open', 'Dysprosium', '--summary', 'scratched panels']);
    const c = ((await json(['complaint', 'list'])) as { id: number }[])[0]!.id;
    await ok(['complaint', 'resolve', String(c), '--ack', '--resolution', 'replaced 3 panels']);
    const feedback = (await due('2026-11-23')).find((i) => i.kind === 'complaint')!;
    expect(feedback.id).toBe(`complaint:${c}:feedback`);
    await ok(['done', feedback.id], '2026-11-23');
    expect(((await json(['complaint', 'list'])) as { status: string }[])[0]!.status).toBe('closed');
  });
});

describe('3. due ids are stable', () => {
  it("the morning's ids still work in the evening after other writes to the account", async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Erbium', '--founded', '2010-11-24']);
    await ok(['contact', 'add', 'Erbium', '--name', 'Li Na', '--birthday', '1985-11-23']);
    await ok(['promise', 'add', 'Erbium', '--what', 'quote', '--due', '2026-11-22']);
    await ok(['log', 'Erbium', '--kind', 'call', '--next', 'send samples', '--due', '2026-11-22']);
    const morning = (await due('2026-11-22')).map((i) => i.id).sort();
    expect(morning.some((id) => id.startsWith('anniversary:'))).toBe(true);
    expect(morning.some((id) => id.startsWith('birthday:'))).toBe(true);
    // the day's other writes to the account
    await ok(['contact', 'add', 'Erbium', '--name', 'Wang Fang', '--title', 'buyer'], '2026-11-22');
    await ok(['order', 'add', 'Erbium', '--amount', '1200'], '2026-11-22');
    await ok(['account', 'edit', 'Erbium', '--city', 'Xiamen'], '2026-11-22');
    await ok(['log', 'Erbium', '--kind', 'email', '--summary', 'order confirmation'], '2026-11-22');
    const evening = (await due('2026-11-22')).map((i) => i.id).sort();
    for (const id of morning) expect(evening).toContain(id);
    for (const id of morning.filter((x) => /^(anniversary|birthday|promise|next):/.test(x))) await ok(['done', id], '2026-11-22');
  });
});

describe('10. cadence and dormancy count every contact; one silence is one item', () => {
  it('an order counts as contact: no "no contact yet" for an account with an order 418 days ago', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Fermium']);
    await ok(['order', 'add', 'Fermium', '--amount', '800', '--date', '2025-09-28']);
    const silence = (await due('2026-11-20', 120)).filter((i) => i.kind === 'cadence' || i.kind === 'dormant');
    expect(silence.length).toBeGreaterThan(0);
    for (const i of silence) expect(i.reason).not.toContain('no contact yet');
    expect(silence.some((i) => i.reason.includes('2025-09-28'))).toBe(true);
    // an order 200 days ago: the cadence (90 days for a customer) ran out long ago
    await ok(['account', 'add', '--name', 'Germanium']);
    await ok(['order', 'add', 'Germanium', '--amount', '800', '--date', '2026-05-04']);
    const cadence = (await due('2026-11-20')).find((i) => i.kind === 'cadence' && i.reason.includes('2026-05-04'));
    expect(cadence?.dueOn).toBe('2026-08-02');
  });

  it('lists a long silence once, not as a cadence item and a dormant item', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Gallium'], '2024-01-01');
    await ok(['order', 'add', 'Gallium', '--amount', '800', '--date', '2025-01-01'], '2025-01-01');
    const items = (await due('2026-02-01')).filter((i) => i.kind === 'cadence' || i.kind === 'dormant');
    expect(items.map((i) => i.kind)).toEqual(['dormant']);
  });

  it('uses the dormant days the README documents', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = /\| `dormant` \|[^\n]*?\((\d+)\) days/.exec(readme);
    const config = /"due": \{[^}]*?"dormantDays": (\d+)/.exec(readme);
    expect(table && config).toBeTruthy();
    const days = Number(table![1]);
    expect(Number(config![1])).toBe(days);
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Hafnium'], '2024-01-01');
    await ok(['order', 'add', 'Hafnium', '--amount', '800', '--date', '2025-01-01'], '2025-01-01');
    const on = (offset: number) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await due(on(days - 1))).some((i) => i.kind === 'dormant')).toBe(false);
    expect((await due(on(days))).some((i) => i.kind === 'dormant')).toBe(true);
  });
});

// the book of the version before is made by hand in SQLite's own SQL (user_version, its tables)
describeSqlite('upgrading a book written before next steps were kept', () => {
  it('recovers the dropped next step, keeps a promise the old list marked done, and moves snoozes to the new ids', async () => {
    sb = sandbox();
    await ok(['account', 'add', '--name', 'Iridium']);
    await ok(['contact', 'add', 'Iridium', '--name', 'Li Na']);
    await ok(['promise', 'add', 'Iridium', '--what', 'quote', '--due', '2026-11-21']);
    await ok(['complaint', 'open', 'Iridium', '--summary', 'late delivery']);
    // back to the schema of the version before (6 migrations), with what that version wrote
    const db = new Database(sb.db);
    db.exec(`
      drop table next_steps;
      drop index annual_dates_md_cover;
      alter table annual_dates drop column source;
      create index annual_dates_md_cover on annual_dates (md, base, id, account_id, contact_id, kind, date, label);
      drop index due_items_appear;
      create index due_items_appear on due_items (appear_on);
      drop index due_items_owner;
      create index due_items_owner on due_items (owner_id, appear_on);
      alter table due_items drop column hide_from;
      delete from kysely_migration where name in ('0015-next-steps', '0016-stable-due-ids', '0017-due-hidden-index');
      delete from meta where key = 'due.rebuild';
      pragma user_version = 6;
      insert into interactions (account_id, kind, occurred_at, next_step, next_due, created_at) values (1, 'visit', '2026-11-18T09:00:00.000Z', 'send samples', '2026-11-26', '2026-11-18T09:00:00.000Z');
      insert into interactions (account_id, kind, occurred_at, summary, created_at) values (1, 'email', '2026-11-19T09:00:00.000Z', 'thanks', '2026-11-19T09:00:00.000Z');
      insert into interactions (account_id, kind, occurred_at, next_step, next_due, created_at) values (1, 'call', '2026-10-01T09:00:00.000Z', 'old step, contacted since', '2026-10-05', '2026-10-01T09:00:00.000Z');
      insert into due_state (item_key, status, until, at, account_id) values ('promise:1:1', 'done', null, '2026-11-20T10:00:00.000Z', 1);
      insert into due_state (item_key, status, until, at, account_id) values ('complaint:1:1:ack', 'snoozed', '2026-11-24', '2026-11-20T10:00:00.000Z', 1);
    `);
    db.close();
    const r = await ok(['due', '--days', '7', '--format', 'json']);
    expect(r.stderr).toContain('upgraded the due list of 1 account');
    const ids = JSON.parse(r.stdout).items.map((i: { id: string; reason: string }) => `${i.id} ${i.reason}`);
    expect(ids.some((x: string) => /^next:\d+ .*send samples$/.test(x))).toBe(true);
    expect(ids.some((x: string) => x.includes('old step'))).toBe(false);
    expect(ids.some((x: string) => x.startsWith('promise:'))).toBe(false);
    expect(((await json(['promise', 'list'])) as { status: string }[])[0]!.status).toBe('kept');
    // the snooze moved to complaint:1:ack: off the list until the 24th
    expect((await due('2026-11-23')).map((i) => i.id)).not.toContain('complaint:1:ack');
    expect((await due('2026-11-24')).map((i) => i.id)).toContain('complaint:1:ack');
    // the upgrade ran once
    expect((await ok(['due'])).stderr).not.toContain('upgraded');
    // an id from a list printed before the upgrade still works (next step of interaction 1)
    const snoozed = await ok(['snooze', 'next:1:1', '--until', '2026-11-30', '--format', 'json']);
    expect(JSON.parse(snoozed.stdout).id).toMatch(/^next:\d+$/);
  });
});
