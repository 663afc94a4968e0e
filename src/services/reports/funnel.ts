// The pipeline funnel: deals opened in the period, how far they got, win rates against the baselines.
import * as q from '../../db/queries/reports.js';
import { BASELINES, DEAL_STAGES, funnelRows, winRates, type Relationship } from '../../domain/reports/funnel.js';
import { col, histogramMedian, ratio, type Report } from '../../domain/reports/model.js';
import { base, num, type Ctx } from './common.js';

export async function funnel(c: Ctx): Promise<Report> {
  const r = base(c, 'funnel', 'Pipeline funnel');
  const { grouped, accountsReaching: acc, stays, after } = await q.funnelFigures(c.ctx.engine, c, DEAL_STAGES);
  const medianDays: Record<string, number | null> = {};
  for (const s of DEAL_STAGES) medianDays[s] = histogramMedian(stays.filter((x) => x.stage === s).map((x) => ({ value: num(x.days), count: num(x.n) })));
  const furthest = new Map<number, number>();
  const openByStage: Record<string, number> = {};
  let won = 0;
  let lost = 0;
  const closed = new Map<Relationship, { won: number; lost: number }>();
  for (const g of grouped) {
    const n = num(g.n);
    furthest.set(num(g.furthest), (furthest.get(num(g.furthest)) ?? 0) + n);
    if (g.status === 'open') openByStage[g.stage] = (openByStage[g.stage] ?? 0) + n;
    if (g.status === 'won') won += n;
    if (g.status === 'lost') lost += n;
    if (g.status !== 'open') {
      const cl = closed.get(g.rel) ?? { won: 0, lost: 0 };
      if (g.status === 'won') cl.won += n;
      else cl.lost += n;
      closed.set(g.rel, cl);
    }
  }
  const stages = funnelRows({
    furthest: [...furthest].map(([rank, deals]) => ({ rank, deals })),
    accountsReaching: DEAL_STAGES.map((_, i) => num(acc?.[`a${i}`])),
    openByStage,
    won,
    medianDays,
  });
  // Accounts after the sale (stages 7 and 8) live on interactions, not deals (see after above).
  const dealsTotal = stages[0]?.reached ?? 0;
  const rates = winRates([...closed].map(([relationship, v]) => ({ relationship, ...v })));
  r.summary.push(
    { label: 'deals opened', value: dealsTotal, kind: 'int' },
    { label: 'won', value: won, kind: 'int' },
    { label: 'lost', value: lost, kind: 'int' },
    { label: 'win rate (won / closed)', value: ratio(won, won + lost), kind: 'pct' },
  );
  r.tables.push({
    title: 'Stages',
    columns: [col('stage', 'stage'), col('reached', 'deals reached', 'int'), col('accounts', 'accounts', 'int'), col('open', 'open now', 'int'), col('conversion', 'to next stage', 'pct'), col('medianDays', 'median days', 'num')],
    rows: [
      ...stages.map((x) => ({ ...x })),
      { stage: 'won', reached: won, accounts: null, open: null, conversion: null, medianDays: null },
      ...['onboard', 'care'].map((s) => ({ stage: s, reached: null, accounts: num(after.find((a) => a.stage === s)?.n), open: null, conversion: null, medianDays: null })),
    ],
  });
  r.tables.push({
    title: 'Win rate against the baselines',
    columns: [col('relationship', 'selling to'), col('closed', 'closed', 'int'), col('won', 'won', 'int'), col('winRate', 'win rate', 'pct'), col('baseline', 'baseline', 'pct'), col('gap', 'gap', 'pct')],
    rows: rates.map((x) => ({ ...x })),
  });
  r.charts.push({ kind: 'bars', title: 'Deals reaching each stage', unit: 'int', axis: 'deals', items: stages.map((s) => ({ label: s.stage, value: s.reached })).concat([{ label: 'won', value: won }]) });
  r.notes.push(
    `Deals opened from ${c.from} to ${c.to}. A deal reached a stage when its history or current stage is at or past it; a won deal reached every stage.`,
    `Baselines (domain.md): prospects ${BASELINES.prospect * 100}%, first-time buyers ${BASELINES['first-time'] * 100}%, repeat/loyal ${BASELINES.repeat * 100}%; the relationship is the account's number of orders before the deal opened (0, 1, 2 or more).`,
    'Median days: from entering a stage to entering the next one or closing; open deals in their current stage are not counted.',
  );
  return r;
}
