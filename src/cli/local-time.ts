// The user's time zone and "now", applied once at start-up (see the top of src/domain/dates.ts).
import { UsageError } from '../domain/errors.js';

/**
 * Makes `zone` (config `timezone`) the process time zone: Node re-reads TZ when it is assigned, so
 * every local date after this (the clock, chrono-node, Date) is in that zone. Without it, TZ or the
 * system zone applies.
 */
export function applyTimeZone(zone: string | null | undefined): void {
  if (zone && process.env.TZ !== zone) process.env.TZ = zone;
}

/** CRM_NOW: the instant the clock starts from (ISO-8601, e.g. 2026-11-22T23:30:00Z), for reproducible runs and tests. */
export function nowOverride(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.CRM_NOW;
  if (!v) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`CRM_NOW must be an instant such as 2026-11-22T23:30:00Z (got "${v}")`);
  return ms;
}
