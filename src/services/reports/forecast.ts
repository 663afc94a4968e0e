// The forecast: the weighted pipeline by expected close month and quarter, by stage and by owner.
import { forecast, type ForecastDeal } from '../../domain/reports/forecast.js';
import { col, type Report } from '../../domain/reports/model.js';
import { DEAL_STAGES, stagesConfig } from '../../domain/stages.js';
import { listDeals } from '../deals.js';
import { base, type Ctx } from './common.js';

/** How many stale and undated deals the report lists (a book may have thousands). */
const LISTED_DEALS = 50;

export async function forecastReport(c: Ctx): Promise<Report> {
  const today = c.ctx.clock.today();
  const rows = await listDeals(c.ctx, { status: 'open' });
  const period = c.opts.from !== undefined || c.opts.to !== undefined;
  const inPeriod = (d: string | null) => !period || d === null || (d >= c.from && d <= c.to);
  const deals: ForecastDeal[] = rows
    .filter((d) => inPeriod(d.expectedClose))
    .map((d) => ({
      id: d.id,
      account: d.account,
      title: d.title,
      stage: d.stage,
      owner: d.owner,
      amount: d.amountInBase,
      probability: d.probability,
      expectedClose: d.expectedClose,
      stale: d.stale,
      idleDays: d.idleDays,
      staleAfterDays: d.staleAfterDays,
    }));
  const f = forecast(deals, today, DEAL_STAGES);
  const dates = deals.map((d) => d.expectedClose).filter((d): d is string => !!d).sort();
  const r = base(c, 'forecast', 'Forecast: the weighted pipeline');
  r.from = period ? c.from : (dates[0] ?? today) < today ? dates[0]! : today;
  r.to = period ? c.to : dates[dates.length - 1] ?? today;
  r.currency = rows[0]?.baseCurrency ?? (await c.money(['deals'])).base;
  const cfg = stagesConfig(c.ctx.config);
  r.summary.push(
    { label: 'open deals', value: f.deals, kind: 'int' },
    { label: 'pipeline', value: f.amount, kind: 'money' },
    { label: 'weighted pipeline', value: f.weighted, kind: 'money' },
    { label: 'deals without a close date', value: f.undated.length, kind: 'int' },
    { label: 'close date passed, still open', value: f.overdue, kind: 'int' },
    { label: 'stale deals', value: f.stale.length, kind: 'int' },
  );
  const groupCols = [col('deals', 'deals', 'int'), col('amount', 'amount', 'money'), col('weighted', 'weighted', 'money'), col('stale', 'stale', 'int')];
  const when = (past: boolean, key: string) => (past ? `${key} (past)` : key);
  r.tables.push({
    title: 'By expected close month',
    columns: [col('month', 'month'), ...groupCols],
    rows: f.byMonth.map((g) => ({ month: when(g.past, g.key), deals: g.deals, amount: g.amount, weighted: g.weighted, stale: g.stale })),
  });
  r.tables.push({
    title: 'By expected close quarter',
    columns: [col('quarter', 'quarter'), ...groupCols],
    rows: f.byQuarter.map((g) => ({ quarter: when(g.past, g.key), deals: g.deals, amount: g.amount, weighted: g.weighted, stale: g.stale })),
  });
  r.tables.push({
    title: 'By stage',
    columns: [col('stage', 'stage'), col('probability', 'default probability', 'pct'), ...groupCols],
    rows: f.byStage.map((g) => ({ stage: g.key, probability: (cfg.probability as Record<string, number>)[g.key] ?? null, deals: g.deals, amount: g.amount, weighted: g.weighted, stale: g.stale })),
  });
  r.tables.push({
    title: 'By owner',
    columns: [col('owner', 'owner'), ...groupCols],
    rows: f.byOwner.map((g) => ({ owner: g.key, deals: g.deals, amount: g.amount, weighted: g.weighted, stale: g.stale })),
  });
  const dealCols = [
    col('id', 'id', 'int'),
    col('account', 'account'),
    col('title', 'deal'),
    col('stage', 'stage'),
    col('owner', 'owner'),
    col('amount', 'amount', 'amount'),
    col('probability', 'probability', 'pct'),
    col('weighted', 'weighted', 'amount'),
  ];
  const dealRow = (d: ForecastDeal) => ({ ...d, weighted: (d.amount ?? 0) * d.probability });
  // A report lists the deals to act on first; the whole lists are crm deals --stale / --format csv.
  const most = (ds: readonly ForecastDeal[]) =>
    [...ds].sort((a, b) => (b.amount ?? 0) * b.probability - (a.amount ?? 0) * a.probability || b.idleDays - a.idleDays || a.id - b.id).slice(0, LISTED_DEALS).map(dealRow);
  const of = (n: number) => (n > LISTED_DEALS ? `: the ${LISTED_DEALS} with the most at stake of ${n}` : '');
  r.tables.push({
    title: `Stale deals (idle longer than their stage allows${of(f.stale.length)})`,
    columns: [...dealCols, col('idleDays', 'idle days', 'int'), col('staleAfterDays', 'stale after', 'int'), col('expectedClose', 'expected close', 'date')],
    rows: most(f.stale),
  });
  r.tables.push({ title: `Deals without an expected close date (not in any month${of(f.undated.length)})`, columns: dealCols, rows: most(f.undated) });
  r.charts.push({ kind: 'bars', title: 'Weighted pipeline by expected close month', unit: 'money', axis: 'weighted pipeline', items: f.byMonth.map((g) => ({ label: when(g.past, g.key), value: g.weighted })) });
  r.notes.push(
    `Open deals${period ? ` expected to close from ${c.from} to ${c.to} (and those with no date)` : ''}, amounts in ${r.currency} at today's rates. Weighted = amount × win probability: the deal's own (--probability on a stage command), else its stage's (config stages.probability).`,
    'A month marked (past) holds open deals whose expected close date has gone by: move the date (--expected-close) or close them. Stale: idle longer than config stages.staleDays allows for the stage.',
    `The two lists show the ${LISTED_DEALS} deals with the most weighted value at stake; all of them: crm deals --stale, crm deals --format csv.`,
  );
  return r;
}
