import type { Db } from '../db/engine.js';
import { lastActivity, setLastActivity } from '../db/repositories/interactions.js';
import type { Config } from '../domain/config.js';
import { refreshDue } from './due/refresh.js';

/**
 * Keeps an account's stored activity columns (last_contact_on, last_order_on, next_due_on) and
 * its birthdays/anniversaries index current. Every service that writes something that happened
 * with an account (interaction, order, promise, complaint, survey, stage move, import, contact or
 * account edit) calls this inside its transaction, so the due list and listings read indexed
 * columns instead of scanning history at query time.
 *
 * Pass the session's config when you have it (cadence, idle limits and urgency come from there);
 * without it the config of the last `crm due --refresh` is used.
 */
export async function accountTouched(db: Db, accountIds: number | readonly number[], config?: Config): Promise<void> {
  const ids = typeof accountIds === 'number' ? [accountIds] : [...new Set(accountIds)];
  for (const id of ids) {
    const last = await lastActivity(db, id);
    await setLastActivity(db, id, last.contactAt ? last.contactAt.slice(0, 10) : null, last.orderOn);
  }
  await refreshDue(db, ids, config);
}
