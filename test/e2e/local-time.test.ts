// Issue 18 point 1: "today" and the day of every stored time are the user's local ones (TZ or
// config timezone); dates typed as people type them. CRM_NOW pins the instant so the test does
// not depend on the hour it runs at; one test also runs on the real clock.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBook } from '../helpers/book.js';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { onPostgres } from '../helpers/engines.js';

const localDate = (zone: string, at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

describe('local dates (issue 18.1)', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-tz-');
  });
  afterEach(() => sb.cleanup());

  // 23:30 UTC on the 22nd is 07:30 on the 23rd in Shanghai (+8)
  const shanghai = { TZ: 'Asia/Shanghai', CRM_NOW: '2026-11-22T23:30:00Z' };
  // 10:30 UTC on the 22nd is 00:30 on the 23rd in Kiritimati (+14)
  const kiritimati = { TZ: 'Pacific/Kiritimati', CRM_NOW: '2026-11-22T10:30:00Z' };

  for (const [name, env] of [
    ['Asia/Shanghai', shanghai],
    ['Pacific/Kiritimati', kiritimati],
  ] as const) {
    it(`takes today and the day of stored times from TZ=${name}`, () => {
      expect(sb.crm(['account', 'add', '--name', 'Acme'], { env }).code).toBe(0);
      const log = sb.crm(['log', 'Acme', '--kind', 'call', '--summary', 'first call', '--next', 'send the quote', '--due', 'tomorrow'], { env });
      expect(log.code, log.stderr).toBe(0);
      expect(log.stderr).toContain('by 2026-11-24');
      const due = sb.json(['due', '--days', '1'], { env });
      expect(due.asOf).toBe('2026-11-23');
      const exported = sb.json(['export', 'interactions'], { env });
      expect(exported[0].occurred_at ?? exported[0].occurredAt).toMatch(/^2026-11-23T/);
      // the activity report counts the call on the local day, not the UTC one
      const r = sb.json(['report', 'activity', '--from', '2026-11-23', '--to', '2026-11-23'], { env });
      expect(JSON.stringify(r)).toMatch(/"(interactions|count|total|calls)":\s*1\b/);
      // the timeline shows the local time of day
      const show = sb.crm(['show', 'Acme'], { env });
      expect(show.stdout).toMatch(new RegExp(`2026-11-23 ${name === 'Asia/Shanghai' ? '07:30' : '00:30'}`));
    });
  }

  it('uses the config timezone over TZ', () => {
    const cfg = join(sb.dir, 'config.json');
    writeFileSync(cfg, JSON.stringify({ timezone: 'Asia/Shanghai' }));
    const env = { TZ: 'UTC', CRM_NOW: '2026-11-22T23:30:00Z', CRM_CONFIG: cfg };
    sb.crm(['account', 'add', '--name', 'Acme'], { env });
    expect(sb.json(['due'], { env }).asOf).toBe('2026-11-23');
    expect(sb.json(['due'], { env: { ...env, CRM_CONFIG: undefined } }).asOf).toBe('2026-11-22');
  });

  it('follows the real clock in the zone (no CRM_NOW)', () => {
    for (const zone of ['Asia/Shanghai', 'Pacific/Kiritimati']) {
      sb.crm(['account', 'add', '--name', `Acme ${zone}`], { env: { TZ: zone } });
      const before = localDate(zone);
      const asOf = sb.json(['due'], { env: { TZ: zone } }).asOf;
      expect([before, localDate(zone)]).toContain(asOf);
    }
  });

  it('reads dates as people type them, relative to today or --as-of', () => {
    sb.crm(['account', 'add', '--name', 'Acme']);
    const cases: [string, string][] = [
      ['friday', '2026-11-27'],
      ['next friday', '2026-12-04'],
      ['+3d', '2026-11-26'],
      ['2w', '2026-12-07'],
      ['明天', '2026-11-24'],
      ['下周五', '2026-12-04'],
      ['2026-12-4', '2026-12-04'],
    ];
    for (const [typed] of cases) {
      const r = sb.crm(['--as-of', '2026-11-23', 'promise', 'add', 'Acme', '--what', `sample ${typed}`, '--due', typed]);
      expect(r.code, `${typed}: ${r.stderr}`).toBe(0);
    }
    const promises = sb.json(['promise', 'list']);
    expect(cases.map(([typed]) => promises.find((p: any) => p.what === `sample ${typed}`)?.dueOn)).toEqual(cases.map(([, want]) => want));
    // options parsed by commander (snooze --until) go through the same parser
    const list = sb.json(['--as-of', '2026-11-23', 'due', '--days', '30']);
    const item = list.items[0].id;
    const snooze = sb.crm(['--as-of', '2026-11-23', 'snooze', item, '--until', 'next monday']);
    expect(snooze.code, snooze.stderr).toBe(0);
    expect(snooze.stderr + snooze.stdout).toContain('2026-11-30');
  });

  it('refuses ambiguous or unreadable dates with examples (exit 2)', () => {
    sb.crm(['account', 'add', '--name', 'Acme']);
    for (const typed of ['03/04', 'someday', 'tomorrow or friday', '2026-02-30']) {
      const r = sb.crm(['--as-of', '2026-11-23', 'promise', 'add', 'Acme', '--what', 'x', '--due', typed]);
      expect(r.code, typed).toBe(2);
      expect(r.stderr, typed).toMatch(/YYYY-MM-DD.*tomorrow.*\+3d.*明天/);
    }
    const r = sb.crm(['--as-of', '2026-11-23', 'report', 'activity', '--from', '03/04']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ambiguous/);
  });

  it('rewrites times stored in UTC by older versions into the local form, same instant', () => {
    sb.crm(['account', 'add', '--name', 'Acme'], { env: shanghai });
    sb.crm(['log', 'Acme', '--kind', 'call', '--summary', 'old call'], { env: shanghai });
    // make it look like an older database: a UTC timestamp and migration 0040 not yet applied
    const db = openBook(sb.db);
    db.prepare("UPDATE interactions SET occurred_at = '2026-11-22T23:30:00.000Z'").run();
    db.prepare("DELETE FROM kysely_migration WHERE name = '0040-local-timestamps'").run();
    if (onPostgres) db.exec('UPDATE crm_schema SET version = version - 1');
    else db.pragma(`user_version = ${(db.pragma('user_version', { simple: true }) as number) - 1}`);
    db.close();
    expect(sb.crm(['db', 'info'], { env: shanghai }).code).toBe(0);
    const after = openBook(sb.db, { readonly: true });
    const at = (after.prepare('SELECT occurred_at AS at FROM interactions').get() as { at: string }).at;
    after.close();
    expect(at).toBe('2026-11-23T07:30:00.000+08:00');
    expect(Date.parse(at)).toBe(Date.parse('2026-11-22T23:30:00.000Z'));
  });
});
