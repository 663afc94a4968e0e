// The history records writes at the engine, not in each service: a table a later migration adds
// (departments, campaigns, visit reports...) is recorded and undone with no code of its own, and
// bulk paths that pause the recording pay nothing per row.
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/services/accounts.js';
import { inTransaction } from '../../src/services/context.js';
import { listHistory, undoChange } from '../../src/services/history.js';
import { openTestContext, type TestContext } from '../helpers/context.js';

const widgets = {
  '9990-test-widgets': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('test_widgets')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

describe('history recorded at the engine', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await openTestContext({ migrations: { extra: widgets } });
    t.engine.history.setLabel({ command: 'widget add', rep: 'alice', now: () => t.ctx.clock.now() });
  });
  afterEach(() => t.close());

  const widgetsOf = (db = t.ctx.db) => (db as unknown as Kysely<any>).selectFrom('test_widgets').selectAll().execute();

  it('records and undoes a table added by a later migration, with no code of its own', async () => {
    const acct = await addAccount(t.ctx, { name: 'Acme' });
    await inTransaction(t.ctx, async (tx) => {
      await (tx.db as unknown as Kysely<any>).insertInto('test_widgets').values({ account_id: acct, name: 'sprocket' }).execute();
      await (tx.db as unknown as Kysely<any>).insertInto('test_widgets').values({ account_id: acct, name: 'gear' }).execute();
    });
    await inTransaction(t.ctx, (tx) => (tx.db as unknown as Kysely<any>).updateTable('test_widgets').set({ name: 'cog' }).where('name', '=', 'gear').execute());
    const h = await listHistory(t.ctx, { accountId: acct });
    expect(h.map((e) => [e.command, e.rep, e.summary])).toEqual([
      ['widget add', 'alice', 'test widget #2 "cog" name: gear → cog'],
      ['widget add', 'alice', 'added test widget #1 "sprocket"; added test widget #2 "gear"'],
      ['widget add', 'alice', 'added account #1 "Acme"'],
    ]);
    // the later rename depends on the insert of "gear": undoing the insert first is refused
    await expect(undoChange(t.ctx, { id: h[1]!.id })).rejects.toThrow(/has changed since, by change 3/);
    await undoChange(t.ctx);
    await undoChange(t.ctx);
    expect(await widgetsOf()).toEqual([]);
    await undoChange(t.ctx, { redo: true });
    expect((await widgetsOf()).map((w: any) => w.name)).toEqual(['sprocket', 'gear']);
  });

  it('records nothing for a transaction that paused the recording, and one entry for it when asked', async () => {
    const acct = await addAccount(t.ctx, { name: 'Acme' });
    const before = (await listHistory(t.ctx, { limit: 100 })).length;
    await t.engine.transaction(async (db) => {
      await t.engine.history.pause(db);
      for (let i = 0; i < 100; i++) await (db as unknown as Kysely<any>).insertInto('test_widgets').values({ account_id: acct, name: `w${i}` }).execute();
      await t.engine.history.commitEntry(db, { kind: 'import', batchId: 7 });
    });
    const h = await listHistory(t.ctx, { limit: 100 });
    expect(h.length).toBe(before + 1);
    expect(h[0]).toMatchObject({ kind: 'import', batchId: 7, rows: 0 });
    // the recording is back for the next transaction
    await inTransaction(t.ctx, (tx) => (tx.db as unknown as Kysely<any>).deleteFrom('test_widgets').where('name', '=', 'w0').execute());
    expect((await listHistory(t.ctx, { limit: 1 }))[0]).toMatchObject({ kind: 'change', rows: 1 });
    expect(await t.engine.history.missing(t.ctx.db)).toEqual([]);
  });

  it('rolls the recording back with a failed command', async () => {
    await expect(
      inTransaction(t.ctx, async (tx) => {
        await addAccount(tx, { name: 'Dropped' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await listHistory(t.ctx, {})).toEqual([]);
  });
});
