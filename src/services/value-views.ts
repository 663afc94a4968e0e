// What `crm score`, `crm tiers` and `crm risk` show: stored values (refreshed when stale), so the
// listings read one row per account.
import type { RiskSignal } from '../domain/risk.js';
import { grade } from '../domain/vocab.js';
import { abcTiers, concentration, PROFIT_TIER_LABELS, PROFIT_TIERS, RELATIONSHIPS, tiersConfig, type Abc } from '../domain/tiers.js';
import * as repo from '../db/repositories/value.js';
import { NotFoundError } from '../domain/errors.js';
import { moneyConfig } from '../domain/money.js';
import type { ServiceContext } from './context.js';
import { accountRelationship } from './relationships.js';
import { computeValues, ensureFresh, type AccountValue, type Computed } from './value.js';

export interface ScoreItem {
  id: number;
  name: string;
  valueScore: number | null;
  valueGrade: string | null;
  leadScore: number | null;
  leadGrade: string | null;
  tier: string | null;
  ladder: string | null;
}

export interface ScoreExplained extends ScoreItem {
  value: AccountValue['value'];
  lead: AccountValue['lead'];
  /** the churn signals that fired (single-threaded included): what the score alone does not say */
  signals: RiskSignal[];
  /** relationship breadth in words, e.g. "person-to-person: only 张伟 in 90 days" (one account only) */
  relationship?: string;
}

function scoreItem(r: repo.StoredRow): ScoreItem {
  return {
    id: r.id,
    name: r.name,
    valueScore: r.value_score,
    valueGrade: r.value_score === null ? null : grade(r.value_score),
    leadScore: r.lead_score,
    leadGrade: r.lead_score === null ? null : grade(r.lead_score),
    tier: r.tier,
    ladder: r.ladder,
  };
}

export async function scores(ctx: ServiceContext, opts: { accountId?: number; refresh?: boolean; explain?: boolean; limit?: number }) {
  const refreshed = await ensureFresh(ctx, !!opts.refresh);
  let computed: Computed | null = refreshed?.computed ?? null;
  if (opts.accountId !== undefined) {
    const [row] = await repo.storedValueRows(ctx.engine, opts.accountId);
    if (!row) throw new NotFoundError(`account ${opts.accountId} not found or archived`);
    const item = scoreItem(row);
    if (!opts.explain) return { refreshed, items: [item] };
    // Explanations are built only on request: a refresh computes bare points.
    computed = await computeValues(ctx, { explain: new Set([opts.accountId]) });
    const v = computed.byId.get(opts.accountId)!;
    const rel = await accountRelationship(ctx, opts.accountId, { strategic: v.facts.strategic, tier: v.tier, face: v.face });
    return { refreshed, items: [item], explained: { ...item, value: v.value, lead: v.lead, signals: v.risk, relationship: rel.breadth.summary } as ScoreExplained };
  }
  const rows = (await repo.storedValueRows(ctx.engine)).sort(
    (a, b) => (b.value_score ?? -1) - (a.value_score ?? -1) || (b.lead_score ?? -1) - (a.lead_score ?? -1) || a.id - b.id,
  );
  const items = rows.slice(0, opts.limit ?? rows.length).map(scoreItem);
  if (!opts.explain) return { refreshed, items };
  computed = await computeValues(ctx, { explain: new Set(items.map((i) => i.id)) });
  const explainedAll = items.map((i) => {
    const v = computed!.byId.get(i.id)!;
    return { ...i, value: v.value, lead: v.lead, signals: v.risk };
  });
  return { refreshed, items, explainedAll };
}

export interface TierItem {
  id: number;
  name: string;
  tier: string | null;
  revenue: number;
  profit: number | null;
  share: number;
  cumulativeShare: number;
  profitTier: string | null;
  face: string | null;
  faceBy: 'hand' | 'computed' | null;
  strategic: boolean;
  potential: string | null;
  relationship: string | null;
  ladder: string | null;
  valueScore: number | null;
}

export async function tiers(ctx: ServiceContext, opts: { by?: 'revenue' | 'profit'; refresh?: boolean }) {
  const tc = tiersConfig(ctx.config);
  const by = opts.by ?? tc.by;
  await ensureFresh(ctx, !!opts.refresh);
  const rows = await repo.storedValueRows(ctx.engine);
  const basis = (r: repo.StoredRow) => (by === 'profit' ? r.profit ?? (r.revenue ?? 0) * tc.assumedMargin : r.revenue ?? 0);
  // Stored tiers follow the configured basis; the other basis is ranked here from stored totals.
  const abc: Map<number, Abc> | null =
    by === tc.by ? null : abcTiers(rows.filter((r) => r.tier !== null).map((r) => ({ id: r.id, amount: basis(r) })), tc.a, tc.b);
  const total = rows.reduce((s, r) => s + Math.max(0, r.tier !== null ? basis(r) : 0), 0);
  const sorted = [...rows].sort((x, y) => basis(y) - basis(x) || x.id - y.id);
  let run = 0;
  const items: TierItem[] = sorted.map((r) => {
    const amt = r.tier !== null ? basis(r) : 0;
    run += Math.max(0, amt);
    const [potential, relationship] = r.grid ? r.grid.split('/') : [null, null];
    return {
      id: r.id,
      name: r.name,
      tier: abc ? abc.get(r.id) ?? null : r.tier,
      revenue: r.revenue ?? 0,
      profit: r.profit,
      share: total > 0 ? Math.max(0, amt) / total : 0,
      cumulativeShare: total > 0 ? run / total : 0,
      profitTier: r.profit_tier,
      face: r.key_face ?? r.computed_face,
      faceBy: r.key_face ? 'hand' : r.computed_face ? 'computed' : null,
      strategic: r.strategic === 1,
      potential: potential ?? null,
      relationship: relationship ?? null,
      ladder: r.ladder,
      valueScore: r.value_score,
    };
  });
  const tiered = items.filter((i) => i.tier !== null);
  const amountOf = (i: TierItem) => Math.max(0, by === 'profit' ? i.profit ?? i.revenue * tc.assumedMargin : i.revenue);
  const abcDist = (['A', 'B', 'C'] as const).map((t) => ({ tier: t, accounts: 0, accountShare: 0, amount: 0, amountShare: 0 }));
  const profitCounts = new Map<string, number>(PROFIT_TIERS.map((k) => [k, 0]));
  const faceCounts = new Map<string, number>(['red', 'white', 'black'].map((k) => [k, 0]));
  const grid = (['high', 'medium', 'low'] as const).map((p) => {
    const row: Record<string, number | string> = { potential: p };
    for (const rel of RELATIONSHIPS) row[rel] = 0;
    return row;
  });
  for (const i of items) {
    const d = i.tier === 'A' ? abcDist[0] : i.tier === 'B' ? abcDist[1] : i.tier === 'C' ? abcDist[2] : null;
    if (d) {
      d.accounts++;
      d.amount += amountOf(i);
    }
    if (i.profitTier && profitCounts.has(i.profitTier)) profitCounts.set(i.profitTier, profitCounts.get(i.profitTier)! + 1);
    if (i.face && faceCounts.has(i.face)) faceCounts.set(i.face, faceCounts.get(i.face)! + 1);
    const g = grid.find((r) => r.potential === i.potential);
    if (g && i.relationship && i.relationship in g) (g[i.relationship] as number)++;
  }
  for (const d of abcDist) {
    d.accountShare = tiered.length ? d.accounts / tiered.length : 0;
    d.amountShare = total > 0 ? d.amount / total : 0;
  }
  const conc = concentration(
    tiered.map((i) => (by === 'profit' ? i.profit ?? i.revenue * tc.assumedMargin : i.revenue)),
    tc.a,
    by,
  );
  return {
    by,
    /** revenue and profit are stored in the base currency */
    currency: moneyConfig(ctx.config).base,
    today: ctx.clock.today(),
    concentration: conc,
    distribution: {
      abc: abcDist,
      profitTiers: [...profitCounts].map(([key, accounts]) => ({ key, accounts, meaning: PROFIT_TIER_LABELS[key as keyof typeof PROFIT_TIER_LABELS] })),
      faces: [...faceCounts].map(([key, accounts]) => ({ key, accounts })),
    },
    grid,
    accounts: items.sort((x, y) => tierRank(x.tier) - tierRank(y.tier) || y.share - x.share || x.id - y.id),
  };
}

function tierRank(t: string | null): number {
  return t === 'A' ? 0 : t === 'B' ? 1 : t === 'C' ? 2 : 3;
}

export interface TierChange {
  id: number;
  name: string;
  what: 'tier' | 'profit tier' | 'face' | 'grid' | 'ladder';
  from: string | null;
  to: string | null;
  since: string | null;
}

/** Movements since a date: the last snapshot on or before it against the state now. */
export async function tierChanges(ctx: ServiceContext, since: string, opts: { refresh?: boolean } = {}): Promise<TierChange[]> {
  await ensureFresh(ctx, !!opts.refresh);
  const before = await repo.lastSnapshotsOnOrBefore(ctx.db, since);
  const then = new Map(before.map((b) => [b.account_id, b]));
  const rows = await repo.storedValueRows(ctx.engine);
  const out: TierChange[] = [];
  for (const r of rows) {
    const b = then.get(r.id);
    const pairs: [TierChange['what'], string | null, string | null][] = [
      ['tier', b?.tier ?? null, r.tier],
      ['profit tier', b?.profit_tier ?? null, r.profit_tier],
      ['face', b?.key_face ?? null, r.key_face ?? r.computed_face],
      ['grid', b?.grid ?? null, r.grid],
      ['ladder', b?.ladder ?? null, r.ladder],
    ];
    for (const [what, from, to] of pairs) if (from !== to) out.push({ id: r.id, name: r.name, what, from, to, since: b?.computed_on ?? null });
  }
  const order = ['tier', 'profit tier', 'face', 'grid', 'ladder'];
  return out.sort((x, y) => order.indexOf(x.what) - order.indexOf(y.what) || x.id - y.id);
}

export interface RiskItem {
  id: number;
  name: string;
  tier: string | null;
  valueScore: number | null;
  ladder: string | null;
  lastOrderOn: string | null;
  lastContactOn: string | null;
  signals: RiskSignal[];
}

export async function riskList(ctx: ServiceContext, opts: { refresh?: boolean; signal?: string; min?: number; accountId?: number } = {}): Promise<RiskItem[]> {
  await ensureFresh(ctx, !!opts.refresh);
  const rows = await repo.riskRows(ctx.db, Math.max(1, opts.min ?? 1), opts.accountId);
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    tier: r.tier,
    valueScore: r.value_score,
    ladder: r.ladder,
    lastOrderOn: r.last_order_on,
    lastContactOn: r.last_contact_on,
    signals: r.risk ? (JSON.parse(r.risk) as RiskSignal[]) : [],
  }));
  return opts.signal ? items.filter((i) => i.signals.some((s) => s.signal === opts.signal)) : items;
}
