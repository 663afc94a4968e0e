// Configuration: every weight, threshold and cadence the tool uses, with documented defaults.
// The user's file (--config, CRM_CONFIG, or $XDG_CONFIG_HOME/crm/config.json) overrides any part;
// config-schema.ts says which keys exist and checks the file.
import type { Settings } from './config-settings.js';

export { DEFAULT_CONFIG } from './config-settings.js';

export type Config = Settings & {
  /** sections owned by features (scoring, cadence, due, risk, stages...), merged over their defaults by section() */
  [section: string]: unknown;
};

/** The `refresh` section: below workerMinInteractions interactions a worker thread costs more than it saves. */
export const REFRESH_DEFAULTS = { workerMinInteractions: 100_000 };
/** How long a write waits for a lock held by a program other than a running crm, in seconds. */
export const DATABASE_DEFAULTS = { lockWaitSeconds: 120 };

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
