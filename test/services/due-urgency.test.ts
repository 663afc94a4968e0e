import { describe, expect, it } from 'vitest';
import { addAccount } from '../../src/services/accounts.js';
import { addContact } from '../../src/services/contacts.js';
import { listDue, refreshDueUrgency } from '../../src/services/due.js';
import { useTestContext } from '../helpers/context.js';

// The value refresh rewrites tiers in bulk without touching each account: refreshDueUrgency is its
// hook to bring the stored ranking of the due list in line.
describe('refreshDueUrgency', () => {
  const t = useTestContext({ today: '2026-01-10' });

  it('re-ranks stored items after tiers change behind the due list', async () => {
    const ctx = t.ctx;
    const a = await addAccount(ctx, { name: 'First' });
    const b = await addAccount(ctx, { name: 'Second' });
    await addContact(ctx, b, { name: 'Wang Fang', birthday: '--03-02' } as never);
    const later = t.on('2027-03-01');
    const order = async () => (await listDue(later)).items.map((i) => i.id);
    expect((await order()).slice(0, 2)).toEqual([`cadence:${a}`, `cadence:${b}`]);
    await ctx.db.updateTable('accounts').set({ tier: 'A', value_score: 90 }).where('id', '=', b).execute();
    await refreshDueUrgency(ctx.db);
    const items = (await listDue(later)).items;
    expect(items[0]!.id).toBe(`cadence:${b}`);
    expect(items[0]!.urgency).toBe(4 + 15 + 6 + 3.6);
    expect(items.find((i) => i.kind === 'birthday')!.urgency).toBe(6 - 0.5 + 6 + 3.6);
  });
});
