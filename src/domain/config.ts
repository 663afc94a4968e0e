// Configuration: every weight, threshold and cadence the tool uses, with documented defaults.
// The user's file (--config, CRM_CONFIG, or $XDG_CONFIG_HOME/crm/config.json) overrides any part.

export interface Config {
  /** ISO 3166 country used for phone numbers written without a country code */
  defaultCountry: string | null;
  /** the rep recorded on new accounts and interactions when none is given */
  defaultOwner: string | null;
  /** who the user is among the reps of a team book (else defaultOwner, else the database login) */
  me?: string | null;
  /** free-form sections owned by features (scoring, cadence, due, risk, stages...) */
  [section: string]: unknown;
}

export const DEFAULT_CONFIG: Config = {
  defaultCountry: null,
  defaultOwner: null,
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, everything else (numbers, arrays) is replaced. */
export function mergeConfig<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = k in out ? mergeConfig(out[k], v) : v;
  return out as T;
}

/** A feature's section of the config merged over its defaults. */
export function section<T>(config: Config, name: string, defaults: T): T {
  return mergeConfig(defaults, config[name]);
}
