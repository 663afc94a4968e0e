import { fmtNumber } from '../domain/explain.js';
import { moneyConfig, rateOn, shownCurrency, type Money } from '../domain/money.js';
import * as file from '../db/repositories/account-file.js';
import * as accounts from '../db/repositories/accounts.js';
import * as aliasesRepo from '../db/repositories/aliases.js';
import * as contactsRepo from '../db/repositories/contacts.js';
import { NotFoundError } from '../domain/errors.js';
import { openStepsOfAccount } from '../db/repositories/next-steps.js';
import { parseDetails } from '../domain/stage-record.js';
import { describeDetails } from '../domain/stages.js';
import { contactView, type ContactView } from './contacts.js';
import type { ServiceContext } from './context.js';
import { stepRef } from './next-steps.js';
import { accountRelationship, type AccountRelationship } from './relationships.js';

export interface TimelineEvent {
  /** ISO date or timestamp; events sort by it */
  at: string;
  kind: string;
  summary: string;
  by: string | null;
  ref: string;
  /** interactions: everything recorded, structured (the summary is the same in words) */
  record?: InteractionRecord;
}

/** An interaction as recorded: the stage details as the stage command stored them (issue 19). */
export interface InteractionRecord {
  id: number;
  kind: string;
  stage: string | null;
  contact: string | null;
  /** the customer's other people present */
  alsoPresent: string[];
  summary: string | null;
  outcome: string | null;
  nextStep: string | null;
  nextDue: string | null;
  minutes: number | null;
  dealId: number | null;
  visitId: number | null;
  materials: string[];
  details: Record<string, unknown> | null;
}

export interface AccountFile {
  id: number;
  kind: string;
  name: string;
  /** other names the account is known under (its contacts' are in contacts[].aliases) */
  aliases: string[];
  website: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  postcode: string | null;
  industry: string | null;
  industryPosition: string | null;
  employees: number | null;
  mainBusiness: string | null;
  businessScope: string | null;
  buyingMode: string | null;
  supplyChannels: string | null;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  referredBy: { id: number; name: string } | null;
  tags: string[];
  notes: string | null;
  foundedOn: string | null;
  strategic: boolean;
  keyFace: string | null;
  potential: string | null;
  expectedDemand: number | null;
  valueScore: number | null;
  leadScore: number | null;
  tier: string | null;
  profitTier: string | null;
  ladder: string | null;
  lastContactOn: string | null;
  lastOrderOn: string | null;
  nextDueOn: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  import: { batchId: number; file: string | null; line: number | null } | null;
  extra: Record<string, string> | null;
  phones: string[];
  emails: string[];
  contacts: ContactView[];
  importantDates: { kind: string; date: string; label: string | null; contact: string | null }[];
  /**
   * revenue and profit in the base currency (`currency`), null when an order's currency has no
   * rate (`missingRate` names it; `byCurrency` has the totals as entered)
   */
  orders: {
    count: number;
    revenue: number | null;
    profit: number | null;
    currency: string;
    byCurrency: { currency: string; revenue: number }[];
    missingRate: string | null;
    first: string | null;
    last: string | null;
  };
  deals: { id: number; title: string; stage: string; status: string; amount: number | null; currency: string | null; probability: number | null; expectedClose: string | null }[];
  openPromises: { id: number; what: string; dueOn: string | null; madeBy: string | null }[];
  /** open next steps, retries and check-ins (crm next) */
  openNextSteps: { id: string; kind: string; what: string; dueOn: string | null }[];
  openComplaints: { id: number; summary: string; openedOn: string; status: string }[];
  ladderHistory: { rung: string; since: string }[];
  /** whom we reach: departments, roles, each person's warmth; single-threaded when strategic */
  relationship: AccountRelationship;
  timeline: TimelineEvent[];
}

export async function accountFile(ctx: ServiceContext, id: number): Promise<AccountFile> {
  const db = ctx.db;
  const a = await accounts.getAccount(db, id);
  if (!a) throw new NotFoundError(`account ${id} not found`);
  const [aliases, tags, owner, contactRows, points, dates, orderAgg, amounts, deals, promises, complaints, ladder, steps] = await Promise.all([
    aliasesRepo.aliasesOfAccount(db, id),
    accounts.getTags(db, id),
    accounts.repName(db, a.owner_id),
    contactsRepo.contactsOfAccount(db, id),
    contactsRepo.pointsOfAccount(db, id),
    file.importantDates(db, id),
    file.orderSummary(db, id),
    file.orderAmounts(db, id),
    file.dealsOf(db, id),
    file.openPromisesOf(db, id),
    file.unclosedComplaintsOf(db, id),
    file.ladderOf(db, id),
    openStepsOfAccount(db, id),
  ]);
  const referredBy = a.referred_by_id ? await accounts.getAccount(db, a.referred_by_id) : undefined;
  const money = moneyConfig(ctx.config);
  const relationship = await accountRelationship(ctx, id, { strategic: a.strategic === 1, tier: a.tier, face: a.key_face ?? a.computed_face });
  const contactNames = new Map(contactRows.map((c) => [c.id, c.name]));
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    aliases: aliases.filter((x) => x.contact_id === null).map((x) => x.name),
    website: a.website,
    address: a.address,
    city: a.city,
    region: a.region,
    country: a.country,
    postcode: a.postcode,
    industry: a.industry,
    industryPosition: a.industry_position,
    employees: a.employees,
    mainBusiness: a.main_business,
    businessScope: a.business_scope,
    buyingMode: a.buying_mode,
    supplyChannels: a.supply_channels,
    source: a.source,
    campaign: a.campaign,
    owner,
    referredBy: referredBy ? { id: referredBy.id, name: referredBy.name } : null,
    tags,
    notes: a.notes,
    foundedOn: a.founded_on,
    strategic: a.strategic === 1,
    keyFace: a.key_face,
    potential: a.potential,
    expectedDemand: a.expected_demand,
    valueScore: a.value_score,
    leadScore: a.lead_score,
    tier: a.tier,
    profitTier: a.profit_tier,
    ladder: a.ladder,
    lastContactOn: a.last_contact_on,
    lastOrderOn: a.last_order_on,
    nextDueOn: a.next_due_on,
    archived: a.archived_at !== null,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    import: a.batch_id !== null ? { batchId: a.batch_id, file: a.source_file, line: a.source_line } : null,
    extra: a.extra ? (JSON.parse(a.extra) as Record<string, string>) : null,
    phones: points.filter((p) => p.contact_id === null && p.kind !== 'email').map((p) => p.value),
    emails: points.filter((p) => p.contact_id === null && p.kind === 'email').map((p) => p.value),
    contacts: contactRows.map((c) => contactView(c, a.name, points, aliases)),
    importantDates: [
      ...contactRows.filter((c) => c.birthday).map((c) => ({ kind: 'birthday', date: c.birthday!, label: null, contact: c.name })),
      ...(a.founded_on ? [{ kind: 'founding', date: a.founded_on, label: null, contact: null }] : []),
      ...(orderAgg.first ? [{ kind: 'first-deal', date: String(orderAgg.first), label: null, contact: null }] : []),
      ...dates.map((d) => ({ kind: d.kind, date: d.date, label: d.label, contact: d.contact_id ? contactNames.get(d.contact_id) ?? null : null })),
    ],
    orders: {
      count: Number(orderAgg.count),
      ...orderMoney(money, amounts),
      first: (orderAgg.first as string | null) ?? null,
      last: (orderAgg.last as string | null) ?? null,
    },
    deals: deals.map((d) => ({
      id: d.id,
      title: d.title,
      stage: d.stage,
      status: d.status,
      amount: d.amount,
      currency: d.amount === null ? null : shownCurrency(money, d.currency),
      probability: d.probability,
      expectedClose: d.expected_close,
    })),
    openPromises: promises.map((p) => ({ id: p.id, what: p.what, dueOn: p.due_on, madeBy: p.made_by })),
    openNextSteps: steps.map((x) => ({ id: stepRef(x.kind, x.id), kind: x.kind, what: x.what, dueOn: x.due_on })),
    openComplaints: complaints.map((c) => ({ id: c.id, summary: c.summary, openedOn: c.opened_on, status: c.status })),
    ladderHistory: ladder,
    relationship,
    timeline: await timeline(ctx, id, a.created_at, a.batch_id !== null ? `imported (batch ${a.batch_id}, ${a.source_file ?? ''} line ${a.source_line ?? '?'})` : 'created'),
  };
}

/** The whole story of an account in time order: every table that records something that happened. */
export async function timeline(ctx: ServiceContext, id: number, createdAt: string, createdNote: string): Promise<TimelineEvent[]> {
  const { interactions: ints, materials, present, orders, stageMoves: history, promises, complaints, surveys, handoffs, signals, steps } = await file.timelineRows(ctx.db, id);
  const ev: TimelineEvent[] = [{ at: createdAt, kind: 'created', summary: createdNote, by: null, ref: `account:${id}` }];
  // A date-only record made the same day as its row was written sorts at the moment it was written.
  const when = (date: string, createdAt: string) => (createdAt.slice(0, 10) === date ? createdAt : date);
  const sent = new Map<number, string[]>();
  for (const m of materials) sent.set(m.interaction_id, [...(sent.get(m.interaction_id) ?? []), m.material]);
  const others = new Map<number, string[]>();
  for (const p of present) others.set(p.interaction_id, [...(others.get(p.interaction_id) ?? []), p.name]);
  for (const i of ints) {
    const details = parseDetails(i.details);
    const mats = sent.get(i.id);
    const also = others.get(i.id) ?? [];
    const extra = describeDetails({ ...(details ?? {}), ...(mats ? { materials: mats } : {}) });
    const who = [i.contact, ...also].filter(Boolean).join(', ');
    const parts = [i.stage ? `[${i.stage}]` : null, i.summary, i.outcome ? `→ ${i.outcome}` : null, who ? `with ${who}` : null, extra ? `(${extra})` : null, i.next_step ? `next: ${i.next_step}${i.next_due ? ` by ${i.next_due}` : ''}` : null];
    const record: InteractionRecord = {
      id: i.id,
      kind: i.kind,
      stage: i.stage,
      contact: i.contact,
      alsoPresent: also,
      summary: i.summary,
      outcome: i.outcome,
      nextStep: i.next_step,
      nextDue: i.next_due,
      minutes: i.minutes,
      dealId: i.deal_id,
      visitId: i.visit_id,
      materials: mats ?? [],
      details,
    };
    ev.push({ at: i.occurred_at, kind: i.kind, summary: parts.filter(Boolean).join(' '), by: i.rep, ref: `interaction:${i.id}`, record });
  }
  const money = moneyConfig(ctx.config);
  for (const o of orders) {
    const cur = shownCurrency(money, o.currency);
    const s = `order ${fmtNumber(o.amount)} ${cur}${o.profit !== null ? ` (profit ${fmtNumber(o.profit)})` : ''}${o.product ? ` ${o.product}` : ''}${o.quantity ? ` ×${o.quantity}` : ''}`;
    ev.push({ at: when(o.ordered_on, o.created_at), kind: 'order', summary: s, by: null, ref: `order:${o.id}` });
  }
  for (const h of history) {
    const s = `deal "${h.title}" ${h.from_stage ?? 'new'} → ${h.to_stage}${h.skipped ? ` (skipped ${h.skipped})` : ''}${h.forced ? ' (moved back, forced)' : ''}${h.note ? `: ${h.note}` : ''}`;
    ev.push({ at: h.at, kind: 'stage', summary: s, by: null, ref: `deal:${h.deal_id}` });
  }
  for (const p of promises) {
    ev.push({ at: p.created_at, kind: 'promise', summary: `promised: ${p.what}${p.due_on ? ` by ${p.due_on}` : ''}${p.to_whom ? ` to ${p.to_whom}` : ''}`, by: p.made_by, ref: `promise:${p.id}` });
    if (p.done_at) ev.push({ at: p.done_at, kind: 'promise', summary: `${p.status}: ${p.what}`, by: p.made_by, ref: `promise:${p.id}` });
  }
  // a next step shows with the interaction that set it; here, when and how it closed
  for (const x of steps) {
    if (!x.closed_at) continue;
    ev.push({ at: x.closed_at, kind: 'next step', summary: `${x.status}: ${x.what}${x.note ? ` (${x.note})` : ''}`, by: null, ref: stepRef(x.kind, x.id) });
  }
  for (const c of complaints) {
    let steps: { step: string; at?: string; on?: string; note?: string | null }[] = [];
    try {
      steps = c.steps ? JSON.parse(c.steps) : [];
    } catch {
      steps = [];
    }
    if (!Array.isArray(steps)) steps = [];
    ev.push({ at: when(c.opened_on, c.created_at), kind: 'complaint', summary: `complaint${c.severity ? ` (${c.severity})` : ''}: ${c.summary}`, by: null, ref: `complaint:${c.id}` });
    const label: Record<string, string> = { acknowledge: 'acknowledged', act: 'resolved', 'follow-up': 'feedback given to the customer' };
    const stepped = new Set<string>();
    for (const st of steps) {
      if (st.step === 'listen') continue;
      stepped.add(st.step);
      const what = st.step === 'act' && c.resolution ? `resolved: ${c.resolution}` : `${label[st.step] ?? `step ${st.step}`}: ${c.summary}`;
      ev.push({ at: st.at ?? st.on ?? c.opened_on, kind: 'complaint', summary: `${what}${st.note && st.step !== 'act' ? ` (${st.note})` : ''}`, by: null, ref: `complaint:${c.id}` });
    }
    // Complaints written by other paths (imports, older versions) carry only the date columns.
    if (c.acknowledged_on && !stepped.has('acknowledge')) ev.push({ at: c.acknowledged_on, kind: 'complaint', summary: `acknowledged: ${c.summary}`, by: null, ref: `complaint:${c.id}` });
    if (c.resolved_on && !stepped.has('act')) ev.push({ at: c.resolved_on, kind: 'complaint', summary: `resolved: ${c.resolution ?? c.summary}`, by: null, ref: `complaint:${c.id}` });
    if (c.feedback_on && !stepped.has('follow-up')) ev.push({ at: c.feedback_on, kind: 'complaint', summary: `feedback given to the customer: ${c.summary}`, by: null, ref: `complaint:${c.id}` });
  }
  for (const s of surveys) {
    const dims = `product ${s.product_quality ?? '-'}, service ${s.service_quality ?? '-'}, price ${s.price ?? '-'}, communication ${s.communication ?? '-'}, overall ${s.overall ?? '-'}`;
    ev.push({ at: when(s.taken_on, s.created_at), kind: 'survey', summary: `survey: ${dims}${s.comment ? ` "${s.comment}"` : ''}`, by: null, ref: `survey:${s.id}` });
  }
  for (const h of handoffs) {
    ev.push({ at: h.at, kind: 'handoff', summary: `handed off ${h.from_rep ? `from ${h.from_rep} ` : ''}to ${h.to_rep}${h.note ? `: ${h.note}` : ''}`, by: h.from_rep, ref: `handoff:${h.id}` });
  }
  for (const s of signals) {
    ev.push({ at: s.noted_on, kind: 'signal', summary: `churn signal: ${s.kind}${s.note ? ` (${s.note})` : ''}${s.cleared_on ? `, cleared ${s.cleared_on}` : ''}`, by: null, ref: `signal:${s.id}` });
  }
  // Dates without a time sort before timestamps of the same day. Records written by one command
  // share its instant: the stage move comes first, then what was logged, then what followed from it.
  const rank = (k: string) => (k === 'created' ? 0 : k === 'stage' ? 1 : k === 'order' ? 3 : k === 'promise' || k === 'complaint' || k === 'survey' || k === 'handoff' || k === 'signal' || k === 'next step' ? 4 : 2);
  return ev.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : rank(x.kind) - rank(y.kind)));
}

/**
 * An account's revenue and profit in the base currency, each order at the rate of its date. One
 * account's file must open even when a rate is missing: it then shows the totals per currency and
 * names the rate to set, instead of adding them up raw.
 */
function orderMoney(m: Money, rows: readonly { amount: number; profit: number | null; currency: string | null; ordered_on: string }[]) {
  const by = new Map<string, number>();
  let revenue = 0;
  let profit = 0;
  let missing: string | null = null;
  for (const o of rows) {
    const cur = shownCurrency(m, o.currency);
    by.set(cur, (by.get(cur) ?? 0) + o.amount);
    const rate = rateOn(m, o.currency, o.ordered_on);
    if (rate === undefined) missing ??= cur;
    else {
      revenue += o.amount * rate;
      profit += (o.profit ?? 0) * rate;
    }
  }
  return {
    revenue: missing ? null : revenue,
    profit: missing ? null : profit,
    currency: m.base,
    byCurrency: [...by].map(([currency, r]) => ({ currency, revenue: r })),
    missingRate: missing ? `no exchange rate for ${missing}: set rates.${missing} in the config` : null,
  };
}
