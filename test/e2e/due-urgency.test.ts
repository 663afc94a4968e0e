import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DEFAULT_CONFIG } from '../../src/domain/config.js';
import { fixedClock } from '../../src/domain/dates.js';
import { addAccount } from '../../src/services/accounts.js';
import { addContact } from '../../src/services/contacts.js';
import { listDue, refreshDueUrgency } from '../../src/services/due.js';

// The value refresh rewrites tiers in bulk without touching each account: refreshDueUrgency is its
// hook to bring the stored ranking of the due list in line.
describe('refreshDueUrgency', () => {
  it('re-ranks stored items after tiers change behind the due list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-due-u-'));
    const handle = openDatabase(join(dir, 'crm.db'));
    try {
      await migrateToLatest(handle);
      const ctx = { handle, db: handle.db, clock: fixedClock('2026-01-10'), config: DEFAULT_CONFIG };
      const a = await addAccount(ctx, { name: 'First' });
      const b = await addAccount(ctx, { name: 'Second' });
      await addContact(ctx, b, { name: 'Wang Fang', birthday: '--03-02' } as never);
      const later = { ...ctx, clock: fixedClock('2027-03-01') };
      const order = async () => (await listDue(later)).items.map((i) => i.id);
      expect((await order()).slice(0, 2)).toEqual([`cadence:${a}`, `cadence:${b}`]);
      await handle.db.updateTable('accounts').set({ tier: 'A', value_score: 90 }).where('id', '=', b).execute();
      await refreshDueUrgency(handle.db);
      const items = (await listDue(later)).items;
      expect(items[0]!.id).toBe(`cadence:${b}`);
      expect(items[0]!.urgency).toBe(4 + 15 + 6 + 3.6);
      expect(items.find((i) => i.kind === 'birthday')!.urgency).toBe(6 - 0.5 + 6 + 3.6);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
