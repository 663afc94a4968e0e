// Issue 15, point 6: scores that spread. On the demo book (npm start) the best customer, 10M in
// revenue, scored 54 "poor" and no account reached "good": the fixed scale rated the whole book
// poor. Graded against the book, the best customers are excellent or good and the tail is poor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCrm } from '../helpers/cli.js';

const AS_OF = '2026-11-23';
const sum = (parts: { points: number }[]) => parts.reduce((s, p) => s + p.points, 0);

describe('value scores graded against the demo book', () => {
  let dir: string;
  let db: string;
  const json = (args: string[], extra: string[] = []) => {
    // the demo book is in yuan, euros and pounds: its config has the rates
    const r = runCrm(['--db', db, '--config', join(ROOT, 'fixtures', 'demo', 'config.json'), '--as-of', AS_OF, ...extra, ...args, '--json']);
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-scores-'));
    db = join(dir, 'demo.db');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_EXTRA_CA_CERTS;
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.mjs'), '--db', db], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('grades the best customer excellent or good, most of tier A good or better, most of tier C poor', () => {
    const scores: any[] = json(['score']);
    const tiers = json(['tiers']);
    const byId = new Map(scores.map((s) => [s.id, s]));
    const customers = tiers.accounts.filter((a: any) => a.revenue > 0).sort((a: any, b: any) => b.revenue - a.revenue);
    const best = byId.get(customers[0].id);
    expect(customers[0].revenue).toBeGreaterThan(10_000_000);
    expect(best.name).toBe('华南电子有限公司');
    expect(['excellent', 'good']).toContain(best.valueGrade);

    const grades = (tier: string) => customers.filter((a: any) => a.tier === tier).map((a: any) => byId.get(a.id).valueGrade);
    const share = (gs: string[], wanted: string[]) => gs.filter((g) => wanted.includes(g)).length / gs.length;
    expect(share(grades('A'), ['excellent', 'good'])).toBeGreaterThan(0.5);
    expect(share(grades('C'), ['poor'])).toBeGreaterThan(0.5);
  });

  it('spreads the customers over the four grades by their standing in the book', () => {
    const customers = (json(['score']) as any[]).filter((s) => s.leadScore === null);
    const n = customers.length;
    const count = (g: string) => customers.filter((s) => s.valueGrade === g).length;
    // The top 10% reach excellent, the top 30% good or better, the top 60% fair or better (ties share a grade).
    expect(count('excellent')).toBeGreaterThanOrEqual(Math.ceil(0.1 * n));
    expect(count('excellent') + count('good')).toBeGreaterThanOrEqual(Math.ceil(0.3 * n));
    expect(count('excellent') + count('good') + count('fair')).toBeGreaterThanOrEqual(Math.ceil(0.6 * n));
    expect(count('poor')).toBeGreaterThan(0);
    expect(count('excellent')).toBeLessThan(0.3 * n);
    // prospects get their lead score graded among the prospects
    const leads = (json(['score']) as any[]).filter((s) => s.leadScore !== null).map((s) => s.leadGrade);
    expect(new Set(leads)).toEqual(new Set(['excellent', 'good', 'fair', 'poor']));
  });

  it('explains every score with parts that add up to it, the calibration being one of them', () => {
    const all: any[] = json(['score', '--explain']);
    expect(all.length).toBeGreaterThan(200);
    for (const a of all) {
      expect(sum(a.value.parts), a.name).toBe(a.valueScore);
      if (a.lead) expect(sum(a.lead.parts), a.name).toBe(a.leadScore);
    }
    const best = json(['score', '华南电子有限公司', '--explain']);
    expect(best.value.parts.at(-1)).toMatchObject({ input: 'calibration', max: null });
    expect(best.value.parts.at(-1).value).toMatch(/^[\d.]+ points against your \d+ customers: excellent from [\d.]+, good [\d.]+, fair [\d.]+$/);
  });

  it('gives the raw points back with scoring.calibration.method "none"', () => {
    const cfg = join(dir, 'raw.json');
    const demo = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'demo', 'config.json'), 'utf8'));
    writeFileSync(cfg, JSON.stringify({ ...demo, scoring: { calibration: { method: 'none' } } }));
    const raw = json(['score', '华南电子有限公司', '--explain'], ['--config', cfg]);
    expect(raw.value.parts.map((p: any) => p.input)).not.toContain('calibration');
    expect(raw.valueScore).toBe(sum(raw.value.parts));
    expect(raw.valueScore).toBeLessThan(json(['score', '华南电子有限公司']).at(0).valueScore);
  });
});
