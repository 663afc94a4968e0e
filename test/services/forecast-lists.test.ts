// The forecast lists the deals to act on first: a book may have thousands of stale or undated ones.
import { describe, expect, it } from 'vitest';
import { addAccount } from '../../src/services/accounts.js';
import { buildReport } from '../../src/services/reports/index.js';
import { useTestContext } from '../helpers/context.js';

describe('forecast: the stale and undated lists', () => {
  const t = useTestContext({ today: '2026-06-01' });

  it('show the 50 deals with the most weighted value of 52, and the groups still count all', async () => {
    const ctx = t.ctx;
    const a = await addAccount(ctx, { name: 'Acme' });
    for (let i = 1; i <= 52; i++)
      await ctx.db
        .insertInto('deals')
        .values({ account_id: a, title: `deal ${i}`, stage: 'qualify', status: 'open', amount: i * 100, probability: null, expected_close: null, stage_entered_at: '2026-05-30T00:00:00Z', lost_reason: null, competitor: null, owner_id: null, created_at: '2026-05-30T00:00:00Z', updated_at: '2026-05-30T00:00:00Z', closed_at: null })
        .execute();
    const r = await buildReport(ctx, 'forecast');
    const undated = r.tables.find((x) => x.title.startsWith('Deals without an expected close date'))!;
    expect(undated.title).toContain('the 50 with the most at stake of 52');
    expect(undated.rows).toHaveLength(50);
    // qualify weighs 25%: the largest first, the two smallest (100 and 200) left out.
    expect(undated.rows.map((x) => x.amount)).toEqual(Array.from({ length: 50 }, (_, k) => (52 - k) * 100));
    expect(r.summary.find((x) => x.label === 'deals without a close date')!.value).toBe(52);
    expect(r.summary.find((x) => x.label === 'pipeline')!.value).toBe((52 * 53 * 100) / 2);
  });
});
