// Issue 18 point 5: the config file is checked against a schema; crm config show|get|set|path;
// the README's config section is generated from the schema.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, sandbox, type Sandbox } from '../helpers/cli.js';

describe('crm config (18.5)', () => {
  let sb: Sandbox;
  let cfg: string;
  beforeEach(() => {
    sb = sandbox('crm-config-');
    cfg = join(sb.dir, 'config.json');
    sb.crm(['account', 'add', '--name', 'Acme']);
  });
  afterEach(() => sb.cleanup());

  const withConfig = (content: unknown, args: string[]) => {
    writeFileSync(cfg, typeof content === 'string' ? content : JSON.stringify(content));
    return sb.crm(['--config', cfg, ...args]);
  };

  it('a misspelt key is an error that names the right one', () => {
    const r = withConfig({ due: { fatique: { days: 5 } } }, ['due']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`config file ${cfg}: unknown key "due.fatique": did you mean "due.fatigue"?`);
  });

  it('a key in the wrong place is an error that says where it belongs', () => {
    const r = withConfig({ dormantDays: 200 }, ['due']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown key "dormantDays": did you mean "(ladder|due)\.dormantDays" or "(ladder|due)\.dormantDays"\?/);
  });

  it('a wrong type is an error (it used to drop due items silently)', () => {
    const r = withConfig({ cadence: { A: '14 days' } }, ['due']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"cadence.A" must be a number (got "14 days")');
    expect(withConfig({ timezone: 'Mars/Olympus' }, ['due']).stderr).toMatch(/"timezone" must be an IANA time zone/);
    expect(withConfig({ tiers: { by: 'volume' } }, ['due']).stderr).toMatch(/"tiers\.by" must be/);
    expect(withConfig('{ "due": ', ['due']).stderr).toMatch(/is not valid JSON/);
  });

  it('every section the code reads is accepted with its documented defaults', () => {
    const show = sb.json(['config', 'show']);
    for (const s of ['scoring', 'tiers', 'ladder', 'risk', 'stages', 'cadence', 'due', 'holidays', 'greetings', 'visits', 'reports', 'refresh', 'timezone', 'defaultCountry', 'defaultOwner'])
      expect(show, s).toHaveProperty(s);
    // the defaults themselves pass the check
    const r = withConfig(show, ['config', 'check']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('set writes a checked file, get reads it back, show marks it, path says where', () => {
    const env = { CRM_CONFIG: cfg };
    expect(sb.crm(['config', 'path'], { env }).stdout.trim()).toBe(cfg);
    expect(existsSync(cfg)).toBe(false);
    expect(sb.crm(['config', 'set', 'cadence.A', '21'], { env }).code).toBe(0);
    expect(sb.crm(['config', 'set', 'timezone', 'Asia/Shanghai'], { env }).code).toBe(0);
    expect(sb.crm(['config', 'set', 'scoring.targetIndustries', '["electronics"]'], { env }).code).toBe(0);
    expect(JSON.parse(readFileSync(cfg, 'utf8'))).toEqual({ cadence: { A: 21 }, timezone: 'Asia/Shanghai', scoring: { targetIndustries: ['electronics'] } });
    expect(sb.crm(['config', 'get', 'cadence.A'], { env }).stdout).toBe('21\n');
    expect(sb.crm(['config', 'get', 'cadence.B'], { env }).stdout).toBe('45\n');
    expect(sb.json(['config', 'get', 'cadence'], { env })).toMatchObject({ A: 21, B: 45 });
    const changed = sb.crm(['config', 'show', '--changed', '--format', 'tsv'], { env }).stdout;
    expect(changed).toContain('cadence.A\t21\tfile');
    // a wrong value is refused and nothing is written
    const bad = sb.crm(['config', 'set', 'cadence.B', 'often'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"cadence\.B" must be a number/);
    const typo = sb.crm(['config', 'set', 'cadense.B', '30'], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean "cadence\.B"\?/);
    expect(JSON.parse(readFileSync(cfg, 'utf8')).cadence).toEqual({ A: 21 });
    expect(sb.crm(['config', 'unset', 'cadence.A'], { env }).code).toBe(0);
    expect(sb.crm(['config', 'get', 'cadence.A'], { env }).stdout).toBe('14\n');
    // the config's timezone is in force for the commands that follow
    expect(sb.json(['due'], { env: { ...env, TZ: 'UTC', CRM_NOW: '2026-11-22T23:30:00Z' } }).asOf).toBe('2026-11-23');
  });
});

describe("the README's config section", () => {
  it('is what scripts/config-docs.mjs generates from the schema (run it after changing a key)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const generated = execFileSync(process.execPath, [join(ROOT, 'scripts', 'config-docs.mjs'), '--print'], { encoding: 'utf8' });
    const start = readme.indexOf('<!-- config:start -->');
    const end = readme.indexOf('<!-- config:end -->');
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start, end + '<!-- config:end -->'.length)).toBe(generated.trimEnd());
  });
});
