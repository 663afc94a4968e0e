// The reports of domain.md. Every figure is a set-based aggregate in SQL (one pass per question,
// never a row per account into memory, except the Pareto revenues which must be sorted); the
// arithmetic on the aggregates lives in src/domain/reports so it is tested on its own.
import { sql, type RawBuilder } from 'kysely';
import { daysBetweenSql, forEachRow, selectRows } from '../db/sqlite.js';
import { section } from '../domain/config.js';
import { addDays } from '../domain/dates.js';
import { NotFoundError, UsageError } from '../domain/errors.js';
import { BASELINES, DEAL_STAGES, funnelRows, winRates, type Relationship } from '../domain/reports/funnel.js';
import {
  assess,
  clv,
  compareTiers,
  movement,
  retentionRow,
  sumClv,
  timeShares,
  trailingTarget,
  TIME_GROUPS,
  type ActivityCell,
  type ClvInput,
  type TimeGroup,
} from '../domain/reports/metrics.js';
import { col, histogramMedian, ratio, type Report } from '../domain/reports/model.js';
import { pareto } from '../domain/reports/pareto.js';
import { bucketIndex, bucketLabel, bucketRange, bucketStart, defaultFrom, type Bucket } from '../domain/reports/period.js';
import type { ServiceContext } from './context.js';

export const REPORT_NAMES = ['funnel', 'sources', 'pareto', 'tiers', 'retention', 'clv', 'satisfaction', 'activity', 'assessment'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface ReportOptions {
  from?: string;
  to?: string;
  by?: Bucket;
  /** assessment: the monthly sales target (else config reports.monthlyTarget, else trailing average) */
  target?: number;
  /** assessment: only this rep's accounts */
  owner?: string;
}

export interface ReportsConfig {
  /** monthly sales target for the assessment; null = the average of the 12 months before */
  monthlyTarget: number | null;
  /** interactions per month that score 100 on the assessment's activity part */
  activityTarget: number;
  /** the time-allocation target of domain.md */
  timeTarget: Record<TimeGroup, number>;
  /** the longest expected customer lifetime CLV assumes, in years */
  clvMaxYears: number;
}

export const REPORTS_DEFAULTS: ReportsConfig = {
  monthlyTarget: null,
  activityTarget: 40,
  timeTarget: { vip: 0.6, ordinary: 0.3, prospect: 0.1 },
  clvMaxYears: 10,
};

interface Ctx {
  ctx: ServiceContext;
  from: string;
  to: string;
  /** the day after `to`: timestamps compare < toEnd */
  toEnd: string;
  explicitFrom: boolean;
  by: Bucket;
  opts: ReportOptions;
  cfg: ReportsConfig;
}

export async function buildReport(ctx: ServiceContext, name: ReportName, opts: ReportOptions = {}): Promise<Report> {
  const to = opts.to ?? ctx.clock.today();
  const from = opts.from ?? defaultFrom(to);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const c: Ctx = {
    ctx,
    from,
    to,
    toEnd: addDays(to, 1),
    explicitFrom: opts.from !== undefined,
    by: opts.by ?? 'month',
    opts,
    cfg: section(ctx.config, 'reports', REPORTS_DEFAULTS),
  };
  const builders: Record<ReportName, (c: Ctx) => Promise<Report>> = {
    funnel,
    sources,
    pareto: paretoReport,
    tiers,
    retention,
    clv: clvReport,
    satisfaction,
    activity,
    assessment,
  };
  return builders[name](c);
}

async function rows<T>(c: Ctx, q: RawBuilder<T>): Promise<T[]> {
  return (await q.execute(c.ctx.db)).rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function base(c: Ctx, name: string, title: string): Report {
  return { name, title, from: c.from, to: c.to, summary: [], tables: [], charts: [], notes: [] };
}

/** Bucket number of an ISO date or timestamp column, as in domain/reports/period.ts bucketIndex. */
function bucketSql(expr: RawBuilder<unknown>, b: Bucket): RawBuilder<number> {
  const y = sql`cast(substr(${expr}, 1, 4) as integer)`;
  const m = sql`cast(substr(${expr}, 6, 2) as integer)`;
  if (b === 'year') return sql<number>`${y}`;
  if (b === 'quarter') return sql<number>`(${y} * 4 + (${m} - 1) / 3)`;
  return sql<number>`(${y} * 12 + ${m} - 1)`;
}

function stageRank(expr: RawBuilder<unknown>): RawBuilder<number> {
  const whens = DEAL_STAGES.map((s, i) => sql`when ${s} then ${sql.lit(i)}`);
  return sql<number>`(case ${expr} ${sql.join(whens, sql` `)} else -1 end)`;
}

// ---- funnel ----------------------------------------------------------------------------------

async function funnel(c: Ctx): Promise<Report> {
  const r = base(c, 'funnel', 'Pipeline funnel');
  // Deals opened in the period, with the furthest stage each reached (history or current stage;
  // a won deal went all the way) and the account's orders before the deal (the relationship).
  const deals = sql`(
    select x.account_id, x.status, x.stage,
      case when x.status = 'won' then ${sql.lit(DEAL_STAGES.length - 1)} when x.hr > x.sr then x.hr else x.sr end as furthest,
      case when x.prior = 0 then 'prospect' when x.prior = 1 then 'first-time' else 'repeat' end as rel
    from (
      select d.account_id, d.status, d.stage, ${stageRank(sql.ref('d.stage'))} as sr,
        coalesce((select max(${stageRank(sql.ref('h.to_stage'))}) from deal_stage_history h where h.deal_id = d.id), -1) as hr,
        (select count(*) from orders o where o.account_id = d.account_id and o.ordered_on < substr(d.created_at, 1, 10)) as prior
      from deals d where d.created_at >= ${c.from} and d.created_at < ${c.toEnd}
    ) x
  )`;
  const grouped = await rows(
    c,
    sql<{ furthest: number; status: string; stage: string; rel: Relationship; n: number }>`
      select furthest, status, stage, rel, count(*) as n from ${deals} as y group by furthest, status, stage, rel`,
  );
  const reachCols = DEAL_STAGES.map((_, i) => sql`count(distinct case when furthest >= ${sql.lit(i)} then account_id end) as ${sql.ref(`a${i}`)}`);
  const [acc] = await rows(c, sql<Record<string, number>>`select ${sql.join(reachCols)} from ${deals} as y`);
  // Days spent in each stage: from entering it to entering the next (or closing).
  const stays = await rows(
    c,
    sql<{ stage: string; days: number; n: number }>`
      select stage, days, count(*) as n from (
        select h.to_stage as stage,
          cast(round(${daysBetweenSql(sql.ref('h.at'), sql`coalesce(lead(h.at) over (partition by h.deal_id order by h.at, h.id), d.closed_at)`)}) as integer) as days
        from deal_stage_history h join deals d on d.id = h.deal_id
        where d.created_at >= ${c.from} and d.created_at < ${c.toEnd}
      ) s where days is not null group by stage, days`,
  );
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
  // Accounts after the sale (stages 7 and 8) live on interactions, not deals.
  const after = await rows(
    c,
    sql<{ stage: string; n: number }>`select stage, count(distinct account_id) as n from interactions
      where stage in ('onboard', 'care') and occurred_at >= ${c.from} and occurred_at < ${c.toEnd} group by stage`,
  );
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

// ---- sources ---------------------------------------------------------------------------------

async function sources(c: Ctx): Promise<Report> {
  const r = base(c, 'sources', 'Lead sources and campaigns');
  const since = c.explicitFrom ? sql`and a.created_at >= ${c.from}` : sql``;
  const qualifyStages = DEAL_STAGES.slice(DEAL_STAGES.indexOf('qualify'));
  const list = await rows(
    c,
    sql<{ source: string; campaign: string; leads: number; contacted: number; qualified: number; won: number; revenue: number }>`
      select source, campaign, count(*) as leads,
        sum(case when w = 1 or q = 1 or k = 1 then 1 else 0 end) as contacted,
        sum(case when w = 1 or q = 1 then 1 else 0 end) as qualified,
        sum(w) as won, sum(revenue) as revenue
      from (
        select coalesce(a.source, '') as source, coalesce(a.campaign, '') as campaign, coalesce(o.revenue, 0) as revenue,
          case when o.n > 0 or exists (select 1 from deals d where d.account_id = a.id and d.status = 'won') then 1 else 0 end as w,
          case when exists (select 1 from deals d where d.account_id = a.id and (d.stage in (${sql.join(qualifyStages)})
            or exists (select 1 from deal_stage_history h where h.deal_id = d.id and h.to_stage in (${sql.join(qualifyStages)})))) then 1 else 0 end as q,
          case when exists (select 1 from interactions i where i.account_id = a.id and i.occurred_at < ${c.toEnd}
            and (i.stage is null or i.stage <> 'prospect')) then 1 else 0 end as k
        from accounts a
        left join (select account_id, count(*) as n, sum(amount) as revenue from orders where ordered_on <= ${c.to} group by account_id) o on o.account_id = a.id
        where a.created_at < ${c.toEnd} ${since}
      ) x group by source, campaign order by source, campaign`,
  );
  const costs = await c.ctx.db.selectFrom('campaigns').select(['name', 'cost']).where('cost', 'is not', null).execute();
  const costOf = new Map(costs.map((k) => [k.name, Number(k.cost)]));
  type Row = { source: string; campaign: string; leads: number; contacted: number; qualified: number; won: number; revenue: number; cost: number | null };
  const bySource = new Map<string, Row>();
  const campaigns: Row[] = [];
  for (const x of list) {
    const row: Row = {
      source: x.source || '(none)',
      campaign: x.campaign,
      leads: num(x.leads),
      contacted: num(x.contacted),
      qualified: num(x.qualified),
      won: num(x.won),
      revenue: num(x.revenue),
      cost: x.campaign && costOf.has(x.campaign) ? costOf.get(x.campaign)! : null,
    };
    const s = bySource.get(row.source) ?? { ...row, campaign: '', leads: 0, contacted: 0, qualified: 0, won: 0, revenue: 0, cost: null };
    s.leads += row.leads;
    s.contacted += row.contacted;
    s.qualified += row.qualified;
    s.won += row.won;
    s.revenue += row.revenue;
    if (row.cost !== null) s.cost = (s.cost ?? 0) + row.cost;
    bySource.set(row.source, s);
    if (row.campaign) campaigns.push(row);
  }
  const withRates = (x: Row) => ({
    ...x,
    contactedRate: ratio(x.contacted, x.leads),
    qualifiedRate: ratio(x.qualified, x.leads),
    wonRate: ratio(x.won, x.leads),
    costPerWon: x.cost !== null && x.won ? x.cost / x.won : null,
  });
  const funnelCols = [
    col('leads', 'leads', 'int'),
    col('contacted', 'contacted', 'int'),
    col('contactedRate', '% contacted', 'pct'),
    col('qualified', 'qualified', 'int'),
    col('won', 'won', 'int'),
    col('wonRate', '% won', 'pct'),
    col('revenue', 'revenue', 'money'),
    col('cost', 'cost', 'money'),
    col('costPerWon', 'cost per won', 'money'),
  ];
  const srcRows = [...bySource.values()].sort((a, b) => b.leads - a.leads || a.source.localeCompare(b.source)).map(withRates);
  const total = srcRows.reduce((t, x) => ({ leads: t.leads + x.leads, contacted: t.contacted + x.contacted, won: t.won + x.won, revenue: t.revenue + x.revenue }), { leads: 0, contacted: 0, won: 0, revenue: 0 });
  r.summary.push(
    { label: 'leads', value: total.leads, kind: 'int' },
    { label: 'contacted', value: total.contacted, kind: 'int' },
    { label: 'contacted share', value: ratio(total.contacted, total.leads), kind: 'pct' },
    { label: 'won', value: total.won, kind: 'int' },
    { label: 'revenue', value: total.revenue, kind: 'money' },
  );
  r.tables.push({ title: 'By lead source', columns: [col('source', 'source'), ...funnelCols], rows: srcRows });
  r.tables.push({
    title: 'By campaign',
    columns: [col('campaign', 'campaign'), col('source', 'source'), ...funnelCols],
    rows: campaigns.sort((a, b) => b.leads - a.leads || a.campaign.localeCompare(b.campaign)).map(withRates),
  });
  r.charts.push({ kind: 'bars', title: 'Leads contacted, by source', unit: 'int', axis: 'leads contacted (marker: all leads)', items: srcRows.map((x) => ({ label: x.source, value: x.contacted, target: x.leads })) });
  r.notes.push(
    c.explicitFrom ? `Leads created from ${c.from} to ${c.to}.` : `All leads created up to ${c.to} (give --from to count only newer ones).`,
    'Contacted: any interaction other than pre-contact research; qualified: a deal that reached needs analysis; won: an order or a won deal (each includes the next). Revenue: all orders up to the end date.',
    'Cost per won customer: the campaign cost (campaigns.cost) divided by its customers won; a source adds up the costs of its campaigns.',
  );
  return r;
}

// ---- pareto ----------------------------------------------------------------------------------

async function paretoReport(c: Ctx): Promise<Report> {
  const r = base(c, 'pareto', 'Revenue concentration (Pareto)');
  const revs = await rows(
    c,
    sql<{ id: number; revenue: number }>`select account_id as id, sum(amount) as revenue from orders
      where ordered_on >= ${c.from} and ordered_on <= ${c.to} group by account_id`,
  );
  const p = pareto(revs.map((x) => num(x.revenue)));
  const top = revs.filter((x) => num(x.revenue) > 0).sort((a, b) => num(b.revenue) - num(a.revenue) || a.id - b.id).slice(0, 10);
  const names = top.length ? await c.ctx.db.selectFrom('accounts').select(['id', 'name', 'tier']).where('id', 'in', top.map((t) => t.id)).execute() : [];
  let run = 0;
  r.summary.push(
    { label: 'accounts with revenue', value: p.accounts, kind: 'int' },
    { label: 'revenue', value: p.revenue, kind: 'money' },
    { label: 'accounts making 80% of revenue', value: p.eightyCount, kind: 'int' },
    { label: 'share of accounts making 80%', value: p.eightyShare, kind: 'pct' },
    { label: 'revenue share of the top 20%', value: p.top20RevenueShare, kind: 'pct' },
    { label: 'A accounts', value: p.abc.A, kind: 'int' },
    { label: 'B accounts', value: p.abc.B, kind: 'int' },
    { label: 'C accounts', value: p.abc.C, kind: 'int' },
  );
  r.tables.push({
    title: 'Cumulative revenue share',
    columns: [col('accountShare', 'top accounts', 'pct'), col('accounts', 'accounts', 'int'), col('revenueShare', 'revenue share', 'pct')],
    rows: p.deciles.map((d) => ({ ...d })),
  });
  r.tables.push({
    title: 'Top accounts',
    columns: [col('rank', '#', 'int'), col('id', 'id'), col('name', 'account'), col('tier', 'tier'), col('revenue', 'revenue', 'money'), col('cumulative', 'cumulative share', 'pct')],
    rows: top.map((t, i) => {
      run += num(t.revenue);
      const a = names.find((n) => n.id === t.id);
      return { rank: i + 1, id: t.id, name: a?.name ?? '', tier: a?.tier ?? null, revenue: num(t.revenue), cumulative: p.revenue ? run / p.revenue : null };
    }),
  });
  if (p.accounts)
    r.charts.push({
      kind: 'curve',
      title: 'Pareto curve: share of revenue against share of accounts',
      x: 'share of accounts, largest first',
      y: 'share of revenue',
      points: p.curve,
      mark: p.eightyShare === null ? undefined : { x: p.eightyShare, y: 0.8, label: `${Math.round(p.eightyShare * 1000) / 10}% of accounts → 80% of revenue` },
    });
  r.notes.push(`Orders from ${c.from} to ${c.to}, per account. A: the accounts that make up 80% of revenue; B: the next 15%; C: the rest.`);
  return r;
}

// ---- tiers -----------------------------------------------------------------------------------

async function tiers(c: Ctx): Promise<Report> {
  const r = base(c, 'tiers', 'Tiers: distribution and movements');
  const dist = await rows(
    c,
    sql<{ tier: string | null; n: number; revenue: number }>`
      select a.tier as tier, count(*) as n, sum(coalesce(o.revenue, 0)) as revenue from accounts a
      left join (select account_id, sum(amount) as revenue from orders where ordered_on >= ${c.from} and ordered_on <= ${c.to} group by account_id) o
        on o.account_id = a.id
      where a.archived_at is null group by a.tier`,
  );
  const accounts = dist.reduce((t, d) => t + num(d.n), 0);
  const revenue = dist.reduce((t, d) => t + num(d.revenue), 0);
  const distRows = dist
    .map((d) => ({ tier: d.tier ?? '(none)', accounts: num(d.n), accountShare: ratio(num(d.n), accounts), revenue: num(d.revenue), revenueShare: ratio(num(d.revenue), revenue) }))
    .sort((a, b) => (a.tier === '(none)' ? 1 : b.tier === '(none)' ? -1 : compareTiers(a.tier, b.tier)));
  const snap = (cmp: RawBuilder<unknown>) =>
    sql`(select s.tier from score_snapshots s where s.account_id = a.id and ${cmp} order by s.computed_on desc, s.id desc limit 1)`;
  const moves = await rows(
    c,
    sql<{ ft: string | null; tt: string | null; n: number }>`
      select ft, tt, count(*) as n from (
        select ${snap(sql`s.computed_on < ${c.from}`)} as ft, ${snap(sql`s.computed_on <= ${c.to}`)} as tt from accounts a
      ) x where ft is not null or tt is not null group by ft, tt`,
  );
  const counts = { up: 0, down: 0, same: 0, new: 0, dropped: 0 };
  const moveRows = moves
    .map((m) => {
      const mv = movement(m.ft, m.tt);
      counts[mv] += num(m.n);
      return { from: m.ft ?? '(none)', to: m.tt ?? '(none)', movement: mv, accounts: num(m.n) };
    })
    .filter((m) => m.movement !== 'same')
    .sort((a, b) => b.accounts - a.accounts || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const ladder = await rows(
    c,
    sql<{ rung: string | null; n: number }>`select ladder as rung, count(*) as n from accounts where archived_at is null group by ladder order by n desc`,
  );
  const entered = await rows(
    c,
    sql<{ rung: string; n: number }>`select rung, count(distinct account_id) as n from ladder_history
      where since >= ${c.from} and since <= ${c.to} group by rung order by n desc, rung`,
  );
  r.summary.push(
    { label: 'accounts', value: accounts, kind: 'int' },
    { label: 'moved up', value: counts.up, kind: 'int' },
    { label: 'moved down', value: counts.down, kind: 'int' },
    { label: 'newly tiered', value: counts.new, kind: 'int' },
    { label: 'unchanged', value: counts.same, kind: 'int' },
  );
  r.tables.push({
    title: 'Distribution (current tiers)',
    columns: [col('tier', 'tier'), col('accounts', 'accounts', 'int'), col('accountShare', '% accounts', 'pct'), col('revenue', 'revenue', 'money'), col('revenueShare', '% revenue', 'pct')],
    rows: distRows,
  });
  r.tables.push({ title: 'Movements over the period', columns: [col('from', 'from'), col('to', 'to'), col('movement', 'movement'), col('accounts', 'accounts', 'int')], rows: moveRows });
  r.tables.push({
    title: 'Relationship ladder',
    columns: [col('rung', 'rung'), col('accounts', 'accounts now', 'int'), col('entered', 'entered in period', 'int')],
    rows: ladder.map((l) => ({ rung: l.rung ?? '(none)', accounts: num(l.n), entered: num(entered.find((e) => e.rung === l.rung)?.n) })),
  });
  r.charts.push({ kind: 'bars', title: 'Accounts per tier', unit: 'int', axis: 'accounts', items: distRows.map((d) => ({ label: d.tier, value: d.accounts })) });
  r.notes.push(`Movements compare each account's last score snapshot before ${c.from} with its last one up to ${c.to}. Revenue: orders in the period.`);
  return r;
}

// ---- retention -------------------------------------------------------------------------------

async function retention(c: Ctx): Promise<Report> {
  const r = base(c, 'retention', 'Retention, churn, repeat purchase and referrals');
  const buckets = bucketRange(c.from, c.to, c.by);
  const first = buckets[0]!;
  const prevStart = bucketStart(first - 1, c.by);
  const b = (e: RawBuilder<unknown>) => bucketSql(e, c.by);
  const per = await rows(
    c,
    sql<{ b: number; customers: number; retained: number; fresh: number; repeat: number }>`
      with ab as materialized (
        select account_id, ${b(sql.ref('ordered_on'))} as b, count(*) as n from orders
        where ordered_on >= ${prevStart} and ordered_on <= ${c.to} group by account_id, ${b(sql.ref('ordered_on'))}
      ), f as materialized (
        select account_id, min(ordered_on) as first_on from orders where ordered_on <= ${c.to} group by account_id
      )
      select ab.b as b, count(*) as customers,
        sum(case when p.account_id is not null then 1 else 0 end) as retained,
        sum(case when ${b(sql.ref('f.first_on'))} = ab.b then 1 else 0 end) as fresh,
        sum(case when ${b(sql.ref('f.first_on'))} < ab.b or ab.n >= 2 then 1 else 0 end) as repeat
      from ab join f on f.account_id = ab.account_id
      left join ab p on p.account_id = ab.account_id and p.b = ab.b - 1
      group by ab.b`,
  );
  const firsts = await rows(
    c,
    sql<{ b: number; n: number }>`select b, count(*) as n from (
      select ${b(sql`min(ordered_on)`)} as b from orders where ordered_on <= ${c.to} group by account_id) x group by b`,
  );
  const refs = await rows(
    c,
    sql<{ b: number; referred: number; referrers: number }>`select ${b(sql.ref('created_at'))} as b, count(*) as referred,
      count(distinct referred_by_id) as referrers from accounts
      where referred_by_id is not null and created_at >= ${c.from} and created_at < ${c.toEnd} group by ${b(sql.ref('created_at'))}`,
  );
  const at = (i: number) => per.find((p) => num(p.b) === i);
  const toDate = buckets.map((i) => firsts.filter((f) => num(f.b) <= i).reduce((t, f) => t + num(f.n), 0));
  const out = buckets.map((i, k) => {
    const x = at(i);
    const ref = refs.find((f) => num(f.b) === i);
    return retentionRow({
      label: bucketLabel(i, c.by),
      customers: num(x?.customers),
      previous: num(at(i - 1)?.customers),
      retained: num(x?.retained),
      newCustomers: num(x?.fresh),
      repeat: num(x?.repeat),
      customersToDate: toDate[k]!,
      referrers: num(ref?.referrers),
      referred: num(ref?.referred),
    });
  });
  const rated = out.filter((o) => o.retentionRate !== null);
  const avg = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((t, x) => t + x, 0) / v.length : null;
  };
  r.summary.push(
    { label: `average retention per ${c.by}`, value: avg(rated.map((o) => o.retentionRate)), kind: 'pct' },
    { label: `average churn per ${c.by}`, value: avg(rated.map((o) => o.churnRate)), kind: 'pct' },
    { label: 'average repeat-purchase rate', value: avg(out.map((o) => o.repeatRate)), kind: 'pct' },
    { label: 'accounts referred in the period', value: out.reduce((t, o) => t + o.referred, 0), kind: 'int' },
  );
  r.tables.push({
    title: `Per ${c.by}`,
    columns: [
      col('period', c.by),
      col('customers', 'customers', 'int'),
      col('newCustomers', 'new', 'int'),
      col('retained', 'retained', 'int'),
      col('churned', 'churned', 'int'),
      col('retentionRate', 'retention', 'pct'),
      col('churnRate', 'churn', 'pct'),
      col('repeatRate', 'repeat purchase', 'pct'),
      col('referred', 'referred', 'int'),
      col('referralRate', 'referral rate', 'pct'),
    ],
    rows: out,
  });
  r.charts.push({
    kind: 'spark',
    title: `Rates per ${c.by}`,
    labels: out.map((o) => o.period),
    series: [
      // n: the customers each rate is a share of.
      { label: 'retention', unit: 'pct', values: out.map((o) => o.retentionRate), n: { of: `customers the ${c.by} before`, counts: out.map((o) => o.retained + o.churned) } },
      { label: 'churn', unit: 'pct', values: out.map((o) => o.churnRate), n: { of: `customers the ${c.by} before`, counts: out.map((o) => o.retained + o.churned) } },
      { label: 'repeat purchase', unit: 'pct', values: out.map((o) => o.repeatRate), n: { of: 'customers', counts: out.map((o) => o.customers) } },
      { label: 'referral', unit: 'pct', values: out.map((o) => o.referralRate), n: { of: 'customers to date', counts: toDate } },
    ],
  });
  r.notes.push(
    `A customer of a ${c.by} placed an order in it. Retention: share of the previous ${c.by}'s customers who bought again; churn = 1 − retention.`,
    `Repeat purchase: share of the ${c.by}'s customers with at least two orders to date. Referral rate: accounts that referred a new account in the ${c.by}, over all customers to date.`,
  );
  return r;
}

// ---- customer lifetime value -----------------------------------------------------------------

async function clvReport(c: Ctx): Promise<Report> {
  const r = base(c, 'clv', 'Customer lifetime value');
  const y1 = addDays(c.to, -364);
  const y2 = addDays(c.to, -729);
  const days = daysBetweenSql(sql.ref('f.first_on'), sql`${c.to}`);
  const groups = await rows(
    c,
    sql<{ tier: string; source: string; customers: number; orders: number; revenue: number; profit: number; profit_revenue: number; years: number; base: number; retained: number }>`
      with f as (
        select account_id, count(*) as n, sum(amount) as revenue,
          sum(case when profit is not null then profit else 0 end) as profit,
          sum(case when profit is not null then amount else 0 end) as profit_revenue,
          min(ordered_on) as first_on,
          max(case when ordered_on >= ${y2} and ordered_on < ${y1} then 1 else 0 end) as base,
          max(case when ordered_on >= ${y1} then 1 else 0 end) as recent
        from orders where ordered_on <= ${c.to} group by account_id
      )
      select coalesce(a.tier, '') as tier, coalesce(a.source, '') as source, count(*) as customers, sum(f.n) as orders,
        sum(f.revenue) as revenue, sum(f.profit) as profit, sum(f.profit_revenue) as profit_revenue,
        sum(case when ${days} < 365.25 then 1.0 else ${days} / 365.25 end) as years,
        sum(f.base) as base, sum(f.base * f.recent) as retained
      from f join accounts a on a.id = f.account_id group by coalesce(a.tier, ''), coalesce(a.source, '')`,
  );
  const input = (g: (typeof groups)[number]): ClvInput => ({
    customers: num(g.customers),
    orders: num(g.orders),
    revenue: num(g.revenue),
    profit: num(g.profit),
    profitRevenue: num(g.profit_revenue),
    customerYears: num(g.years),
    base: num(g.base),
    retained: num(g.retained),
  });
  const all = sumClv(groups.map(input));
  const opts = { maxYears: c.cfg.clvMaxYears, fallbackRetention: all.base ? all.retained / all.base : null };
  const overall = clv(all, { ...opts, fallbackRetention: null });
  const roll = (key: 'tier' | 'source') => {
    const m = new Map<string, ClvInput[]>();
    for (const g of groups) {
      const k = g[key] || '(none)';
      m.set(k, [...(m.get(k) ?? []), input(g)]);
    }
    return [...m].map(([k, xs]) => ({ group: k, ...clv(sumClv(xs), opts) }));
  };
  const cols = [
    col('customers', 'customers', 'int'),
    col('avgOrder', 'avg order', 'money'),
    col('ordersPerYear', 'orders / year', 'num'),
    col('annualValue', 'revenue / year', 'money'),
    col('margin', 'margin', 'pct'),
    col('retention', 'retention / year', 'pct'),
    col('expectedYears', 'expected years', 'num'),
    col('clv', 'CLV', 'money'),
  ];
  const byTier = roll('tier').sort((a, b) => (a.group === '(none)' ? 1 : b.group === '(none)' ? -1 : compareTiers(a.group, b.group)));
  const bySource = roll('source').sort((a, b) => (b.clv ?? 0) - (a.clv ?? 0));
  r.summary.push(
    { label: 'customers', value: overall.customers, kind: 'int' },
    { label: 'revenue per customer per year', value: overall.annualValue, kind: 'money' },
    { label: 'annual retention', value: overall.retention, kind: 'pct' },
    { label: 'expected lifetime (years)', value: overall.expectedYears, kind: 'num' },
    { label: 'average CLV', value: overall.clv, kind: 'money' },
  );
  r.tables.push({ title: 'By tier', columns: [col('tier', 'tier'), ...cols], rows: byTier.map(({ group, ...x }) => ({ tier: group, ...x })) });
  r.tables.push({ title: 'By lead source', columns: [col('source', 'source'), ...cols], rows: bySource.map(({ group, ...x }) => ({ source: group, ...x })) });
  r.charts.push({ kind: 'bars', title: 'CLV by tier', unit: 'money', axis: 'CLV per customer', items: byTier.map((t) => ({ label: t.group, value: t.clv ?? 0 })) });
  r.notes.push(
    `CLV = revenue per customer per year × margin × expected lifetime. Revenue per year: the group's revenue over its customer-years (each customer counts the years from the first order to ${c.to}, at least one).`,
    `Margin: profit / revenue of the orders that recorded a profit (100% when none did). Expected lifetime = 1 / (1 − annual retention), at most ${c.cfg.clvMaxYears} years; annual retention: of the customers who bought from ${y2} to ${addDays(y1, -1)}, the share who bought again from ${y1} to ${c.to} (the whole book's rate when a group has none).`,
  );
  return r;
}

// ---- satisfaction ----------------------------------------------------------------------------

const DIMENSIONS = [
  ['product_quality', 'productQuality', 'product quality'],
  ['service_quality', 'serviceQuality', 'service quality'],
  ['price', 'price', 'price'],
  ['communication', 'communication', 'communication'],
  ['overall', 'overall', 'overall experience'],
] as const;

async function satisfaction(c: Ctx): Promise<Report> {
  const r = base(c, 'satisfaction', 'Satisfaction by dimension');
  const avgs = DIMENSIONS.map(([column, key]) => sql`avg(${sql.ref(column)}) as ${sql.ref(key)}`);
  const per = await rows(
    c,
    sql<Record<string, number | null>>`select ${bucketSql(sql.ref('taken_on'), c.by)} as b, count(*) as surveys, ${sql.join(avgs)}
      from surveys where taken_on >= ${c.from} and taken_on <= ${c.to} group by ${bucketSql(sql.ref('taken_on'), c.by)}`,
  );
  const [tot] = await rows(
    c,
    sql<Record<string, number | null>>`select count(*) as surveys, ${sql.join(avgs)} from surveys where taken_on >= ${c.from} and taken_on <= ${c.to}`,
  );
  const buckets = bucketRange(c.from, c.to, c.by);
  const out = buckets.map((i) => {
    const x = per.find((p) => num(p.b) === i);
    const row: Record<string, unknown> = { period: bucketLabel(i, c.by), surveys: num(x?.surveys) };
    for (const [, key] of DIMENSIONS) row[key] = x?.[key] ?? null;
    return row;
  });
  r.summary.push({ label: 'surveys', value: num(tot?.surveys), kind: 'int' });
  for (const [, key, label] of DIMENSIONS) r.summary.push({ label, value: tot?.[key] ?? null, kind: 'num' });
  r.tables.push({ title: `Average score per ${c.by}`, columns: [col('period', c.by), col('surveys', 'surveys', 'int'), ...DIMENSIONS.map(([, key, label]) => col(key, label, 'num'))], rows: out });
  r.charts.push({
    kind: 'spark',
    title: `The five dimensions per ${c.by}`,
    labels: out.map((o) => String(o.period)),
    // The survey scale is 1-5: its baseline is 1, not 0.
    series: DIMENSIONS.map(([, key, label]) => ({
      label,
      unit: 'num' as const,
      values: out.map((o) => (o[key] === null ? null : Number(o[key]))),
      scale: { min: 1, max: 5 },
      n: { of: 'surveys', counts: out.map((o) => Number(o.surveys)) },
    })),
  });
  r.notes.push(`Surveys taken from ${c.from} to ${c.to} (crm survey, each dimension scored 1-5); averages leave out dimensions not answered.`);
  return r;
}

// ---- activity --------------------------------------------------------------------------------

async function activity(c: Ctx): Promise<Report> {
  const r = base(c, 'activity', 'Activity against the 60/30/10 time target');
  const group = sql`case when a.tier = 'A' or a.strategic = 1 then 'vip'
    when exists (select 1 from orders o where o.account_id = a.id and o.ordered_on <= ${c.to}) then 'ordinary' else 'prospect' end`;
  // Grouping 600k interactions by account group in SQL sorts them all (~2.5 s at 100k accounts);
  // the group of every account is one cheap read, and the interactions are summed here in one pass.
  // Each account gets the number of its (group, tier) slot; cells are indexed by slot and kind
  // number, so the loop over the interactions allocates nothing per row.
  const slots: { grp: TimeGroup; tier: string | null }[] = [];
  const slotKey = new Map<string, number>();
  const slotOf = new Map<number, number>();
  for (const [id, grp, tier] of selectRows(c.ctx.handle, sql`select a.id, ${group} as grp, a.tier from accounts a`.compile(c.ctx.db))) {
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
  const ints = sql`select account_id, kind, minutes from interactions where occurred_at >= ${c.from} and occurred_at < ${c.toEnd}`;
  forEachRow(c.ctx.handle, ints.compile(c.ctx.db), ([accountId, kind, minutes]) => {
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
  const sizes = await rows(c, sql<{ grp: TimeGroup; n: number }>`select grp, count(*) as n from (select ${group} as grp from accounts a where a.archived_at is null) x group by grp`);
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
  r.charts.push({ kind: 'bars', title: 'Share of time against target', unit: 'pct', axis: 'share of time (marker: target)', items: shares.map((s) => ({ label: label[s.group], value: s.share ?? 0, target: s.target })) });
  r.notes.push(
    `Interactions from ${c.from} to ${c.to}. VIP: tier A or strategic accounts; ordinary: other accounts that have bought; prospects: the rest.`,
    'Time: minutes logged where any interaction has them (one without minutes counts as the average of its kind); otherwise the number of interactions.',
  );
  return r;
}

// ---- the rep's assessment --------------------------------------------------------------------

async function assessment(c: Ctx): Promise<Report> {
  const r = base(c, 'assessment', "The rep's assessment");
  const owner = c.opts.owner;
  if (owner && !(await c.ctx.db.selectFrom('reps').select('id').where('name', '=', owner).executeTakeFirst()))
    throw new NotFoundError(`no rep named "${owner}"`, 'reps are the owners of accounts: crm account list --owner NAME');
  const ownerJoin = owner ? sql`join accounts a on a.id = x.account_id join reps r on r.id = a.owner_id and r.name = ${owner}` : sql``;
  const month = (e: RawBuilder<unknown>) => bucketSql(e, 'month');
  const months = bucketRange(c.from, c.to, 'month');
  const first = months[0]!;
  const trailStart = bucketStart(first - 12, 'month');
  const revenue = await rows(
    c,
    sql<{ m: number; revenue: number; orders: number }>`select ${month(sql.ref('x.ordered_on'))} as m, sum(x.amount) as revenue, count(*) as orders from orders x ${ownerJoin}
      where x.ordered_on >= ${trailStart} and x.ordered_on <= ${c.to} group by ${month(sql.ref('x.ordered_on'))}`,
  );
  const [firstOrder] = await rows(c, sql<{ d: string | null }>`select min(x.ordered_on) as d from orders x ${ownerJoin}`);
  const inter = await rows(
    c,
    sql<{ m: number; n: number }>`select ${month(sql.ref('x.occurred_at'))} as m, count(*) as n from interactions x ${ownerJoin}
      where x.occurred_at >= ${c.from} and x.occurred_at < ${c.toEnd} group by ${month(sql.ref('x.occurred_at'))}`,
  );
  const today = c.ctx.clock.today();
  const prom = await rows(
    c,
    sql<{ m: number; kept: number; broken: number }>`select ${month(sql.ref('x.due_on'))} as m,
      sum(case when x.status = 'kept' then 1 else 0 end) as kept,
      sum(case when x.status = 'broken' or (x.status = 'open' and x.due_on < ${today}) then 1 else 0 end) as broken
      from promises x ${ownerJoin} where x.due_on >= ${c.from} and x.due_on <= ${c.to} group by ${month(sql.ref('x.due_on'))}`,
  );
  const comp = await rows(
    c,
    sql<{ m: number; opened: number; resolved: number }>`select ${month(sql.ref('x.opened_on'))} as m, count(*) as opened,
      sum(case when x.resolved_on is not null and x.resolved_on <= ${c.to} then 1 else 0 end) as resolved
      from complaints x ${ownerJoin} where x.opened_on >= ${c.from} and x.opened_on <= ${c.to} group by ${month(sql.ref('x.opened_on'))}`,
  );
  const base0 = first - 12;
  const monthly = months.map(() => 0);
  const series: number[] = [];
  for (let i = base0; i <= months[months.length - 1]!; i++) series.push(num(revenue.find((x) => num(x.m) === i)?.revenue));
  const firstIdx = firstOrder?.d ? bucketIndex(firstOrder.d, 'month') - base0 : null;
  const target = c.opts.target ?? c.cfg.monthlyTarget;
  const out = months.map((m, k) => {
    monthly[k] = series[m - base0]!;
    const p = prom.find((x) => num(x.m) === m);
    const cp = comp.find((x) => num(x.m) === m);
    return assess({
      month: bucketLabel(m, 'month'),
      revenue: series[m - base0]!,
      target: target ?? trailingTarget(series, m - base0, firstIdx === null ? null : Math.max(0, firstIdx)),
      interactions: num(inter.find((x) => num(x.m) === m)?.n),
      activityTarget: c.cfg.activityTarget,
      promisesKept: num(p?.kept),
      promisesBroken: num(p?.broken),
      complaintsOpened: num(cp?.opened),
      complaintsResolved: num(cp?.resolved),
    });
  });
  const avg = out.length ? Math.round(out.reduce((t, o) => t + o.score, 0) / out.length) : null;
  r.summary.push(
    { label: 'months', value: out.length, kind: 'int' },
    { label: 'revenue', value: out.reduce((t, o) => t + o.revenue, 0), kind: 'money' },
    { label: 'average score', value: avg, kind: 'int' },
    ...(['excellent', 'good', 'fair', 'poor'] as const).map((g) => ({ label: `${g} months`, value: out.filter((o) => o.grade === g).length, kind: 'int' as const })),
  );
  if (owner) r.summary.unshift({ label: 'rep', value: owner, kind: 'text' });
  r.tables.push({
    title: 'Per month',
    columns: [
      col('month', 'month'),
      col('revenue', 'revenue', 'money'),
      col('target', 'target', 'money'),
      col('salesScore', 'sales (70%)', 'int'),
      col('activityScore', 'activity (10%)', 'int'),
      col('promiseScore', 'promises kept (10%)', 'int'),
      col('complaintScore', 'complaints resolved (10%)', 'int'),
      col('score', 'score', 'int'),
      col('grade', 'grade'),
    ],
    rows: out,
  });
  r.charts.push({
    kind: 'spark',
    title: 'Score per month',
    labels: out.map((o) => o.month),
    series: [
      { label: 'score', unit: 'int', values: out.map((o) => o.score), scale: { min: 0, max: 100 } },
      { label: 'revenue', unit: 'money', values: monthly, n: { of: 'orders', counts: months.map((m) => num(revenue.find((x) => num(x.m) === m)?.orders)) } },
    ],
  });
  r.notes.push(
    'Score = 70% sales results + 10% activity + 10% promises kept + 10% complaints resolved, each scored 0-100; grades: excellent ≥ 90, good 75-89, fair 60-74, poor ≤ 59.',
    `Sales: revenue / monthly target (capped at 100) — target ${target !== null && target !== undefined ? String(target) : 'the average monthly revenue of the 12 months before (reports.monthlyTarget or --target sets one)'}. Activity: interactions / ${c.cfg.activityTarget}. Promises: kept / (kept + broken or overdue) of those due in the month. Complaints: resolved / opened in the month.`,
  );
  return r;
}
