// Visit plans: whom to visit on a trip, in which order, with a brief per visit, saved so the
// visits can be logged against the plan and reported on.
import { shownCurrency } from '../domain/money.js';
import * as repo from '../db/repositories/due.js';
import * as visits from '../db/repositories/visits.js';
import { getInteractionAccount } from '../db/repositories/interactions.js';
import { deleteVisitPlan } from '../db/repositories/visit-plans.js';
import { section } from '../domain/config.js';
import { addDays } from '../domain/dates.js';
import { accountCandidates, dueSettings } from '../domain/due.js';
import { NotFoundError, UsageError } from '../domain/errors.js';
import { checkTextLengths } from '../domain/limits.js';
import { placeKey } from '../domain/places.js';
import { parseDetails, type VisitReport } from '../domain/stage-record.js';
import { DEFAULT_VISITS, layout, MOODS, pickMix, scoreCandidate, tripDays, type VisitClass, type VisitsConfig } from '../domain/visits.js';
import { accountTouched } from './activity.js';
import { inTransaction, type ServiceContext } from './context.js';
import { moneyFor, sqlRates } from './money.js';
import { loadInputs } from './due.js';
import { writeInteraction } from './interactions.js';
import { nextStepStatuses, openNextStep, stepsAgreedAt, type NextStepStatus } from './next-steps.js';
import { placeSpellings, romanizerFor } from './places.js';
import { addVisitReport, checkReport, hasReport, type VisitReportInput } from './visit-reports.js';

export interface PlanOptions {
  region?: string;
  city?: string;
  from?: string;
  days?: number;
  perDay?: number;
  owner?: string;
  /** customers to list for notice of the trip (0 = all) */
  notify?: number;
  /** keep the plan (visit_plans, visits) so visits can be logged against it; else a preview */
  save?: boolean;
}

export interface Person {
  name: string;
  title: string | null;
  roles: string | null;
  personality: string | null;
  hobbies: string | null;
  phone: string | null;
}

export interface VisitBrief {
  /** null in a preview (a plan not saved) */
  visitId: number | null;
  day: string;
  seq: number;
  accountId: number;
  account: string;
  city: string | null;
  address: string | null;
  tier: string | null;
  class: VisitClass;
  score: number;
  why: string[];
  purpose: string;
  preparations: string[];
  mustDiscuss: string[];
  mustGo: string[];
  people: Person[];
  recentOrders: { on: string; amount: number; currency: string; product: string | null }[];
  openPromises: { what: string; dueOn: string | null }[];
  openComplaints: { summary: string; status: string; openedOn: string }[];
  lastInteractions: { on: string; kind: string; stage: string | null; summary: string | null; outcome: string | null }[];
  deals: { title: string; stage: string; amount: number | null; currency: string | null; probability: number | null; expectedClose: string | null; competitor: string | null }[];
  dueItems: string[];
}

export interface NotifyRow {
  accountId: number;
  account: string;
  city: string | null;
  contact: string | null;
  phone: string | null;
  visiting: boolean;
}

export interface VisitPlan {
  /** null in a preview: nothing was written */
  planId: number | null;
  from: string;
  to: string;
  days: string[];
  region: string | null;
  city: string | null;
  perDay: number;
  mix: { target: VisitsConfig['mix']; planned: Record<VisitClass, number> };
  visits: VisitBrief[];
  notify: NotifyRow[];
  /** customers of the area past the notify limit */
  notifyMore: number;
  candidates: number;
}

const money = (n: number) => (Math.round(n * 100) / 100).toLocaleString('en-US');

export async function planVisits(ctx: ServiceContext, o: PlanOptions): Promise<VisitPlan> {
  const cfg = section(ctx.config, 'visits', DEFAULT_VISITS);
  const from = o.from ?? ctx.clock.today();
  const nDays = o.days ?? cfg.days;
  const perDay = o.perDay ?? cfg.perDay;
  if (nDays < 1 || nDays > 60) throw new UsageError('--days must be between 1 and 60');
  if (perDay < 1 || perDay > 20) throw new UsageError('--per-day must be between 1 and 20');
  const days = tripDays(from, nDays, cfg.weekends);
  const end = days[days.length - 1]!;
  const db = ctx.db;

  // Each class's best candidates are scored in SQL; details only for the chosen few.
  const ownerId = o.owner ? (await repo.repId(db, o.owner)) ?? -1 : undefined;
  const slots = days.length * perDay;
  // 深圳 and Shenzhen are one place: the area is every stored spelling of the city or region asked for
  const area = {
    region: o.region ? await placeSpellings(ctx, 'region', o.region) : undefined,
    city: o.city ? await placeSpellings(ctx, 'city', o.city) : undefined,
    ownerId,
  };
  const closeBy = addDays(end, cfg.closeWithinDays);
  const rows = await repo.visitCandidates(db, { ...area, from, end, closeBy, perClass: slots, points: cfg.points });
  const scored = rows.map((a) =>
    scoreCandidate(
      {
        accountId: a.id,
        city: a.city,
        region: a.region,
        tier: a.tier,
        strategic: !!a.strategic,
        isCustomer: !!a.last_order_on,
        valueScore: a.value_score,
        nextDueOn: a.next_due_on,
        expectedDemand: a.expected_demand,
        dealNearClose: Number(a.near) > 0,
        riskSignals: Number(a.churn) + (a.ladder === 'dormant' || a.ladder === 'defector' ? 1 : 0),
        openComplaints: Number(a.complaints),
      },
      from,
      end,
      cfg,
    ),
  );
  const candidates = await repo.countArea(db, area);
  const picked = pickMix(scored, slots, cfg.mix);
  const rom = await romanizerFor(picked.flatMap((p) => [p.city, p.region]));
  const laid = layout(picked, days, perDay, (p) => (p.city ? placeKey(p.city, p.region, rom) : `region:${placeKey(p.region, null, rom)}`));
  const briefs = await buildBriefs(ctx, laid.map((l) => ({ day: l.day, seq: l.seq, c: l.item })), end);

  // Customers of the area asked for (else of the cities visited, in any spelling) to notify of the trip.
  const visited = [...new Set(laid.map((l) => l.item.city).filter((c): c is string => !!c))];
  const cities = visited.length && !(o.region || o.city) ? await placeSpellings(ctx, 'city', visited) : visited;
  const visiting = new Set(laid.map((l) => l.item.accountId));
  const notifyLimit = o.notify ?? cfg.notifyLimit;
  const cust = await repo.areaCustomers(db, area, o.region || o.city ? undefined : cities, notifyLimit);
  const notify = await notifyList(ctx, cust.ids, visiting);
  const notifyMore = Math.max(0, cust.total - cust.ids.length);

  const planned: Record<VisitClass, number> = { vip: 0, ordinary: 0, prospect: 0 };
  for (const b of briefs) planned[b.class]++;

  const plan = { from, to: end, days, region: o.region ?? null, city: o.city ?? null, perDay, mix: { target: cfg.mix, planned }, candidates, notifyMore };
  if (!o.save) return { planId: null, ...plan, visits: briefs.map((b) => ({ ...b, visitId: null })), notify };
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now();
    const planId = await visits.insertPlan(t.db, { created_at: now, from_on: from, days: days.length, region: o.region ?? null, city: o.city ?? null, body: '{}' });
    for (const b of briefs) {
      b.visitId = await visits.insertVisit(t.db, { plan_id: planId, account_id: b.accountId, day: b.day, seq: b.seq, purpose: b.purpose, status: 'planned', interaction_id: null });
    }
    const full: VisitPlan = { planId, ...plan, visits: briefs, notify };
    await visits.setPlanBody(t.db, planId, JSON.stringify(full));
    return full;
  });
}

async function notifyList(ctx: ServiceContext, ids: number[], visiting: Set<number>): Promise<NotifyRow[]> {
  if (!ids.length) return [];
  const accounts = await visits.accountNamesAndCities(ctx.db, ids);
  const people = await repo.contactsOf(ctx.db, ids);
  const phones = await repo.phonesOf(ctx.db, ids);
  const firstContact = new Map<number, (typeof people)[number]>();
  for (const p of people) if (!firstContact.has(p.account_id)) firstContact.set(p.account_id, p);
  const phoneBy = new Map<string, string>();
  for (const p of phones) {
    const k = p.contact_id !== null ? `c${p.contact_id}` : `a${p.account_id}`;
    if (!phoneBy.has(k)) phoneBy.set(k, p.value);
    if (!phoneBy.has(`any${p.account_id}`)) phoneBy.set(`any${p.account_id}`, p.value);
  }
  return accounts
    .map((a) => {
      const c = firstContact.get(a.id);
      return {
        accountId: a.id,
        account: a.name,
        city: a.city,
        contact: c?.name ?? null,
        phone: (c ? phoneBy.get(`c${c.id}`) : undefined) ?? phoneBy.get(`a${a.id}`) ?? phoneBy.get(`any${a.id}`) ?? null,
        visiting: visiting.has(a.id),
      };
    })
    .sort((x, y) => (x.city ?? '').localeCompare(y.city ?? '') || x.account.localeCompare(y.account));
}

type Picked = { day: string; seq: number; c: ReturnType<typeof scoreCandidate> };

async function buildBriefs(ctx: ServiceContext, picked: Picked[], end: string): Promise<VisitBrief[]> {
  if (!picked.length) return [];
  const db = ctx.db;
  const ids = picked.map((p) => p.c.accountId);
  const s = dueSettings(ctx.config);
  const accountRows = await repo.accountsByIds(db, ids);
  const { inputs } = await loadInputs(db, accountRows);
  const inputBy = new Map(inputs.map((i) => [i.account.id, i]));
  const details = new Map((await visits.briefAccounts(db, ids)).map((a) => [a.id, a]));
  const people = await repo.contactsOf(db, ids);
  const phones = await repo.phonesOf(db, ids);
  const phoneOf = new Map<number, string>();
  for (const p of phones) if (p.contact_id !== null && !phoneOf.has(p.contact_id)) phoneOf.set(p.contact_id, p.value);
  const companyPhone = new Map<number, string>();
  for (const p of phones) if (!companyPhone.has(p.account_id)) companyPhone.set(p.account_id, p.value);
  const since = addDays(ctx.clock.today(), -365);
  // Sales records in a brief say their currency; the year's total is in the base.
  const m = await moneyFor(ctx, ['orders']);
  const rates = sqlRates(m);

  const briefs: VisitBrief[] = [];
  for (const { day, seq, c } of picked) {
    const id = c.accountId;
    const a = details.get(id)!;
    const { orders, year, promises, complaints, last, deals, materials } = await visits.briefHistory(db, id, since, rates);
    const closeBy = addDays(end, section(ctx.config, 'visits', DEFAULT_VISITS).closeWithinDays);
    const nearDeal = deals.find((d) => ['negotiate', 'close'].includes(d.stage)) ?? deals.find((d) => d.expected_close && d.expected_close <= closeBy);
    const input = inputBy.get(id);
    const due = input ? accountCandidates(input, s).filter((x) => x.appearOn <= end).sort((x, y) => x.dueOn.localeCompare(y.dueOn)) : [];
    const ppl: Person[] = people
      .filter((p) => p.account_id === id)
      .map((p) => ({ name: p.name, title: p.title, roles: [p.buying_role, p.entry_roles].filter(Boolean).join(', ') || null, personality: p.personality, hobbies: p.hobbies, phone: phoneOf.get(p.id) ?? null }));
    const users = ppl.filter((p) => /user|operator/i.test(p.roles ?? ''));
    const power = ppl.find((p) => /decision|power/i.test(p.roles ?? '')) ?? ppl[0];

    let purpose: string;
    if (complaints.length) purpose = `resolve the open complaint: ${complaints[0]!.summary}`;
    else if (nearDeal) purpose = `move the deal "${nearDeal.title}" to a close (${nearDeal.stage})`;
    else if (due[0]) purpose = due[0].reason;
    else if (c.cls === 'vip') purpose = 'periodic business review with a key account (VIP care)';
    else if (c.cls === 'prospect') purpose = 'first visit: needs analysis (when will they need it, and how much?)';
    else purpose = 'keep in touch: account care, look for the next order';

    const bring = [
      orders.length ? `recent orders ${orders.map((o) => `${o.ordered_on} ${money(o.amount)} ${shownCurrency(m, o.currency)}${o.product ? ` ${o.product}` : ''}`).join('; ')}` : 'no orders yet: bring the catalogue and references',
      materials.length ? `already sent: ${materials.map((m) => m.material).join(', ')} (bring something new)` : null,
    ].filter(Boolean);
    briefs.push({
      visitId: 0,
      day,
      seq,
      accountId: id,
      account: a.name,
      city: a.city,
      address: a.address,
      tier: a.tier,
      class: c.cls,
      score: c.score,
      why: c.why,
      purpose,
      preparations: [
        `Purpose: ${purpose}`,
        `Appointment: ${day}, visit ${seq} of the day at ${[a.address, a.city].filter(Boolean).join(', ') || 'their office'}; book it with ${power ? `${power.name}${power.phone ? ` (${power.phone})` : ''}` : 'the company'}${companyPhone.get(id) && !power?.phone ? ` ${companyPhone.get(id)}` : ''}`,
        `Sales records and materials: ${bring.join('; ')}`,
      ],
      mustDiscuss: [
        `Their market and our product's sales there: ${a.main_business ?? a.industry ?? 'their business'}; last 12 months ${Number(year?.n ?? 0)} orders, ${money(Number(year?.total ?? 0))} ${m.base}`,
        `Market dynamics and competitors: ${[a.industry_position ? `position: ${a.industry_position}` : null, ...deals.filter((d) => d.competitor).map((d) => `competitor on "${d.title}": ${d.competitor}`)].filter(Boolean).join('; ') || 'ask who else supplies them and what is changing'}`,
        `Current problems and solutions: ${[...complaints.map((x) => `complaint (${x.status}): ${x.summary}`), ...promises.map((p) => `our promise: ${p.what}${p.due_on ? ` by ${p.due_on}` : ''}`)].join('; ') || 'ask about current problems with our product and service'}`,
      ],
      mustGo: [
        `The market: ${a.city ?? 'their area'}${a.industry ? `, ${a.industry}` : ''}: see where our product sells and at what price`,
        `The distribution channel: ${a.supply_channels ? `${a.supply_channels} supply channel${a.supply_channels === 'multiple' ? 's' : ''}` : 'how they buy and resell'}${a.buying_mode ? `; buying done by the ${a.buying_mode}` : ''}`,
        `The people who use the product: ${users.length ? users.map((u) => u.name).join(', ') : 'ask to meet the users / operators'}`,
      ],
      people: ppl,
      recentOrders: orders.map((o) => ({ on: o.ordered_on, amount: o.amount, currency: shownCurrency(m, o.currency), product: o.product })),
      openPromises: promises.map((p) => ({ what: p.what, dueOn: p.due_on })),
      openComplaints: complaints.map((x) => ({ summary: x.summary, status: x.status, openedOn: x.opened_on })),
      lastInteractions: last.map((l) => ({ on: l.occurred_at.slice(0, 10), kind: l.kind, stage: l.stage, summary: l.summary, outcome: l.outcome })),
      deals: deals.map((d) => ({ title: d.title, stage: d.stage, amount: d.amount, currency: d.amount === null ? null : shownCurrency(m, d.currency), probability: d.probability, expectedClose: d.expected_close, competitor: d.competitor })),
      dueItems: due.map((d) => `${d.kind}: ${d.reason}`),
    });
  }
  return briefs;
}

// ---- after the trip -------------------------------------------------------------------------

export async function planList(ctx: ServiceContext) {
  const rows = await visits.listPlans(ctx.db);
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, from: r.from_on, days: r.days, region: r.region, city: r.city, visits: Number(r.visits ?? 0), done: Number(r.done ?? 0) }));
}

export async function getPlan(ctx: ServiceContext, planId?: number): Promise<VisitPlan> {
  const row = await visits.getPlan(ctx.db, planId);
  if (!row) throw new NotFoundError(planId === undefined ? 'no visit plan yet' : `visit plan ${planId} not found`, 'make one with: crm plan visits');
  return JSON.parse(row.body) as VisitPlan;
}

/** Deletes a saved plan and its visits; interactions logged for them stay in the timeline, unlinked. */
export async function deletePlan(ctx: ServiceContext, planId: number): Promise<{ planId: number; visits: number; logged: number }> {
  return inTransaction(ctx, async (t) => {
    const r = await deleteVisitPlan(t.db, planId);
    if (!r) throw new NotFoundError(`visit plan ${planId} not found`, 'the saved plans: crm plan list');
    for (const a of r.accountIds) await accountTouched(t.db, a, t.config);
    return { planId, visits: r.visits, logged: r.logged };
  });
}

/** A saved visit: its account and the purpose its brief gave (the report's default goal). */
export async function visitInfo(ctx: ServiceContext, visitId: number) {
  const v = await visits.getVisit(ctx.db, visitId);
  if (!v) throw new NotFoundError(`visit ${visitId} not found`, 'the ids are in crm plan report');
  return { visitId: v.id, accountId: v.account_id, purpose: v.purpose, status: v.status };
}

export interface VisitDoneOptions {
  skipped?: boolean;
  interactionId?: number;
  note?: string;
  minutes?: number;
  by?: string;
  /** a next step agreed at the visit (like crm log --next); --replaces names an open step it replaces */
  nextStep?: string;
  nextDue?: string;
  replaces?: string;
  /** the visit report (issue 19): goal met, learned, problems and solutions, next steps, mood, people met */
  report?: VisitReportInput;
}

export async function visitDone(ctx: ServiceContext, visitId: number, o: VisitDoneOptions) {
  checkTextLengths(o);
  const withReport = hasReport(o.report);
  if (withReport) {
    if (o.skipped) throw new UsageError('a skipped visit has no report: drop --skipped or the report options');
    checkReport(o.report!);
  }
  return inTransaction(ctx, async (t) => {
    const v = await visits.getVisit(t.db, visitId);
    if (!v) throw new NotFoundError(`visit ${visitId} not found`, 'the ids are in crm plan report');
    let interactionId = o.interactionId ?? null;
    if (interactionId !== null) {
      const i = await getInteractionAccount(t.db, interactionId);
      if (!i || i.account_id !== v.account_id) throw new NotFoundError(`interaction ${interactionId} not found at this visit's account`);
      await visits.linkInteraction(t.db, interactionId, visitId);
    } else if (!o.skipped) {
      // The visit happened: log it as an interaction so the timeline, cadence and due list see it.
      const now = t.clock.now();
      const logged = await writeInteraction(t, v.account_id, { kind: 'visit', summary: o.note ?? `planned visit: ${v.purpose ?? ''}`.trim(), minutes: o.minutes, by: o.by }, null, `${t.clock.today()}${now.slice(10)}`);
      interactionId = logged.id;
      await visits.linkInteraction(t.db, interactionId, visitId);
    }
    const report = withReport ? await addVisitReport(t, interactionId!, o.report!, { goal: v.purpose }) : null;
    await visits.setVisitStatus(t.db, visitId, o.skipped ? 'skipped' : 'done', interactionId);
    // a next step agreed at the visit is an open commitment like any other
    const step = o.nextStep || o.nextDue ? await openNextStep(t, v.account_id, { what: o.nextStep, dueOn: o.nextDue, interactionId, replaces: o.replaces }) : null;
    if (!step && o.replaces !== undefined) throw new UsageError('--replaces goes with --next', 'name the step the new --next replaces');
    await accountTouched(t.db, v.account_id, t.config);
    return { visitId, accountId: v.account_id, status: o.skipped ? 'skipped' : 'done', interactionId, report, step: step ? { id: step.id, kind: step.kind, what: step.what, dueOn: step.dueOn, replaced: step.replaced } : null, stillOpen: step?.stillOpen ?? [] };
  });
}

export interface PlanReportRow {
  visitId: number;
  day: string;
  seq: number;
  accountId: number;
  account: string;
  class: VisitClass | null;
  purpose: string | null;
  status: 'planned' | 'done' | 'skipped' | 'missed';
  doneOn: string | null;
  /** the report written after the visit, null when none was */
  report: VisitReport | null;
  /** the brief against what happened */
  goalMet: string | null;
  peopleBriefed: string[];
  peopleMet: string[];
  /** people of the brief nobody met */
  notMet: string[];
  nextSteps: { what: string; due: string | null; status: NextStepStatus }[];
  mood: string | null;
}

export async function planReport(ctx: ServiceContext, planId?: number) {
  const plan = await getPlan(ctx, planId);
  const today = ctx.clock.today();
  const planned = await visits.visitsOfPlan(ctx.db, plan.planId ?? -1);
  const ids = planned.map((v) => v.account_id);
  const toEnd = addDays(plan.to, 1);
  // A visit logged at the account during the trip counts, linked or not.
  const logged = await visits.visitsLogged(ctx.db, ids, plan.from, toEnd);
  const linked = await visits.interactionsOfVisits(ctx.db, planned.map((v) => v.id));
  const unplanned = await visits.unplannedVisits(ctx.db, plan.from, toEnd, planned.map((v) => v.id), ids);
  const cls = new Map(plan.visits.map((b) => [b.accountId, b.class]));
  const briefs = new Map(plan.visits.map((b) => [b.visitId, b]));
  const found = planned.map((v) => {
    // the visit's own interaction, else one with a report, else any visit at the account in the trip
    const mine = logged.filter((l) => l.account_id === v.account_id);
    return linked.find((l) => l.visit_id === v.id) ?? mine.find((l) => l.visit_id === null && reportOf(l.details)) ?? mine.find((l) => l.visit_id === null) ?? mine[0];
  });
  // A visit's next steps are the steps its interaction set (report, --next, crm log); reports
  // written before steps had their own table kept them as promises, found by the report's refs.
  const agreed = await stepsAgreedAt(ctx, found.flatMap((l) => (l ? [l.id] : [])));
  const refs = found.flatMap((l) => reportOf(l?.details ?? null)?.nextSteps?.map((x) => x.ref).filter((r): r is string => !!r && r.startsWith('promise:')) ?? []);
  const stepStatus = await nextStepStatuses(ctx, refs);
  const stepsOf = (link: (typeof found)[number], report: VisitReport | null) => {
    const own = link ? agreed.get(link.id) ?? [] : [];
    const earlier = (report?.nextSteps ?? [])
      .filter((x) => x.ref?.startsWith('promise:'))
      .map((x) => ({ what: x.what, due: x.due ?? null, status: stepStatus.get(x.ref!) ?? ('unknown' as const) }));
    return [...earlier, ...own.map((x) => ({ what: x.what, due: x.due, status: x.status }))];
  };
  const rows: PlanReportRow[] = planned.map((v, k) => {
    const link = found[k];
    let status: PlanReportRow['status'] = v.status;
    if (status === 'planned' && link) status = 'done';
    if (status === 'planned' && v.day < today) status = 'missed';
    const report = link ? reportOf(link.details) : null;
    const briefed = briefs.get(v.id)?.people.map((p) => p.name) ?? [];
    const met = report?.met ?? [];
    return {
      visitId: v.id,
      day: v.day,
      seq: v.seq,
      accountId: v.account_id,
      account: v.name,
      class: cls.get(v.account_id) ?? null,
      purpose: v.purpose,
      status,
      doneOn: link ? link.occurred_at.slice(0, 10) : null,
      report,
      goalMet: report?.goalMet ?? null,
      peopleBriefed: briefed,
      peopleMet: met,
      notMet: report ? briefed.filter((n) => !met.includes(n)) : [],
      nextSteps: stepsOf(link, report),
      mood: report?.mood ?? null,
    };
  });
  const count = (f: (r: PlanReportRow) => boolean) => rows.filter(f).length;
  const steps = rows.flatMap((r) => r.nextSteps);
  const stepCount = (st: NextStepStatus) => steps.filter((x) => x.status === st).length;
  const byClass = (['vip', 'ordinary', 'prospect'] as const).map((c) => ({
    class: c,
    target: plan.mix.target[c],
    planned: count((r) => r.class === c),
    done: count((r) => r.class === c && r.status === 'done'),
  }));
  return {
    planId: plan.planId,
    from: plan.from,
    to: plan.to,
    region: plan.region,
    city: plan.city,
    planned: rows.length,
    done: count((r) => r.status === 'done'),
    skipped: count((r) => r.status === 'skipped'),
    missed: count((r) => r.status === 'missed'),
    open: count((r) => r.status === 'planned'),
    unplannedVisits: unplanned,
    reports: count((r) => r.report !== null),
    goals: { met: count((r) => r.goalMet === 'yes'), partly: count((r) => r.goalMet === 'partly'), notMet: count((r) => r.goalMet === 'no') },
    nextSteps: { agreed: steps.length, open: stepCount('open'), overdue: stepCount('overdue'), done: stepCount('done'), cancelled: stepCount('cancelled') + stepCount('replaced'), broken: stepCount('broken') },
    moods: Object.fromEntries(MOODS.map((m) => [m, count((r) => r.mood === m)]).filter(([, n]) => n)) as Record<string, number>,
    byClass,
    visits: rows,
  };
}

function reportOf(details: string | null): VisitReport | null {
  const d = parseDetails(details);
  return d && d.report && typeof d.report === 'object' ? (d.report as VisitReport) : null;
}
