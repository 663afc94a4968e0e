// Campaigns and what they cost: the trade show, the mailing, the ad run that brought leads in.
// `crm report sources` divides the cost by the leads, qualified leads and customers won.
import * as repo from '../db/repositories/campaigns.js';
import * as q from '../db/queries/reports.js';
import { addDays } from '../domain/dates.js';
import { CrmError, NotFoundError, ValidationError } from '../domain/errors.js';
import { entryCurrency, moneyConfig, shownCurrency, toBase, type Money } from '../domain/money.js';
import { cleanText } from '../domain/normalize.js';
import { DEAL_STAGES } from '../domain/reports/funnel.js';
import { normalizeSource } from '../domain/vocab.js';
import { inTransaction, type ServiceContext } from './context.js';
import { moneyFor, sqlRates } from './money.js';
import { withCosts } from './reports/sources.js';

export interface CampaignInput {
  cost?: number | null;
  currency?: string | null;
  from?: string | null;
  to?: string | null;
  source?: string | null;
  /** edit: the new name */
  name?: string;
}

export interface CampaignView {
  id: number | null;
  name: string;
  source: string | null;
  from: string | null;
  to: string | null;
  cost: number | null;
  /** the currency of cost */
  currency: string | null;
  /** cost in the base currency, at the rate of the start date */
  costInBase: number | null;
  baseCurrency: string;
  leads: number;
}

function campaignName(name: string | undefined): string {
  const n = cleanText(name);
  if (!n) throw new ValidationError('a campaign needs a name, e.g. "Canton Fair 2026 spring"');
  return n;
}

function checkInput(input: CampaignInput): void {
  if (input.cost !== undefined && input.cost !== null && !(Number.isFinite(input.cost) && input.cost >= 0))
    throw new ValidationError(`--cost must be a number of 0 or more (got ${input.cost})`);
  if (input.from && input.to && input.from > input.to) throw new ValidationError(`--from ${input.from} is after --to ${input.to}`);
}

export async function addCampaign(ctx: ServiceContext, name: string, input: CampaignInput): Promise<number> {
  const n = campaignName(name);
  checkInput(input);
  const currency = input.cost === undefined || input.cost === null ? null : entryCurrency(moneyConfig(ctx.config), input.currency);
  if (input.currency && (input.cost === undefined || input.cost === null)) throw new ValidationError('--currency goes with --cost');
  return inTransaction(ctx, async (t) => {
    if (await repo.campaignByName(t.db, n)) throw new CrmError(`campaign "${n}" already exists`, `change it with: crm campaign edit "${n}" --cost N`);
    return repo.insertCampaign(t.db, {
      name: n,
      source: normalizeSource(input.source),
      cost: input.cost ?? null,
      currency,
      started_on: input.from ?? null,
      ended_on: input.to ?? null,
      created_at: ctx.clock.now(),
    });
  });
}

/**
 * Changes a campaign. A name that leads carry without a campaign record (an import's --campaign
 * before campaigns had costs) gets its record here. A new name moves its leads along.
 */
export async function editCampaign(ctx: ServiceContext, name: string, input: CampaignInput): Promise<{ id: number; renamedLeads: number }> {
  const n = campaignName(name);
  checkInput(input);
  return inTransaction(ctx, async (t) => {
    let c = await repo.campaignByName(t.db, n);
    if (!c) {
      const carried = (await repo.campaignsWithLeads(t.db)).leads.find((l) => l.name === n);
      if (!carried) throw new NotFoundError(`no campaign named "${n}"`, 'list them with: crm campaign list');
      await repo.insertCampaign(t.db, { name: n, source: carried.source, cost: null, currency: null, started_on: null, ended_on: null, created_at: ctx.clock.now() });
      c = (await repo.campaignByName(t.db, n))!;
    }
    const patch: Parameters<typeof repo.updateCampaign>[2] = {};
    if (input.cost !== undefined) {
      patch.cost = input.cost;
      patch.currency = input.cost === null ? null : entryCurrency(moneyConfig(ctx.config), input.currency ?? c.currency);
    } else if (input.currency !== undefined && input.currency !== null) {
      if (c.cost === null) throw new ValidationError('--currency goes with --cost: the campaign has no cost yet');
      patch.currency = entryCurrency(moneyConfig(ctx.config), input.currency);
    }
    if (input.source !== undefined) patch.source = normalizeSource(input.source);
    if (input.from !== undefined) patch.started_on = input.from;
    if (input.to !== undefined) patch.ended_on = input.to;
    const from = patch.started_on !== undefined ? patch.started_on : c.started_on;
    const to = patch.ended_on !== undefined ? patch.ended_on : c.ended_on;
    if (from && to && from > to) throw new ValidationError(`the campaign would start (${from}) after it ends (${to})`);
    let renamedLeads = 0;
    if (input.name !== undefined) {
      const nn = campaignName(input.name);
      if (nn !== n) {
        if (await repo.campaignByName(t.db, nn)) throw new CrmError(`campaign "${nn}" already exists`);
        patch.name = nn;
        renamedLeads = await repo.renameCampaignLinks(t.db, n, nn);
      }
    }
    if (Object.keys(patch).length) await repo.updateCampaign(t.db, c.id, patch);
    return { id: c.id, renamedLeads };
  });
}

function costInBase(m: Money, cost: number | null, currency: string | null, startedOn: string | null, today: string): number | null {
  return cost === null ? null : toBase(m, cost, currency, startedOn ?? today);
}

/** Every campaign with its cost (also in the base currency) and leads; names leads carry without a record too. */
export async function listCampaigns(ctx: ServiceContext): Promise<CampaignView[]> {
  const m = await moneyFor(ctx, ['campaigns']);
  const today = ctx.clock.today();
  const { campaigns, leads } = await repo.campaignsWithLeads(ctx.db);
  const leadsOf = new Map(leads.map((l) => [l.name, l]));
  const out: CampaignView[] = campaigns.map((c) => ({
    id: c.id,
    name: c.name,
    source: c.source,
    from: c.started_on,
    to: c.ended_on,
    cost: c.cost,
    currency: c.cost === null ? null : shownCurrency(m, c.currency),
    costInBase: costInBase(m, c.cost, c.currency, c.started_on, today),
    baseCurrency: m.base,
    leads: leadsOf.get(c.name)?.n ?? 0,
  }));
  for (const l of leads)
    if (!campaigns.some((c) => c.name === l.name))
      out.push({ id: null, name: l.name, source: l.source, from: null, to: null, cost: null, currency: null, costInBase: null, baseCurrency: m.base, leads: l.n });
  return out.sort((a, b) => (b.from ?? '').localeCompare(a.from ?? '') || a.name.localeCompare(b.name));
}

/** One campaign: its record and what it brought (leads, contacted, qualified, won, revenue) against what it cost. */
export async function showCampaign(ctx: ServiceContext, name: string) {
  const n = campaignName(name);
  const list = await listCampaigns(ctx);
  const c = list.find((x) => x.name === n);
  if (!c) throw new NotFoundError(`no campaign named "${n}"`, 'list them with: crm campaign list');
  const m = await moneyFor(ctx, ['orders', 'campaigns']);
  const today = ctx.clock.today();
  const qualifyStages = DEAL_STAGES.slice(DEAL_STAGES.indexOf('qualify'));
  const rows = (await q.sourceFunnel(ctx.db, { from: today, to: today, toEnd: addDays(today, 1) }, qualifyStages, false, sqlRates(m))).filter((r) => r.campaign === n);
  const sum = (k: 'leads' | 'contacted' | 'qualified' | 'won' | 'revenue') => rows.reduce((t, r) => t + Number(r[k] ?? 0), 0);
  const figures = withCosts({
    source: c.source ?? '',
    campaign: n,
    leads: sum('leads'),
    contacted: sum('contacted'),
    qualified: sum('qualified'),
    won: sum('won'),
    revenue: sum('revenue'),
    cost: c.costInBase,
  });
  return { ...c, figures };
}

/**
 * `crm import --campaign NAME`: the leads link to the campaign, which is recorded (without a cost)
 * when new. Returns its source, the default source of the imported rows.
 */
export async function linkCampaign(ctx: ServiceContext, name: string, source: string | null): Promise<{ created: boolean; source: string | null }> {
  const n = campaignName(name);
  const c = await repo.campaignByName(ctx.db, n);
  if (c) return { created: false, source: c.source };
  await repo.insertCampaign(ctx.db, { name: n, source: normalizeSource(source), cost: null, currency: null, started_on: null, ended_on: null, created_at: ctx.clock.now() });
  return { created: true, source: normalizeSource(source) };
}

/** The source a campaign gives its leads, if it is recorded (read before an import starts). */
export async function campaignSource(ctx: ServiceContext, name: string): Promise<string | null> {
  const c = await repo.campaignByName(ctx.db, cleanText(name));
  return c?.source ?? null;
}
