// What the value services know about one account, gathered by set-based queries
// (services/value.ts) and handed to the pure scoring, tier, ladder and risk functions.

export interface HandSignal {
  id: number;
  kind: string;
  notedOn: string;
  note: string | null;
}

export interface AccountFacts {
  id: number;
  name: string;
  createdOn: string;
  employees: number | null;
  industry: string | null;
  source: string | null;
  expectedDemand: number | null;
  /** high / medium / low by hand */
  potential: string | null;
  strategic: boolean;
  /** red / white / black by hand */
  keyFace: string | null;
  referredById: number | null;

  orders: number;
  revenue: number;
  /** sum of recorded profit; null when no order of the account has a profit recorded */
  profit: number | null;
  firstOrderOn: string | null;
  /** looked up only when a ladder move is recorded (null: not looked up) */
  secondOrderOn: string | null;
  /** date of the order that made the account loyal (the ladder's loyalOrders-th order) */
  loyalOrderOn: string | null;
  lastOrderOn: string | null;
  /** revenue in the last risk period (default 365 days) and in the period before it */
  revenueRecent: number;
  revenuePrevious: number;

  /** accounts this one referred that became customers */
  referredCustomers: number;
  firstReferralOrderOn: string | null;

  openDeals: number;
  openDealAmount: number;
  /** furthest stage of an open deal */
  furthestOpenStage: string | null;
  /** first time a deal reached qualify or later */
  qualifiedOn: string | null;

  interactions: number;
  firstInteractionOn: string | null;
  lastInteractionOn: string | null;
  /** interactions in the last engagement window (default 90 days) */
  recentInteractions: number;
  /** interactions in the cooling window (default the last 90 days) and the window before it */
  coolingRecent: number;
  coolingPrevious: number;
  /** visits, meetings, events weighted by age (half-life decay) */
  meetingsDecayed: number;
  /** calls, emails, messages weighted by age */
  contactsDecayed: number;
  /** first needs-analysis (qualify) interaction: needs recorded */
  needsOn: string | null;

  contacts: number;
  /** best buying-role level among the contacts: 1 decision-maker, 0.6 influencer, 0.3 other, 0 none */
  roleLevel: number;
  roleLabel: string | null;
  hasContactPoints: boolean;

  openComplaints: number;
  oldestOpenComplaintOn: string | null;
  complaintsRecent: number;
  complaintsPrevious: number;

  /** latest survey: average of the dimensions answered, on the survey scale */
  surveyOn: string | null;
  surveyScore: number | null;

  signals: HandSignal[];
}

/** An account with no data beyond its row: the starting point for tests and fixtures. */
export function emptyFacts(id: number, createdOn: string, over?: Partial<AccountFacts>): AccountFacts {
  const f: AccountFacts = {
    id,
    name: `account ${id}`,
    createdOn,
    employees: null,
    industry: null,
    source: null,
    expectedDemand: null,
    potential: null,
    strategic: false,
    keyFace: null,
    referredById: null,
    orders: 0,
    revenue: 0,
    profit: null,
    firstOrderOn: null,
    secondOrderOn: null,
    loyalOrderOn: null,
    lastOrderOn: null,
    revenueRecent: 0,
    revenuePrevious: 0,
    referredCustomers: 0,
    firstReferralOrderOn: null,
    openDeals: 0,
    openDealAmount: 0,
    furthestOpenStage: null,
    qualifiedOn: null,
    interactions: 0,
    firstInteractionOn: null,
    lastInteractionOn: null,
    recentInteractions: 0,
    coolingRecent: 0,
    coolingPrevious: 0,
    meetingsDecayed: 0,
    contactsDecayed: 0,
    needsOn: null,
    contacts: 0,
    roleLevel: 0,
    roleLabel: null,
    hasContactPoints: false,
    openComplaints: 0,
    oldestOpenComplaintOn: null,
    complaintsRecent: 0,
    complaintsPrevious: 0,
    surveyOn: null,
    surveyScore: null,
    signals: [],
  };
  return over ? Object.assign(f, over) : f;
}
