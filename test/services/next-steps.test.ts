import { describe, expect, it } from 'vitest';
import { addAccount } from '../../src/services/accounts.js';
import { inTransaction } from '../../src/services/context.js';
import { listDue } from '../../src/services/due.js';
import { finishNextStep, nextStepStatuses, openNextStep, recordNextStep } from '../../src/services/next-steps.js';
import { addPromise, finishPromise } from '../../src/services/promises.js';
import { useTestContext } from '../helpers/context.js';

// The service other features call to set a next step (issue 19's visit report): the same rule as
// crm log --next, one id back, and the status of each id later.
describe('next steps as a service', () => {
  const t = useTestContext({ today: '2026-11-20' });

  it('records steps that stay open side by side, and reports where each stands', async () => {
    const ctx = t.ctx;
    const a = await addAccount(ctx, { name: 'Acme' });
    const first = await inTransaction(ctx, (tx) => recordNextStep(tx, a, { what: 'send samples', due: '2026-11-22' }));
    const second = await inTransaction(ctx, (tx) => openNextStep(tx, a, { what: 'call the buyer', dueOn: '2026-11-30' }));
    expect(first).toMatch(/^next:\d+$/);
    expect(second.stillOpen.map((s) => s.id)).toEqual([first]);
    await expect(inTransaction(ctx, (tx) => recordNextStep(tx, a, { what: '  ' }))).rejects.toThrow('a next step needs a text');
    const p = await addPromise(ctx, a, { what: 'quote', dueOn: '2026-11-21' });
    await finishPromise(ctx, p, false);

    const later = t.on('2026-11-25');
    expect((await listDue(later)).items.map((i) => i.id)).toContain(first);
    const st = await nextStepStatuses(later, [first, second.id, `promise:${p}`, 'next:999']);
    expect(Object.fromEntries(st)).toEqual({ [first]: 'overdue', [second.id]: 'open', [`promise:${p}`]: 'done', 'next:999': 'unknown' });
    await finishNextStep(ctx, first, 'done', 'sent by courier');
    expect((await nextStepStatuses(later, [first])).get(first)).toBe('done');
    expect((await listDue(later)).items.map((i) => i.id)).not.toContain(first);
  });
});
