// The hook imports call after loading rows: refreshValues on a service context, also from inside
// the import's own write transaction.
import { describe, expect, it } from 'vitest';
import { addAccount } from '../../src/services/accounts.js';
import { addOrder } from '../../src/services/orders.js';
import { isFresh, refreshValues } from '../../src/services/value.js';
import { useTestContext } from '../helpers/context.js';

describe('refreshValues as an import hook', () => {
  const t = useTestContext({ today: '2026-06-01' });

  it('stores scores, tiers and the ladder, and is fresh afterwards', async () => {
    const ctx = t.ctx;
    const a = await addAccount(ctx, { name: 'Acme' });
    const b = await addAccount(ctx, { name: 'Beta' });
    await addOrder(ctx, a, { amount: 9000, date: '2026-05-01' });
    await addOrder(ctx, a, { amount: 9000, date: '2026-05-20' });
    await addOrder(ctx, b, { amount: 1000, date: '2026-05-02' });
    expect(await isFresh(ctx)).toBe(false);
    const r = await refreshValues(ctx);
    expect(r).toMatchObject({ accounts: 2, updated: 2, snapshots: 2 });
    expect(await isFresh(ctx)).toBe(true);
    const rows = await ctx.db.selectFrom('accounts').select(['name', 'tier', 'ladder', 'revenue']).orderBy('id').execute();
    expect(rows).toEqual([
      { name: 'Acme', tier: 'A', ladder: 'repeat-buyer', revenue: 18000 },
      { name: 'Beta', tier: 'B', ladder: 'first-time-buyer', revenue: 1000 },
    ]);
    // nothing changed: nothing written
    expect((await refreshValues(ctx)).updated).toBe(0);
  });

  it('runs inside an open write transaction (as the end of an import) without committing it', async () => {
    const ctx = t.ctx;
    const a = await addAccount(ctx, { name: 'Acme' });
    await expect(
      ctx.engine.transaction(async (db) => {
        await db.insertInto('orders').values({ account_id: a, ordered_on: '2026-05-01', amount: 500, created_at: '2026-05-01T00:00:00Z' }).execute();
        await refreshValues({ ...ctx, db });
        throw new Error('import failed after the refresh');
      }),
    ).rejects.toThrow('import failed');
    const acme = await ctx.db.selectFrom('accounts').select(['ladder', 'revenue']).where('id', '=', a).executeTakeFirstOrThrow();
    expect(acme).toEqual({ ladder: null, revenue: null });
    expect(await ctx.db.selectFrom('ladder_history').selectAll().execute()).toEqual([]);
  });
});
