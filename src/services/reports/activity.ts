// Activity against the 60/30/10 time target: where the interactions went, by group, kind and tier.
import * as q from '../../db/queries/reports.js';
import { compareTiers, timeShares, TIME_GROUPS, type ActivityCell, type TimeGroup } from '../../domain/reports/metrics.js';
import { col, ratio, type Report } from '../../domain/reports/model.js';
import { bucketLabel, bucketRange, bucketStatus, coveredThrough } from '../../domain/reports/period.js';
import { base, num, type Ctx } from './common.js';

export async function activity(c: Ctx): Promise<Report> {
  const r = base(c, 'activity', 'Activity against the 60/30/10 time target');
  // Grouping 600k interactions by account group in SQL sorts them all (~2.5 s at 100k accounts);
  // the group of every account is one cheap read, and the interactions are summed here in one pass.
  // Each account gets the number of its (group, tier) slot; cells are indexed by slot and kind
  // number, so the loop over the interactions allocates nothing per row.
  const slots: { grp: TimeGroup; tier: string | null }[] = [];
  const slotKey = new Map<string, number>();
  const slotOf = new Map<number, number>();
  for (const [id, grp, tier] of await q.accountGroups(c.ctx.engine, c.to)) {
    const k = `${grp}\u0000${tier ?? ''}`;
    let slot = slotKey.get(k);
    if (slot === undefined) {
      slot = slots.length;
      slotKey.set(k, slot);
      slots.push({ grp: grp as TimeGroup, tier: tier as string | null });
    }
    slotOf.set(Number(id), slot);
  }
  const kindNames: string[] = [];
  const kindNo = new Map<string, number>();
  const byCell = new Map<number, { grp: TimeGroup; tier: string | null; kind: string; n: number; wm: number; mins: number }>();
  await q.forEachInteraction(c.ctx.engine, c, ([accountId, kind, minutes]) => {
    const slot = slotOf.get(accountId as number);
    if (slot === undefined) return;
    let k = kindNo.get(kind as string);
    if (k === undefined) {
      k = kindNames.length;
      kindNo.set(kind as string, k);
      kindNames.push(kind as string);
    }
    const key = slot * 1024 + k;
    let cell = byCell.get(key);
    if (!cell) byCell.set(key, (cell = { grp: slots[slot]!.grp, tier: slots[slot]!.tier, kind: kind as string, n: 0, wm: 0, mins: 0 }));
    cell.n++;
    if (minutes !== null) {
      cell.wm++;
      cell.mins += minutes as number;
    }
  });
  const cells = [...byCell.values()];
  const sizes = await q.groupSizes(c.ctx.db, c.to);
  const input: ActivityCell[] = cells.map((x) => ({ group: x.grp, tier: x.tier, kind: x.kind, n: num(x.n), withMinutes: num(x.wm), minutes: num(x.mins) }));
  const { basis, rows: shares, total, timeOf } = timeShares(input, c.cfg.timeTarget);
  const totalAccounts = sizes.reduce((t, s) => t + num(s.n), 0);
  const label: Record<TimeGroup, string> = { vip: 'VIP', ordinary: 'ordinary customers', prospect: 'prospects' };
  r.summary.push(
    { label: 'interactions', value: input.reduce((t, x) => t + x.n, 0), kind: 'int' },
    { label: 'visits', value: input.filter((x) => x.kind === 'visit').reduce((t, x) => t + x.n, 0), kind: 'int' },
    { label: 'time measured by', value: basis === 'minutes' ? 'minutes logged' : 'number of interactions', kind: 'text' },
  );
  r.tables.push({
    title: 'Time per customer group',
    columns: [
      col('group', 'group'),
      col('accounts', 'accounts', 'int'),
      col('accountShare', '% of list', 'pct'),
      col('interactions', 'interactions', 'int'),
      col('visits', 'visits', 'int'),
      col('time', basis === 'minutes' ? 'minutes' : 'time (count)', 'num'),
      col('share', '% of time', 'pct'),
      col('target', 'target', 'pct'),
      col('gap', 'gap', 'pct'),
    ],
    rows: shares.map((s) => {
      const n = num(sizes.find((z) => z.grp === s.group)?.n);
      return { ...s, group: label[s.group], accounts: n, accountShare: ratio(n, totalAccounts) };
    }),
  });
  const kinds = [...new Set(input.map((x) => x.kind))].sort();
  r.tables.push({
    title: 'Interactions by kind',
    columns: [col('kind', 'kind'), ...TIME_GROUPS.map((g) => col(g, label[g], 'int')), col('total', 'total', 'int')],
    rows: kinds.map((k) => {
      const row: Record<string, unknown> = { kind: k, total: 0 };
      for (const g of TIME_GROUPS) {
        const n = input.filter((x) => x.kind === k && x.group === g).reduce((t, x) => t + x.n, 0);
        row[g] = n;
        row.total = (row.total as number) + n;
      }
      return row;
    }),
  });
  const tierNames = [...new Set(input.map((x) => x.tier ?? '(none)'))].sort((a, b) => (a === '(none)' ? 1 : b === '(none)' ? -1 : compareTiers(a, b)));
  r.tables.push({
    title: 'By tier',
    columns: [col('tier', 'tier'), col('interactions', 'interactions', 'int'), col('visits', 'visits', 'int'), col('time', basis === 'minutes' ? 'minutes' : 'time (count)', 'num'), col('share', '% of time', 'pct')],
    rows: tierNames.map((t) => {
      const mine = input.filter((x) => (x.tier ?? '(none)') === t);
      const time = mine.reduce((s, x) => s + timeOf(x), 0);
      return {
        tier: t,
        interactions: mine.reduce((s, x) => s + x.n, 0),
        visits: mine.filter((x) => x.kind === 'visit').reduce((s, x) => s + x.n, 0),
        time,
        share: ratio(time, total),
      };
    }),
  });
  // Per month (or --by): the last one is partial while it is not over, and says so.
  const through = coveredThrough(c.to, c.ctx.clock.today());
  const perBucket = await q.interactionsPerBucket(c.ctx.db, c, c.by);
  const buckets = bucketRange(c.from, c.to, c.by).map((i) => {
    const x = perBucket.find((p) => num(p.b) === i);
    return { period: bucketLabel(i, c.by), interactions: num(x?.n), visits: num(x?.visits), minutes: x?.minutes === null || x?.minutes === undefined ? null : num(x.minutes), status: bucketStatus(i, c.by, through).status };
  });
  r.tables.push({
    title: `Per ${c.by}`,
    columns: [col('period', c.by), col('interactions', 'interactions', 'int'), col('visits', 'visits', 'int'), col('minutes', 'minutes logged', 'int'), col('status', 'status')],
    rows: buckets,
  });
  r.charts.push({ kind: 'bars', title: 'Share of time against target', unit: 'pct', axis: 'share of time (marker: target)', items: shares.map((s) => ({ label: label[s.group], value: s.share ?? 0, target: s.target })) });
  r.charts.push({
    kind: 'spark',
    title: `Interactions per ${c.by}`,
    labels: buckets.map((b) => (b.status === 'complete' ? b.period : `${b.period}*`)),
    series: [
      { label: 'interactions', unit: 'int', values: buckets.map((b) => b.interactions) },
      { label: 'visits', unit: 'int', values: buckets.map((b) => b.visits) },
    ],
  });
  const partial = buckets.filter((b) => b.status !== 'complete').map((b) => b.period);
  if (partial.length) r.notes.push(`${partial.join(', ')} (* in the chart): not over by ${through}, so partial: interactions so far.`);
  r.notes.push(
    `Interactions from ${c.from} to ${c.to}. VIP: tier A or strategic accounts; ordinary: other accounts that have bought; prospects: the rest.`,
    'Time: minutes logged where any interaction has them (one without minutes counts as the average of its kind); otherwise the number of interactions.',
  );
  return r;
}
