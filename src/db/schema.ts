import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Dates are ISO text: 'YYYY-MM-DD' for calendar dates, full ISO-8601 UTC for timestamps.
// Text sorts correctly, survives CSV/JSON untouched and means the same in SQLite and PostgreSQL.
type IsoDate = string;
type IsoTime = string;
// JSON documents are stored as text so the schema stays portable.
type JsonText = string;

export interface RepTable {
  id: Generated<number>;
  name: string;
  email: string | null;
  created_at: IsoTime;
}

export interface AccountTable {
  id: Generated<number>;
  kind: 'company' | 'individual';
  name: string;
  /** lower-cased, NFKC, legal suffixes stripped: the key used to find the same company twice */
  name_key: string;
  website: string | null;
  /** web domain, for matching the same company across files */
  domain: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  postcode: string | null;
  industry: string | null;
  /** position in the industry: leader, challenger, follower, niche... */
  industry_position: string | null;
  employees: number | null;
  main_business: string | null;
  business_scope: string | null;
  /** buying done by a person or by the company */
  buying_mode: 'person' | 'company' | null;
  /** single or multiple supply channels */
  supply_channels: 'single' | 'multiple' | null;
  source: string | null;
  campaign: string | null;
  owner_id: number | null;
  referred_by_id: number | null;
  notes: string | null;
  founded_on: IsoDate | null;
  /** key-account marking by hand: strategic accounts are key whatever their profit */
  strategic: ColumnType<number, number | undefined, number>;
  /** red / white / black when set by hand; computed otherwise */
  key_face: string | null;
  /** high / medium / low profit potential when set by hand */
  potential: string | null;
  expected_demand: number | null;
  /** JSON object of columns an import could not map: kept, never dropped */
  extra: JsonText | null;
  // Derived values, refreshed by the value services; stored so listings and the due list are cheap.
  value_score: number | null;
  lead_score: number | null;
  tier: string | null;
  profit_tier: string | null;
  ladder: string | null;
  last_contact_on: IsoDate | null;
  last_order_on: IsoDate | null;
  next_due_on: IsoDate | null;
  // Added by 0004-value: totals and derived states of the value services (see services/value.ts).
  revenue: number | null;
  profit: number | null;
  /** red / white / black as computed; key_face (by hand) wins when set */
  computed_face: string | null;
  /** potential × relationship cell, e.g. "high/developing" */
  grid: string | null;
  /** JSON list of churn signals that fired, with their evidence */
  risk: JsonText | null;
  risk_count: number | null;
  /** what the last refresh derived, as one comparable string (services/value.ts) */
  value_state: string | null;
  batch_id: number | null;
  source_file: string | null;
  source_line: number | null;
  archived_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface AccountTagTable {
  account_id: number;
  tag: string;
}

export interface ContactTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  name_key: string;
  given_name: string | null;
  family_name: string | null;
  title: string | null;
  department: string | null;
  personality: string | null;
  hobbies: string | null;
  /** 'YYYY-MM-DD' or '--MM-DD' when the year is unknown (vCard 4 style) */
  birthday: string | null;
  /** decision-maker, technical, purchasing, finance, user */
  buying_role: string | null;
  /** comma list of acceptor, dissatisfied, power */
  entry_roles: string | null;
  notes: string | null;
  extra: JsonText | null;
  batch_id: number | null;
  source_file: string | null;
  source_line: number | null;
  archived_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** Phones, emails, IM handles and web addresses of a contact (or of the company itself). */
export interface ContactPointTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  kind: 'email' | 'phone' | 'mobile' | 'fax' | 'im' | 'web';
  label: string | null;
  /** normalised value: lower-cased email, E.164 phone (with ;ext=) */
  value: string;
  /** the value as it was typed or imported */
  raw: string | null;
  /** matching key: Gmail-aware email, E.164 digits */
  match_key: string | null;
  is_primary: ColumnType<number, number | undefined, number>;
  batch_id: number | null;
  created_at: IsoTime;
}

export interface ImportantDateTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  /** birthday, founding, first-deal, other */
  kind: string;
  /** 'YYYY-MM-DD' or '--MM-DD' */
  date: string;
  label: string | null;
}

export interface DealTable {
  id: Generated<number>;
  account_id: number;
  title: string;
  /** prospect, approach, qualify, propose, negotiate, close */
  stage: string;
  status: 'open' | 'won' | 'lost';
  amount: number | null;
  probability: number | null;
  expected_close: IsoDate | null;
  /** ISO code of amount; null: the base currency (0034) */
  currency: ColumnType<string | null, string | null | undefined, string | null>;
  stage_entered_at: IsoTime;
  lost_reason: string | null;
  competitor: string | null;
  owner_id: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  closed_at: IsoTime | null;
}

export interface DealStageHistoryTable {
  id: Generated<number>;
  deal_id: number;
  from_stage: string | null;
  to_stage: string;
  at: IsoTime;
  /** comma list of stages jumped over */
  skipped: string | null;
  forced: ColumnType<number, number | undefined, number>;
  note: string | null;
}

export interface InteractionTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  deal_id: number | null;
  /** visit, call, email, message, meeting, gift, event, dm */
  kind: string;
  /** sales stage the interaction belongs to, when logged through a stage command */
  stage: string | null;
  occurred_at: IsoTime;
  summary: string | null;
  outcome: string | null;
  next_step: string | null;
  next_due: IsoDate | null;
  /** stage-specific details (rejection kind, SPIN notes, FAB, objections...) as JSON */
  details: JsonText | null;
  rep_id: number | null;
  visit_id: number | null;
  minutes: number | null;
  created_at: IsoTime;
}

export interface InteractionMaterialTable {
  interaction_id: number;
  account_id: number;
  material: string;
}

/** The customer's other people present at an interaction (the main one is interactions.contact_id). */
export interface InteractionContactTable {
  interaction_id: number;
  account_id: number;
  contact_id: number;
}

export interface PromiseTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  interaction_id: number | null;
  what: string;
  /** the rep who made the promise */
  made_by: string | null;
  to_whom: string | null;
  due_on: IsoDate | null;
  /** cancelled: withdrawn on purpose (crm promise cancel); counts neither kept nor broken */
  status: 'open' | 'kept' | 'broken' | 'cancelled';
  done_at: IsoTime | null;
  created_at: IsoTime;
}

/** A next step, retry or check-in: an open commitment until it is done or cancelled on purpose (0015). */
export interface NextStepTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  deal_id: number | null;
  interaction_id: number | null;
  complaint_id: number | null;
  kind: 'next-step' | 'retry' | 'check-in';
  what: string;
  due_on: IsoDate | null;
  status: 'open' | 'done' | 'cancelled' | 'replaced';
  replaced_by: number | null;
  note: string | null;
  closed_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface ComplaintTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  summary: string;
  severity: string | null;
  opened_on: IsoDate;
  acknowledged_on: IsoDate | null;
  resolved_on: IsoDate | null;
  resolution: string | null;
  feedback_on: IsoDate | null;
  status: 'open' | 'acknowledged' | 'resolved' | 'closed';
  /** the seven steps of solving a customer problem, as JSON */
  steps: JsonText | null;
  /** what was paid or credited to make up for it, in currency (null: the base) (0034) */
  compensation: ColumnType<number | null, number | null | undefined, number | null>;
  currency: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: IsoTime;
}

export interface OrderTable {
  id: Generated<number>;
  account_id: number;
  ordered_on: IsoDate;
  amount: number;
  profit: number | null;
  product: string | null;
  quantity: number | null;
  /** ISO code of amount and profit; null: the base currency */
  currency: string | null;
  reference: string | null;
  batch_id: number | null;
  source_file: string | null;
  source_line: number | null;
  created_at: IsoTime;
}

export interface SurveyTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  taken_on: IsoDate;
  product_quality: number | null;
  service_quality: number | null;
  price: number | null;
  communication: number | null;
  overall: number | null;
  comment: string | null;
  created_at: IsoTime;
}

/** Churn signals recorded by hand: competitor praised, new strategy, change of owner or key person. */
export interface ChurnSignalTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  noted_on: IsoDate;
  note: string | null;
  cleared_on: IsoDate | null;
}

export interface HandoffTable {
  id: Generated<number>;
  account_id: number;
  from_rep: string | null;
  to_rep: string;
  at: IsoTime;
  note: string | null;
}

export interface CampaignTable {
  id: Generated<number>;
  name: string;
  source: string | null;
  cost: number | null;
  /** ISO code of cost; null: the base currency (0034) */
  currency: ColumnType<string | null, string | null | undefined, string | null>;
  started_on: IsoDate | null;
  ended_on: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  created_at: IsoTime;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: 'leads' | 'orders';
  files: JsonText;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  tag: string | null;
  status: 'running' | 'done' | 'undone';
  created: ColumnType<number, number | undefined, number>;
  merged: ColumnType<number, number | undefined, number>;
  conflicts: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  mapping: JsonText | null;
  started_at: IsoTime;
  finished_at: IsoTime | null;
  undone_at: IsoTime | null;
}

/** Per-row provenance of an import: what each line became, and what a merge replaced. */
export interface ImportRowTable {
  id: Generated<number>;
  batch_id: number;
  file: string;
  line: number;
  action: 'created' | 'merged' | 'rejected' | 'unchanged';
  account_id: number | null;
  contact_id: number | null;
  order_id: number | null;
  /** JSON of the fields a merge filled, with their previous values, so undo can revert them */
  changes: JsonText | null;
  /** JSON list of conflicting values kept aside */
  conflicts: JsonText | null;
  reason: string | null;
}

/** State of a due item: cleared or snoozed. Items are keyed by a stable text key. */
export interface DueStateTable {
  item_key: string;
  status: 'done' | 'snoozed';
  until: IsoDate | null;
  at: IsoTime;
  /** the account the item belongs to (null for list-wide items such as a holiday) */
  account_id: number | null;
}

/** An account's own due items, materialised on every write (see migration 0006). */
export interface DueItemTable {
  item_key: string;
  account_id: number;
  kind: string;
  contact_id: number | null;
  due_on: IsoDate;
  /** due_on as days since 1970-01-01 */
  due_day: number;
  appear_on: IsoDate;
  reason: string;
  action: string;
  risk: number;
  owner_id: number | null;
  last_contact_on: IsoDate | null;
  /** urgency without the overdue term */
  base: number;
  /** base + the overdue cap: the highest urgency the item can reach */
  cap: number;
  /** the item stops showing from this date (a cadence item once the dormant item of the same silence shows) */
  hide_from: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
}

/** Birthdays and anniversaries by month-day, kept by accountTouched, read by the due list. */
export interface AnnualDateTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  /** birthday, founding, first-order, or an important date's kind */
  kind: string;
  /** 'MM-DD' */
  md: string;
  /** the original 'YYYY-MM-DD' or '--MM-DD' */
  date: string;
  label: string | null;
  /** urgency without the overdue term */
  base: number;
  /** where the date comes from, for a stable item id: contact-7, date-5, founding-12, first-order-12 */
  source: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ScoreSnapshotTable {
  id: Generated<number>;
  account_id: number;
  computed_on: IsoDate;
  value_score: number | null;
  lead_score: number | null;
  tier: string | null;
  profit_tier: string | null;
  key_face: string | null;
  grid: string | null;
  ladder: string | null;
}

export interface LadderHistoryTable {
  id: Generated<number>;
  account_id: number;
  rung: string;
  since: IsoDate;
}

export interface VisitPlanTable {
  id: Generated<number>;
  created_at: IsoTime;
  from_on: IsoDate;
  days: number;
  region: string | null;
  city: string | null;
  /** the plan as computed (JSON), so it can be printed again and reported against */
  body: JsonText;
}

export interface VisitTable {
  id: Generated<number>;
  plan_id: number;
  account_id: number;
  day: IsoDate;
  seq: number;
  purpose: string | null;
  status: 'planned' | 'done' | 'skipped';
  interaction_id: number | null;
}

/** One entry of the history: a committed write (see migration 0018 and src/db/history.ts). */
export interface ChangeTable {
  id: Generated<number>;
  at: IsoTime;
  command: string;
  args: string | null;
  rep: string | null;
  kind: ColumnType<string, string | undefined, string>;
  undoes: number | null;
  undone_by: number | null;
  batch_id: number | null;
}

/** One row an entry changed: its recorded columns before and after, as JSON. */
export interface ChangeRowTable {
  id: Generated<number>;
  change_id: number | null;
  tbl: string;
  row_key: string;
  op: 'insert' | 'update' | 'delete';
  before: JsonText | null;
  after: JsonText | null;
  account_id: number | null;
}

/** Another name of an account (contact_id null) or of a contact: see migration 0019. */
export interface AliasTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number | null;
  name: string;
  name_key: string;
  source: string | null;
  batch_id: number | null;
  created_at: IsoTime;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  reps: RepTable;
  accounts: AccountTable;
  account_tags: AccountTagTable;
  contacts: ContactTable;
  contact_points: ContactPointTable;
  important_dates: ImportantDateTable;
  deals: DealTable;
  deal_stage_history: DealStageHistoryTable;
  interactions: InteractionTable;
  interaction_materials: InteractionMaterialTable;
  interaction_contacts: InteractionContactTable;
  promises: PromiseTable;
  next_steps: NextStepTable;
  complaints: ComplaintTable;
  orders: OrderTable;
  surveys: SurveyTable;
  churn_signals: ChurnSignalTable;
  handoffs: HandoffTable;
  campaigns: CampaignTable;
  import_batches: ImportBatchTable;
  import_rows: ImportRowTable;
  due_state: DueStateTable;
  annual_dates: AnnualDateTable;
  due_items: DueItemTable;
  score_snapshots: ScoreSnapshotTable;
  ladder_history: LadderHistoryTable;
  visit_plans: VisitPlanTable;
  visits: VisitTable;
  meta: MetaTable;
  changes: ChangeTable;
  change_rows: ChangeRowTable;
  aliases: AliasTable;
}

export type Account = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type Contact = Selectable<ContactTable>;
export type NewContact = Insertable<ContactTable>;
export type ContactPoint = Selectable<ContactPointTable>;
export type NewContactPoint = Insertable<ContactPointTable>;
export type Interaction = Selectable<InteractionTable>;
export type Order = Selectable<OrderTable>;
export type Deal = Selectable<DealTable>;
export type NextStep = Selectable<NextStepTable>;
