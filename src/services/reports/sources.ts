// Lead sources and campaigns: leads, contacted, qualified, won, revenue, and what they cost: cost
// per lead, per qualified lead and per won customer, and the return on the campaign's cost.
import * as q from '../../db/queries/reports.js';
import { toBase } from '../../domain/money.js';
import { DEAL_STAGES } from '../../domain/reports/funnel.js';
import { col, ratio, type Report } from '../../domain/reports/model.js';
import { sqlRates } from '../money.js';
import { base, num, type Ctx } from './common.js';

type Row = { source: string; campaign: string; leads: number; contacted: number; qualified: number; won: number; revenue: number; cost: number | null };

/** Cost per lead, qualified lead and won customer, and ROI = (revenue − cost) / cost. */
export function withCosts(x: Row) {
  const per = (n: number) => (x.cost !== null && n ? x.cost / n : null);
  return {
    ...x,
    contactedRate: ratio(x.contacted, x.leads),
    qualifiedRate: ratio(x.qualified, x.leads),
    wonRate: ratio(x.won, x.leads),
    costPerLead: per(x.leads),
    costPerQualified: per(x.qualified),
    costPerWon: per(x.won),
    roi: x.cost ? (x.revenue - x.cost) / x.cost : null,
  };
}

export async function sources(c: Ctx): Promise<Report> {
  const r = base(c, 'sources', 'Lead sources and campaigns');
  const money = await c.money(['orders', 'campaigns']);
  r.currency = money.base;
  const qualifyStages = DEAL_STAGES.slice(DEAL_STAGES.indexOf('qualify'));
  const list = await q.sourceFunnel(c.ctx.db, c, qualifyStages, c.explicitFrom, sqlRates(money));
  // A campaign's cost converts at the rate of its start (today's when it has no start date).
  const today = c.ctx.clock.today();
  const costs = await q.campaignCosts(c.ctx.db);
  const costOf = new Map(costs.map((k) => [k.name, toBase(money, k.cost, k.currency, k.startedOn ?? today)]));
  const sourceOf = new Map(costs.map((k) => [k.name, k.source]));
  const bySource = new Map<string, Row>();
  const campaigns: Row[] = [];
  const zero = (source: string, campaign: string): Row => ({ source, campaign, leads: 0, contacted: 0, qualified: 0, won: 0, revenue: 0, cost: null });
  const add = (row: Row) => {
    const s = bySource.get(row.source) ?? zero(row.source, '');
    s.leads += row.leads;
    s.contacted += row.contacted;
    s.qualified += row.qualified;
    s.won += row.won;
    s.revenue += row.revenue;
    if (row.cost !== null) s.cost = (s.cost ?? 0) + row.cost;
    bySource.set(row.source, s);
    if (row.campaign) campaigns.push(row);
  };
  const seen = new Set<string>();
  for (const x of list) {
    // A campaign's cost counts once, with its first source (its leads may come from several).
    const first = x.campaign && !seen.has(x.campaign);
    if (x.campaign) seen.add(x.campaign);
    add({
      source: x.source || '(none)',
      campaign: x.campaign,
      leads: num(x.leads),
      contacted: num(x.contacted),
      qualified: num(x.qualified),
      won: num(x.won),
      revenue: num(x.revenue),
      cost: first && costOf.has(x.campaign) ? costOf.get(x.campaign)! : null,
    });
  }
  // Money spent on a campaign that brought no lead is still spent.
  for (const [name, cost] of costOf) if (!seen.has(name)) add({ ...zero(sourceOf.get(name) || '(none)', name), cost });
  const funnelCols = [
    col('leads', 'leads', 'int'),
    col('contacted', 'contacted', 'int'),
    col('contactedRate', '% contacted', 'pct'),
    col('qualified', 'qualified', 'int'),
    col('won', 'won', 'int'),
    col('wonRate', '% won', 'pct'),
    col('revenue', 'revenue', 'money'),
    col('cost', 'cost', 'money'),
    col('costPerLead', 'cost per lead', 'money'),
    col('costPerQualified', 'cost per qualified', 'money'),
    col('costPerWon', 'cost per won', 'money'),
    col('roi', 'ROI', 'pct'),
  ];
  const srcRows = [...bySource.values()].sort((a, b) => b.leads - a.leads || a.source.localeCompare(b.source)).map(withCosts);
  const total = srcRows.reduce(
    (t, x) => ({ leads: t.leads + x.leads, contacted: t.contacted + x.contacted, won: t.won + x.won, revenue: t.revenue + x.revenue, cost: t.cost + (x.cost ?? 0) }),
    { leads: 0, contacted: 0, won: 0, revenue: 0, cost: 0 },
  );
  r.summary.push(
    { label: 'leads', value: total.leads, kind: 'int' },
    { label: 'contacted', value: total.contacted, kind: 'int' },
    { label: 'contacted share', value: ratio(total.contacted, total.leads), kind: 'pct' },
    { label: 'won', value: total.won, kind: 'int' },
    { label: 'revenue', value: total.revenue, kind: 'money' },
    { label: 'campaign costs', value: total.cost, kind: 'money' },
  );
  r.tables.push({ title: 'By lead source', columns: [col('source', 'source'), ...funnelCols], rows: srcRows });
  r.tables.push({
    title: 'By campaign',
    columns: [col('campaign', 'campaign'), col('source', 'source'), ...funnelCols],
    rows: campaigns.sort((a, b) => b.leads - a.leads || a.campaign.localeCompare(b.campaign)).map(withCosts),
  });
  r.charts.push({ kind: 'bars', title: 'Leads contacted, by source', unit: 'int', axis: 'leads contacted (marker: all leads)', items: srcRows.map((x) => ({ label: x.source, value: x.contacted, target: x.leads })) });
  r.notes.push(
    c.explicitFrom ? `Leads created from ${c.from} to ${c.to}.` : `All leads created up to ${c.to} (give --from to count only newer ones).`,
    'Contacted: any interaction other than pre-contact research; qualified: a deal that reached needs analysis; won: an order or a won deal (each includes the next). Revenue: the orders of those leads up to the end date; for a campaign with a start date, only its leads\' orders from that date on (and only those make a customer won by it).',
    `Cost: the campaign's cost (crm campaign add|edit --cost), in ${money.base} at the rate of its start date; a source adds up the costs of its campaigns. Cost per lead, per qualified lead and per won customer divide it by those counts; ROI = (revenue − cost) / cost.`,
  );
  return r;
}
