// The reports of domain.md, one file each. Every figure is a set-based aggregate in SQL
// (src/db/queries/reports.ts); the arithmetic on the aggregates lives in src/domain/reports so it
// is tested on its own.
import type { Report } from '../../domain/reports/model.js';
import type { ServiceContext } from '../context.js';
import { activity } from './activity.js';
import { assessment } from './assessment.js';
import { clvReport } from './clv.js';
import { reportCtx, type Ctx, type ReportOptions } from './common.js';
import { forecastReport } from './forecast.js';
import { funnel } from './funnel.js';
import { paretoReport } from './pareto.js';
import { retention } from './retention.js';
import { satisfaction } from './satisfaction.js';
import { sources } from './sources.js';
import { tiers } from './tiers.js';

export { REPORTS_DEFAULTS, type ReportOptions, type ReportsConfig } from './common.js';

export const REPORT_NAMES = ['funnel', 'sources', 'pareto', 'tiers', 'retention', 'clv', 'satisfaction', 'activity', 'assessment', 'forecast'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

const BUILDERS: Record<ReportName, (c: Ctx) => Promise<Report>> = {
  funnel,
  sources,
  pareto: paretoReport,
  tiers,
  retention,
  clv: clvReport,
  satisfaction,
  activity,
  assessment,
  forecast: forecastReport,
};

export async function buildReport(ctx: ServiceContext, name: ReportName, opts: ReportOptions = {}): Promise<Report> {
  return BUILDERS[name](reportCtx(ctx, opts));
}

