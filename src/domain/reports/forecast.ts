// The sales forecast: open deals weighted by their win probability, by the month and quarter they
// are expected to close, by stage and by owner; stale deals and deals without a close date apart.
import { bucketIndex, bucketLabel } from './period.js';

export interface ForecastDeal {
  id: number;
  account: string;
  title: string;
  stage: string;
  owner: string | null;
  /** in the base currency (null: no amount yet) */
  amount: number | null;
  probability: number;
  expectedClose: string | null;
  stale: boolean;
  idleDays: number;
  staleAfterDays: number | null;
}

export interface ForecastGroup {
  key: string;
  deals: number;
  amount: number;
  weighted: number;
  stale: number;
}

export interface Forecast {
  deals: number;
  amount: number;
  weighted: number;
  /** deals with a close date, by month and quarter (months before today's are "past") */
  byMonth: (ForecastGroup & { past: boolean })[];
  byQuarter: (ForecastGroup & { past: boolean })[];
  byStage: ForecastGroup[];
  byOwner: ForecastGroup[];
  stale: ForecastDeal[];
  /** open deals nobody has put a close date on: not in any month */
  undated: ForecastDeal[];
  /** dated deals whose close date has passed while they are still open */
  overdue: number;
}

const weightOf = (d: ForecastDeal) => (d.amount ?? 0) * d.probability;

function group(deals: readonly ForecastDeal[], keyOf: (d: ForecastDeal) => string): ForecastGroup[] {
  const m = new Map<string, ForecastGroup>();
  for (const d of deals) {
    const k = keyOf(d);
    const g = m.get(k) ?? { key: k, deals: 0, amount: 0, weighted: 0, stale: 0 };
    g.deals++;
    g.amount += d.amount ?? 0;
    g.weighted += weightOf(d);
    if (d.stale) g.stale++;
    m.set(k, g);
  }
  return [...m.values()];
}

/** `stageOrder`: stages in pipeline order, for sorting the stage rows. */
export function forecast(deals: readonly ForecastDeal[], today: string, stageOrder: readonly string[]): Forecast {
  const dated = deals.filter((d) => d.expectedClose);
  const undated = deals.filter((d) => !d.expectedClose);
  const periods = (b: 'month' | 'quarter') =>
    group(dated, (d) => String(bucketIndex(d.expectedClose!, b)))
      .sort((x, y) => Number(x.key) - Number(y.key))
      .map((g) => ({ ...g, key: bucketLabel(Number(g.key), b), past: Number(g.key) < bucketIndex(today, b) }));
  const rank = (s: string) => (stageOrder.includes(s) ? stageOrder.indexOf(s) : stageOrder.length);
  return {
    deals: deals.length,
    amount: deals.reduce((t, d) => t + (d.amount ?? 0), 0),
    weighted: deals.reduce((t, d) => t + weightOf(d), 0),
    byMonth: periods('month'),
    byQuarter: periods('quarter'),
    byStage: group(deals, (d) => d.stage).sort((x, y) => rank(x.key) - rank(y.key)),
    byOwner: group(deals, (d) => d.owner ?? '(none)').sort((x, y) => y.weighted - x.weighted || x.key.localeCompare(y.key)),
    stale: deals.filter((d) => d.stale).sort((x, y) => y.idleDays - x.idleDays || x.id - y.id),
    undated: [...undated].sort((x, y) => weightOf(y) - weightOf(x) || x.id - y.id),
    overdue: dated.filter((d) => d.expectedClose! < today).length,
  };
}
