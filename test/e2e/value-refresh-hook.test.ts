// The hook imports call after loading rows: refreshValues on a service context, also from inside
// the import's own write transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { inWriteTransaction } from '../../src/db/sqlite.js';
import { DEFAULT_CONFIG } from '../../src/domain/config.js';
import { fixedClock } from '../../src/domain/dates.js';
import { addAccount } from '../../src/services/accounts.js';
import type { ServiceContext } from '../../src/services/context.js';
import { addOrder } from '../../src/services/orders.js';
import { isFresh, refreshValues } from '../../src/services/value.js';

describe('refreshValues as an import hook', () => {
  let dir: string;
  let h: DbHandle;
  let ctx: ServiceContext;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-value-'));
    h = openDatabase(join(dir, 'crm.db'));
    await migrateToLatest(h);
    ctx = { handle: h, db: h.db, clock: fixedClock('2026-06-01'), config: DEFAULT_CONFIG };
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores scores, tiers and the ladder, and is fresh afterwards', async () => {
    const a = await addAccount(ctx, { name: 'Acme' });
    const b = await addAccount(ctx, { name: 'Beta' });
    await addOrder(ctx, a, { amount: 9000, date: '2026-05-01' });
    await addOrder(ctx, a, { amount: 9000, date: '2026-05-20' });
    await addOrder(ctx, b, { amount: 1000, date: '2026-05-02' });
    expect(await isFresh(ctx)).toBe(false);
    const r = await refreshValues(ctx);
    expect(r).toMatchObject({ accounts: 2, updated: 2, snapshots: 2 });
    expect(await isFresh(ctx)).toBe(true);
    const rows = await h.db.selectFrom('accounts').select(['name', 'tier', 'ladder', 'revenue']).orderBy('id').execute();
    expect(rows).toEqual([
      { name: 'Acme', tier: 'A', ladder: 'repeat-buyer', revenue: 18000 },
      { name: 'Beta', tier: 'B', ladder: 'first-time-buyer', revenue: 1000 },
    ]);
    // nothing changed: nothing written
    expect((await refreshValues(ctx)).updated).toBe(0);
  });

  it('runs inside an open write transaction (as the end of an import) without committing it', async () => {
    const a = await addAccount(ctx, { name: 'Acme' });
    await expect(
      inWriteTransaction(h, async () => {
        await h.db.insertInto('orders').values({ account_id: a, ordered_on: '2026-05-01', amount: 500, created_at: '2026-05-01T00:00:00Z' }).execute();
        await refreshValues(ctx);
        throw new Error('import failed after the refresh');
      }),
    ).rejects.toThrow('import failed');
    const acme = await h.db.selectFrom('accounts').select(['ladder', 'revenue']).where('id', '=', a).executeTakeFirstOrThrow();
    expect(acme).toEqual({ ladder: null, revenue: null });
    expect(await h.db.selectFrom('ladder_history').selectAll().execute()).toEqual([]);
  });
});
