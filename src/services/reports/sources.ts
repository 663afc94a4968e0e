// Lead sources and campaigns: leads, contacted, qualified, won, revenue and cost per won customer.
import * as q from '../../db/queries/reports.js';
import { DEAL_STAGES } from '../../domain/reports/funnel.js';
import { col, ratio, type Report } from '../../domain/reports/model.js';
import { base, num, type Ctx } from './common.js';

export async function sources(c: Ctx): Promise<Report> {
  const r = base(c, 'sources', 'Lead sources and campaigns');
  const qualifyStages = DEAL_STAGES.slice(DEAL_STAGES.indexOf('qualify'));
  const list = await q.sourceFunnel(c.ctx.db, c, qualifyStages, c.explicitFrom);
  const costOf = new Map((await q.campaignCosts(c.ctx.db)).map((k) => [k.name, k.cost]));
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
