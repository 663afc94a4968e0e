// What every report shares: its period and options, the empty report, number reading.
import { addDays } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import type { TimeGroup } from '../../domain/reports/metrics.js';
import type { Report } from '../../domain/reports/model.js';
import { defaultFrom, type Bucket } from '../../domain/reports/period.js';
import { section } from '../../domain/config.js';
import { REPORTS_DEFAULTS, type ReportsConfig } from '../../domain/reports/config.js';

export { REPORTS_DEFAULTS, type ReportsConfig };
import type { Period } from '../../db/queries/reports.js';
import type { ServiceContext } from '../context.js';
import { moneyFor, type AmountTable } from '../money.js';
import type { Money } from '../../domain/money.js';

export interface ReportOptions {
  from?: string;
  to?: string;
  by?: Bucket;
  /** assessment: the monthly sales target (else config reports.monthlyTarget, else trailing average) */
  target?: number;
  /** assessment: only this rep's accounts */
  owner?: string;
}


/** One report run: the context, the period and the options. */
export interface Ctx extends Period {
  ctx: ServiceContext;
  explicitFrom: boolean;
  by: Bucket;
  opts: ReportOptions;
  cfg: ReportsConfig;
  /** the base currency and rates, checked against the currencies used in these tables */
  money(tables: readonly AmountTable[]): Promise<Money>;
}

export function reportCtx(ctx: ServiceContext, opts: ReportOptions): Ctx {
  const to = opts.to ?? ctx.clock.today();
  const from = opts.from ?? defaultFrom(to);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return {
    ctx,
    from,
    to,
    toEnd: addDays(to, 1),
    explicitFrom: opts.from !== undefined,
    by: opts.by ?? 'month',
    opts,
    cfg: section(ctx.config, 'reports', REPORTS_DEFAULTS),
    money: (tables) => moneyFor(ctx, tables),
  };
}

/** Counts and sums come back as strings on some engines, and null on empty sets. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export function base(c: Ctx, name: string, title: string): Report {
  return { name, title, from: c.from, to: c.to, summary: [], tables: [], charts: [], notes: [] };
}
