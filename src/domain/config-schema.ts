// The configuration schema: every key crm reads, its type, its default and what it is for.
// `crm config`, the check of the user's file and the README's config section all come from here.
//
// HOW TO ADD A KEY (each is a change in one place):
// - a top-level setting (like `timezone`, `currency`, `me`): one line in SETTINGS in
//   config-settings.ts (kept apart so every command can have the defaults without this file),
//   `name: setting(<valibot schema>, <default>, 'what it does')`. It is then in DEFAULT_CONFIG
//   (so `config.name` is always set), checked, shown by `crm config`, and documented.
// - a key inside a section (scoring, due, holidays...): add it to that section's defaults object
//   in its domain file (SCORING_DEFAULTS in scoring.ts, DEFAULT_DUE in due.ts...). The section's
//   schema is derived from that object: a number must be a number, an object takes only its own
//   keys, and so on. Add an entry to OVERRIDES only when the default cannot tell the type (null,
//   an empty array, one of a few words, keys the user may choose freely).
// - a new section: one line in sectionSchemas() (its defaults object and a sentence), and read it
//   with section(config, 'name', DEFAULTS).
// Then run `node scripts/config-docs.mjs` to regenerate the README's config section (a test fails
// while README and schema disagree).
import * as v from 'valibot';
import { DATABASE_DEFAULTS, REFRESH_DEFAULTS } from './config.js';
import { SETTINGS } from './config-settings.js';
import { DEFAULT_CADENCE, DEFAULT_DUE, DEFAULT_HOLIDAY_CONFIG, DUE_KINDS } from './due.js';
import { DEFAULT_GREETINGS } from './greetings.js';
import { LADDER_DEFAULTS } from './ladder.js';
import { RELATIONSHIPS_DEFAULTS } from './relationships.js';
import { REPORTS_DEFAULTS } from './reports/config.js';
import { RISK_DEFAULTS } from './risk.js';
import { SCORING_DEFAULTS } from './scoring.js';
import { STAGES_DEFAULTS } from './stages.js';
import { TIERS_DEFAULTS } from './tiers.js';
import { DEFAULT_VISITS } from './visits.js';

export { DEFAULT_CONFIG, isTimeZone, SETTINGS, type Settings } from './config-settings.js';

const holidayDef = v.strictObject({
  name: v.string(),
  label: v.optional(v.string()),
  date: v.optional(v.pipe(v.string(), v.regex(/^\d{2}-\d{2}$/, 'a month-day as MM-DD'))),
  lunar: v.optional(v.pipe(v.string(), v.regex(/^\d{2}-\d{2}$/, 'a lunar month-day as MM-DD'))),
  weekday: v.optional(v.strictObject({ month: v.number(), weekday: v.number(), nth: v.number() })),
  action: v.optional(v.string()),
});

/** Keys (section.path) whose type the default value cannot tell. A function, like sectionDefs(). */
const overrides = (): Record<string, v.GenericSchema> => ({
  'scoring.targetIndustries': v.array(v.string()),
  'scoring.sourceQuality': v.record(v.string(), v.number()),
  'scoring.stageReached': v.record(v.string(), v.number()),
  'tiers.by': v.picklist(['revenue', 'profit']),
  'scoring.calibration.method': v.picklist(['book', 'none']),
  'greetings.audience': v.picklist(['customers', 'all']),
  'reports.monthlyTarget': v.nullable(v.number()),
  'holidays.list': v.array(holidayDef),
  'holidays.skip': v.array(v.string()),
  'holidays.cultures': v.record(v.string(), v.array(v.string())),
  'holidays.scripts': v.record(v.string(), v.nullable(v.union([v.string(), v.strictObject({ culture: v.string(), except: v.optional(v.array(v.string())) })]))),
  'holidays.audiences': v.record(v.string(), v.strictObject({ cultures: v.optional(v.array(v.string())), countries: v.optional(v.array(v.string())) })),
  'holidays.unknownCulture': v.picklist(['all', 'none']),
  'due.fatigue.kinds': v.array(v.picklist(DUE_KINDS)),
  'due.anniversaries.kinds': v.array(v.string()),
  'due.checkIns': v.record(v.string(), v.number()),
});
let OVERRIDES: Record<string, v.GenericSchema> = {};

export interface SectionDef {
  defaults: unknown;
  doc: string;
}

/** Every config section and the defaults object it merges over. A function: the domain files load first. */
export function sectionDefs(): Record<string, SectionDef> {
  return {
    scoring: { defaults: SCORING_DEFAULTS, doc: 'value and lead scores: points per input and the scales behind them (crm score)' },
    tiers: { defaults: TIERS_DEFAULTS, doc: 'ABC tiers, profit tiers, key-account faces and the potential grid (crm tiers)' },
    ladder: { defaults: LADDER_DEFAULTS, doc: 'the relationship ladder: loyal, advocate, dormant, defector' },
    risk: { defaults: RISK_DEFAULTS, doc: 'churn signals (crm risk)' },
    stages: { defaults: STAGES_DEFAULTS, doc: 'sales stages: idle days before a deal is stale, win probabilities, retry delay' },
    cadence: { defaults: DEFAULT_CADENCE, doc: 'days between contacts per tier and for prospects by lead score (the due list)' },
    due: { defaults: DEFAULT_DUE, doc: 'the due list: window, limit, fatigue, complaints, check-ins, birthdays and urgency points' },
    holidays: { defaults: DEFAULT_HOLIDAY_CONFIG, doc: 'holiday greetings on the due list: lead days and the holiday calendar' },
    greetings: { defaults: DEFAULT_GREETINGS, doc: 'the greetings mail-merge list: audience and salutations' },
    visits: { defaults: DEFAULT_VISITS, doc: 'visit plans: visits per day, the VIP / ordinary / prospect mix and the points' },
    relationships: { defaults: RELATIONSHIPS_DEFAULTS, doc: 'relationship breadth: who counts as reached, warmth, strategic accounts and the single-threaded signal' },
    reports: { defaults: REPORTS_DEFAULTS, doc: 'report targets: monthly sales, activity, time allocation, CLV horizon' },
    refresh: { defaults: REFRESH_DEFAULTS, doc: 'score refresh: from how many interactions a worker thread is used' },
    database: { defaults: DATABASE_DEFAULTS, doc: 'the database: how long a write waits for a lock held by another program (seconds)' },
  };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A schema from the shape of a default value: same types, objects take only their own keys (each optional). */
function fromDefault(value: unknown, path: string): v.GenericSchema {
  const o = OVERRIDES[path];
  if (o) return o;
  if (typeof value === 'number') return v.pipe(v.number(), v.finite());
  if (typeof value === 'string') return v.string();
  if (typeof value === 'boolean') return v.boolean();
  if (Array.isArray(value)) {
    if (!value.length) throw new Error(`config schema: ${path} defaults to [] — add an OVERRIDES entry for its type`);
    return v.array(fromDefault(value[0], `${path}[]`));
  }
  if (isPlainObject(value)) {
    const entries: Record<string, v.GenericSchema> = {};
    const arrayItem = path.endsWith('[]');
    for (const [k, x] of Object.entries(value)) entries[k] = arrayItem ? fromDefault(x, `${path}.${k}`) : v.optional(fromDefault(x, `${path}.${k}`));
    return v.strictObject(entries);
  }
  throw new Error(`config schema: ${path} defaults to ${String(value)} — add an OVERRIDES entry for its type`);
}

let cached: v.GenericSchema | undefined;

/** The whole config file's schema. */
export function configSchema(): v.GenericSchema {
  if (cached) return cached;
  OVERRIDES = overrides();
  const entries: Record<string, v.GenericSchema> = {};
  for (const [k, s] of Object.entries(SETTINGS)) entries[k] = v.optional(s.schema);
  for (const [k, s] of Object.entries(sectionDefs())) entries[k] = v.optional(fromDefault(s.defaults, k));
  // "$schema" lets editors that understand JSON Schema point at one; it means nothing to crm.
  entries.$schema = v.optional(v.string());
  cached = v.strictObject(entries);
  return cached;
}

/** A schema's type in words, for the README and `crm config`: "number", "list of text", "one of: a, b". */
export function typeText(schema: v.GenericSchema): string {
  const s = schema as v.GenericSchema & { type: string; wrapped?: v.GenericSchema; item?: v.GenericSchema; options?: unknown[]; value?: v.GenericSchema; pipe?: v.GenericSchema[] };
  switch (s.type) {
    case 'nullable':
      return `${typeText(s.wrapped!)} or null`;
    case 'optional':
      return typeText(s.wrapped!);
    case 'array':
      return `list of ${typeText(s.item!)}`;
    case 'picklist':
      return `one of ${s.options!.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'record': {
      // A union inside reads ambiguously without brackets: map of name to (number or map of ...).
      const inner = typeText(s.value!);
      return `map of name to ${(s.value as { type: string }).type === 'union' ? `(${inner})` : inner}`;
    }
    case 'union':
      return (s as unknown as { options: v.GenericSchema[] }).options.map(typeText).join(' or ');
    case 'strict_object':
      return 'object';
    case 'string':
      return 'text';
    default:
      return s.type;
  }
}

/** The keys whose type their default does not tell, with that type in words. */
export function specialKeys(): { key: string; type: string }[] {
  configSchema();
  return Object.entries(OVERRIDES).map(([key, schema]) => ({ key, type: typeText(schema) }));
}

export interface ConfigProblem {
  /** dotted key, e.g. due.fatigue.days */
  key: string;
  message: string;
}

/** Every key path the schema knows, for suggestions. */
export function knownKeys(): string[] {
  configSchema();
  const out: string[] = Object.keys(SETTINGS);
  const walk = (value: unknown, path: string) => {
    out.push(path);
    if (isPlainObject(value) && !OVERRIDES[path]) for (const [k, x] of Object.entries(value)) walk(x, `${path}.${k}`);
  };
  for (const [k, s] of Object.entries(sectionDefs())) walk(s.defaults, k);
  return out;
}

function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** The known keys a mistyped or misplaced key most likely meant. */
export function suggestKeys(key: string): string[] {
  const keys = knownKeys();
  // A misspelt section ("cadense.B"): correct the first unknown part and keep the rest.
  const parts = key.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const prefix = parts.slice(0, i + 1).join('.');
    if (keys.includes(prefix)) continue;
    const rest = parts.slice(i + 1).join('.');
    return suggestKeys(prefix).map((p) => (keys.includes(`${p}.${rest}`) ? `${p}.${rest}` : p));
  }
  const parent = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
  const last = key.slice(key.lastIndexOf('.') + 1);
  const siblings = keys.filter((k) => (k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') === parent);
  const near = siblings
    .map((k) => ({ k, d: distance(last, k.slice(k.lastIndexOf('.') + 1)) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(last.length / 3)))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.k);
  if (near.length) return near.slice(0, 3);
  // The right key in the wrong place: the same name somewhere else.
  const elsewhere = keys.filter((k) => k.slice(k.lastIndexOf('.') + 1).toLowerCase() === last.toLowerCase());
  return elsewhere.slice(0, 3);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  return `${typeof x} ${String(x)}`;
}

/** Checks a parsed config file; returns its problems (none: the file is sound). */
export function checkConfig(input: unknown): ConfigProblem[] {
  const r = v.safeParse(configSchema(), input);
  if (r.success) return [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const issue of r.issues) {
    const path = (issue.path ?? []).map((p) => String(p.key));
    const key = path.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
    let message: string;
    if (issue.type === 'strict_object' && issue.expected === 'never') {
      const plain = key.replace(/\[\d+\]/g, '');
      const hints = suggestKeys(plain);
      message = `unknown key "${key}"` + (hints.length ? `: did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?` : '');
    } else if (issue.type === 'object' || issue.type === 'strict_object') {
      message = `"${key || '(top level)'}" must be an object with keys (got ${describe(issue.input)})`;
    } else {
      const want = issue.message.startsWith('Invalid type') || issue.message.startsWith('Invalid key') ? `must be ${expected(issue.expected)}` : `must be ${issue.message}`;
      message = `"${key}" ${want} (got ${describe(issue.input)})`;
    }
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ key, message });
  }
  return problems;
}

function expected(e: string | null): string {
  if (!e) return 'something else';
  return e
    .split(' | ')
    .map((t) => ({ number: 'a number', string: 'text', boolean: 'true or false', null: 'null', Array: 'a list', Object: 'an object' })[t] ?? t)
    .join(' or ');
}
