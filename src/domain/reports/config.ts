// The `reports` section of the config (see src/domain/config-schema.ts).
import type { TimeGroup } from './metrics.js';

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
