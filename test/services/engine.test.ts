// The Engine contract every implementation must keep (SQLite today; PostgreSQL next, issue 17).
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../src/db/open.js';
import { addAccount } from '../../src/services/accounts.js';
import { inTransaction } from '../../src/services/context.js';
import { find } from '../../src/services/find.js';
import { useTestContext } from '../helpers/context.js';
import { onPostgres } from '../helpers/engines.js';

const names = async (t: ReturnType<typeof useTestContext>) => (await t.ctx.db.selectFrom('accounts').select('name').orderBy('id').execute()).map((r) => r.name);

describe('Engine', () => {
  const t = useTestContext({ today: '2026-06-01' });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await addAccount(t.ctx, { name: 'Kept' });
    await expect(
      inTransaction(t.ctx, async (tx) => {
        await addAccount(tx, { name: 'Dropped' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await names(t)).toEqual(['Kept']);
    // the failed command left no open transaction behind
    expect(t.engine.inTransaction()).toBe(false);
  });

  it('nests: a failed inner transaction the outer one catches undoes only its own writes', async () => {
    await inTransaction(t.ctx, async (outer) => {
      await addAccount(outer, { name: 'Outer' });
      await inTransaction(outer, async (inner) => {
        await addAccount(inner, { name: 'Inner' });
        throw new Error('inner');
      }).catch(() => undefined);
      await addAccount(outer, { name: 'After' });
    });
    expect(await names(t)).toEqual(['Outer', 'After']);
  });

  it('dryRun returns what fn computed and keeps none of its writes', async () => {
    const seen = await t.engine.dryRun(async (db) => {
      await db.insertInto('reps').values({ name: 'temp', email: null, created_at: '2026-06-01T00:00:00Z' }).execute();
      return (await db.selectFrom('reps').select('name').execute()).map((r) => r.name);
    });
    expect(seen).toEqual(['temp']);
    expect(await t.ctx.db.selectFrom('reps').select('name').execute()).toEqual([]);
  });

  it('streams pages from one snapshot: a write by another connection meanwhile is not seen', async () => {
    await addAccount(t.ctx, { name: 'First' });
    const other = await openEngine(t.path);
    try {
      const pages = t.engine.stream(async function* (db) {
        yield (await db.selectFrom('accounts').select('name').execute()).map((r) => r.name);
        await other.transaction((odb) => odb.insertInto('reps').values({ name: 'late', email: null, created_at: '2026-06-01T00:00:00Z' }).execute());
        yield (await db.selectFrom('reps').select('name').execute()).map((r) => r.name);
      });
      const got: string[][] = [];
      for await (const p of pages) got.push(p);
      expect(got).toEqual([['First'], []]);
      expect(t.engine.inTransaction()).toBe(false);
      expect((await t.ctx.db.selectFrom('reps').select('name').execute()).map((r) => r.name)).toEqual(['late']);
    } finally {
      await other.close();
    }
  });

  it('keeps the search index in step with the accounts, and checks it', async () => {
    const id = await addAccount(t.ctx, { name: '华南电子有限公司', city: '深圳' });
    expect(await find(t.ctx, '华南')).toMatchObject([{ id }]);
    expect(await t.engine.search.gaps(t.ctx.db)).toEqual({ stray: [], missing: [] });
    expect(await t.engine.search.check(t.ctx.db)).toBeUndefined();
    await t.engine.transaction((db) => t.engine.search.set(db, id, null));
    expect(await find(t.ctx, '华南')).toEqual([]);
    expect(await t.engine.search.gaps(t.ctx.db)).toEqual({ stray: [], missing: [id] });
  });

  it('reports the schema version, its tables and a sound store', async () => {
    expect(await t.engine.schemaVersion()).toBeGreaterThan(0);
    expect(await t.engine.tables()).toContain('accounts');
    expect(await t.engine.integrity()).toEqual([]);
    expect(await t.engine.foreignKeyViolations()).toEqual([]);
    expect((await t.engine.info()).version).toMatch(onPostgres ? /^PostgreSQL \d/ : /^SQLite \d/);
  });
});
