// The top-level settings of the config file, with their defaults. Every command loads this (for
// DEFAULT_CONFIG); the section schemas and the checks are in config-schema.ts, loaded only when a
// config file exists. Adding a setting: one line in SETTINGS (see the top of config-schema.ts).
import * as v from 'valibot';

/** Whether the runtime knows an IANA time zone name such as Asia/Shanghai. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZone = v.pipe(
  v.string(),
  v.check(isTimeZone, 'an IANA time zone such as Asia/Shanghai, Europe/Berlin or UTC'),
);

/** An exchange rate: units of the base per unit of a currency. */
const rate = v.pipe(v.number(), v.finite(), v.gtValue(0, 'a rate above 0'));

interface Setting {
  schema: v.GenericSchema;
  default: unknown;
  doc: string;
}

function setting<S extends v.GenericSchema>(schema: S, dflt: v.InferOutput<S>, doc: string): { schema: S; default: v.InferOutput<S>; doc: string } {
  return { schema, default: dflt, doc };
}

/** Top-level settings. */
export const SETTINGS = {
  timezone: setting(
    v.nullable(timeZone),
    null,
    'IANA time zone for "today" and the day of every stored time; null: the TZ environment variable, else the system zone',
  ),
  defaultCountry: setting(
    v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z]{2}$/, 'a two-letter ISO country code such as CN'))),
    null,
    'ISO 3166 country for phone numbers written without a country code, e.g. CN',
  ),
  defaultOwner: setting(v.nullable(v.string()), null, 'the rep recorded on new accounts and interactions when none is given'),
  me: setting(v.nullable(v.string()), null, 'who you are among the reps of a team book; null: defaultOwner, else the database login'),
  currency: setting(
    v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z]{3}$/, 'an ISO 4217 currency code such as CNY or EUR'))),
    null,
    'the base currency every total is computed in (ISO 4217: CNY, EUR...); null: CNY, and amounts entered without a currency are stored without one',
  ),
  rates: setting(
    v.record(
      v.pipe(v.string(), v.regex(/^[A-Za-z]{3}$/, 'an ISO 4217 currency code such as EUR')),
      v.union([rate, v.record(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')), rate)]),
    ),
    {},
    'units of the base currency per unit of another: {"EUR": 7.8}, or dated, each from its date on: {"EUR": {"2025-01-01": 7.8, "2026-01-01": 8.2}}',
  ),
} satisfies Record<string, Setting>;

export type Settings = { -readonly [K in keyof typeof SETTINGS]: v.InferOutput<(typeof SETTINGS)[K]['schema']> };

/** Config with every top-level setting at its default and no section set (sections merge over their own defaults). */
export const DEFAULT_CONFIG = Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, s.default])) as Settings;

