// Value services: gather facts with set-based queries, score / tier / ladder / risk them with the
// pure domain functions, and write the results in one short transaction of prepared statements,
// so readers (WAL) are never blocked for long. `refreshValues` is what imports call afterwards.
import { getMeta, setMeta } from '../db/meta.js';
import * as repo from '../db/repositories/value.js';
import { addDays } from '../domain/dates.js';
import { daysBetween as daysFrom } from '../domain/dates.js';
import type { ScorePart } from '../domain/explain.js';
import { emptyFacts, type AccountFacts } from '../domain/facts.js';
import { ladderConfig, ladderMoves, movesToRecord, rungOf, type LadderMove } from '../domain/ladder.js';
import { churnSignals, riskConfig, type RiskSignal } from '../domain/risk.js';
import { bookCalibration, customerBase, decayBuckets, finishScore, leadPoints, roleLevel, scoringConfig, valuePoints, type Score } from '../domain/scoring.js';
import {
  abcTiers,
  keyFace,
  potentialLevel,
  profitTiers,
  relationship,
  tiersConfig,
  type Abc,
  type Face,
  type ProfitTier,
} from '../domain/tiers.js';
import { SALES_STAGES } from '../domain/vocab.js';
import { REFRESH_DEFAULTS, section } from '../domain/config.js';
import { moneyConfig, moneyStamp } from '../domain/money.js';
import { inTransaction, type ServiceContext } from './context.js';
import { refreshDueUrgency } from './due.js';
import { moneyFor, sqlRates, sqlRatesOn } from './money.js';
import { reachedByAccount, singleThreadedSignals } from './relationships.js';

const META_KEY = 'value_refresh';
const SNAPSHOT_SCORE_DELTA = 5;
const DEAL_STAGES = SALES_STAGES.slice(0, 6);
const QUALIFIED_STAGES = ['qualify', 'propose', 'negotiate', 'close'];
const MEETING_KINDS = ['visit', 'meeting', 'event'];
const CONTACT_KINDS = ['call', 'email', 'message'];

export interface AccountValue {
  id: number;
  facts: AccountFacts;
  value: Score;
  /** for accounts that have not bought yet */
  lead: Score | null;
  tier: Abc | null;
  profitTier: ProfitTier | null;
  face: Face | null;
  faceWhy: string;
  /** profit used for profit tiers: recorded, else revenue × assumed margin */
  profitBasis: number;
  profitAssumed: boolean;
  potential: string;
  relationship: string;
  grid: string;
  /** the dated path up the ladder: built only when a move is recorded */
  ladder: LadderMove[] | null;
  rung: string;
  risk: RiskSignal[];
}

export interface Computed {
  today: string;
  accounts: AccountValue[];
  byId: Map<number, AccountValue>;
  /** the stored row of each account as it was read, for change detection */
  stored: Map<number, repo.AccountRow>;
  /** milliseconds per phase and per read, for --debug */
  timings: Record<string, number>;
}

/** Starts the interactions aggregate in a worker thread, or returns null when not worth it or not possible. */
async function interactionsInWorker(ctx: ServiceContext, windows: repo.InteractionWindows): Promise<{ rows: Promise<unknown[][]> } | null> {
  // A worker's own connection would not see what an open transaction has written.
  if (!ctx.engine.shareable || ctx.engine.inTransaction()) return null;
  const min = section(ctx.config, 'refresh', REFRESH_DEFAULTS).workerMinInteractions;
  if ((await repo.interactionsHighWater(ctx.db)) < min) return null;
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const file = ['../value-aggregates.worker.js', './value-aggregates.worker.js']
    .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
    .find((f) => existsSync(f));
  if (!file) return null;
  const { Worker } = await import('node:worker_threads');
  // Wrapped in an object: returning the bare promise from this async function would await it here.
  const rows = new Promise<unknown[][]>((resolve, reject) => {
    const w = new Worker(file, { workerData: { location: ctx.engine.location, windows } });
    w.once('message', (m: { rows?: unknown[][]; error?: string }) => (m.rows ? resolve(m.rows) : reject(new Error(m.error))));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`refresh worker exited ${code}`)));
  });
  rows.catch(() => undefined);
  return { rows };
}

async function gatherFacts(ctx: ServiceContext, today: string, timings: Record<string, number>): Promise<{ facts: AccountFacts[]; rows: Map<number, repo.AccountRow> }> {
  const db = ctx.db;
  const sc = scoringConfig(ctx.config);
  const rc = riskConfig(ctx.config);
  const tomorrow = addDays(today, 1);
  const windows = {
    end: tomorrow,
    engagementFrom: addDays(tomorrow, -sc.engagementDays),
    coolingFrom: addDays(tomorrow, -rc.coolingWindowDays),
    coolingPreviousFrom: addDays(tomorrow, -2 * rc.coolingWindowDays),
    buckets: decayBuckets(tomorrow, sc.halfLifeDays),
    meetingKinds: MEETING_KINDS,
    contactKinds: CONTACT_KINDS,
  };
  // Each read is timed: `crm score --refresh --debug` prints where a refresh spends its time.
  const timed = async <X>(label: string, f: () => X | Promise<X>): Promise<X> => {
    const t = performance.now();
    const r = await f();
    timings[label] = Math.round(performance.now() - t);
    return r;
  };
  // The interactions aggregate runs in a worker thread (its own connection) while this thread
  // reads the rest; small databases, and tests running from source, do it in-process.
  const tw = performance.now();
  const intsInWorker = await interactionsInWorker(ctx, windows);
  // Revenue, profit and pipeline in the base currency (fails here, naming the currency, when a rate is missing).
  const money = await timed('money', () => moneyFor(ctx, ['orders', 'deals']));
  const accounts = await timed('accounts', () => repo.activeAccounts(ctx.engine));
  const orders = await timed('orders', () => repo.orderAggregates(ctx.engine, today, addDays(today, -rc.periodDays), addDays(today, -2 * rc.periodDays), sqlRates(money)));
  const deals = await timed('deals', () => repo.dealAggregates(ctx.engine, DEAL_STAGES, QUALIFIED_STAGES, tomorrow, sqlRatesOn(money, today)));
  const roles = await timed('roles', () => repo.prospectContactRoles(ctx.engine));
  const points = await timed('points', () => repo.accountsWithContactPoints(db));
  const complaints = await timed('complaints', () => repo.complaintAggregates(ctx.engine, today, addDays(today, -rc.complaintDays), addDays(today, -2 * rc.complaintDays)));
  const surveys = await timed('surveys', () => repo.surveysUpTo(ctx.engine, today));
  const signals = await timed('signals', () => repo.openSignals(db, today));
  const byId = new Map<number, AccountFacts>();
  const rows = new Map<number, repo.AccountRow>();
  // Plain property writes (no spreads or Object.assign): this loop runs over every account and
  // every aggregate row, and the facts objects must keep one shape.
  for (const a of accounts) {
    rows.set(a.id, a);
    const f = emptyFacts(a.id, a.created_at.slice(0, 10));
    f.employees = a.employees;
    f.industry = a.industry;
    f.source = a.source;
    f.expectedDemand = a.expected_demand;
    f.potential = a.potential;
    f.strategic = a.strategic === 1;
    f.keyFace = a.key_face;
    f.referredById = a.referred_by_id;
    byId.set(a.id, f);
  }
  for (const o of orders) {
    const f = byId.get(o.accountId);
    if (!f) continue;
    f.orders = o.orders;
    f.revenue = o.revenue;
    f.profit = o.profit;
    f.firstOrderOn = o.first;
    f.lastOrderOn = o.last;
    f.revenueRecent = o.recent;
    f.revenuePrevious = o.previous;
  }
  for (const f of byId.values()) {
    if (f.referredById === null || f.orders === 0) continue;
    const ref = byId.get(f.referredById);
    if (!ref) continue;
    ref.referredCustomers++;
    if (!ref.firstReferralOrderOn || f.firstOrderOn! < ref.firstReferralOrderOn) ref.firstReferralOrderOn = f.firstOrderOn;
  }
  for (const d of deals) {
    const f = byId.get(d.accountId);
    if (!f) continue;
    f.openDeals = d.openDeals;
    f.openDealAmount = d.openAmount;
    f.furthestOpenStage = d.furthestRank === null ? null : DEAL_STAGES[d.furthestRank] ?? null;
    f.qualifiedOn = d.qualifiedAt ? d.qualifiedAt.slice(0, 10) : null;
  }
  let intRows = intsInWorker ? await intsInWorker.rows.catch(() => null) : null;
  timings.intsWait = Math.round(performance.now() - tw);
  if (!intRows) intRows = await timed('ints', () => repo.interactionAggregateRows(ctx.engine, windows));
  for (const r of intRows) {
    const i = repo.decodeInteractionRow(r);
    const f = byId.get(i.accountId);
    if (!f) continue;
    f.interactions = i.n;
    f.firstInteractionOn = i.first;
    f.lastInteractionOn = i.last;
    f.recentInteractions = i.recent;
    f.coolingRecent = i.coolingRecent;
    f.coolingPrevious = i.coolingPrevious;
    f.needsOn = i.needsAt;
    f.meetingsDecayed = i.meetings;
    f.contactsDecayed = i.contacts;
  }
  // Only prospects' contacts are loaded: a buyer's contact count matters to neither score nor ladder.
  for (const c of roles) {
    const f = byId.get(c.accountId);
    if (!f) continue;
    f.contacts++;
    if (f.roleLevel >= 1) continue;
    const r = roleLevel(c.title, c.buyingRole, c.entryRoles);
    if (r.level > f.roleLevel) {
      f.roleLevel = r.level;
      f.roleLabel = r.label;
    }
  }
  for (const id of points) {
    const f = byId.get(id);
    if (f) f.hasContactPoints = true;
  }
  for (const c of complaints) {
    const f = byId.get(c.accountId);
    if (!f) continue;
    f.openComplaints = c.open;
    f.oldestOpenComplaintOn = c.oldestOpen;
    f.complaintsRecent = c.recent;
    f.complaintsPrevious = c.previous;
  }
  for (const r of surveys) {
    const f = byId.get(r[0] as number);
    if (!f) continue;
    const dims = [r[2], r[3], r[4], r[5]].filter((x): x is number => x !== null) as number[];
    const score = (r[6] as number | null) ?? (dims.length ? dims.reduce((x, y) => x + y, 0) / dims.length : null);
    if (score === null) continue;
    f.surveyOn = r[1] as string;
    f.surveyScore = score;
  }
  for (const s of signals) {
    const f = byId.get(s.account_id);
    if (f) f.signals.push({ id: s.id, kind: s.kind, notedOn: s.noted_on, note: s.note });
  }
  return { facts: [...byId.values()], rows };
}

/** Computes every score, tier, ladder and risk for all active accounts, without writing. */
export async function computeValues(ctx: ServiceContext, opts: { explain?: ReadonlySet<number> | 'all' } = {}): Promise<Computed> {
  const today = ctx.clock.today();
  const sc = scoringConfig(ctx.config);
  const tc = tiersConfig(ctx.config);
  const lc = ladderConfig(ctx.config);
  const rc = riskConfig(ctx.config);
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const { facts, rows } = await gatherFacts(ctx, today, timings);
  const t1 = performance.now();
  timings.gather = Math.round(t1 - t0);
  const currency = moneyConfig(ctx.config).base;
  const base = customerBase(facts, today, currency);
  // Scores are graded against the book: the points of every account first, then the band edges.
  const points = facts.map((f) => {
    const explain = opts.explain === 'all' || (opts.explain?.has(f.id) ?? false);
    return { value: valuePoints(f, base, today, sc, explain), lead: f.orders === 0 ? leadPoints(f, sc, explain) : null };
  });
  const valueCal = bookCalibration(points.flatMap((p, i) => (facts[i]!.orders > 0 ? [p.value.total] : [])), sc.calibration, 'customers');
  const leadCal = bookCalibration(points.flatMap((p) => (p.lead ? [p.lead.total] : [])), sc.calibration, 'prospects');
  const out: AccountValue[] = facts.map((f, i) => {
    const pts = points[i]!;
    const value = { ...finishScore(pts.value, valueCal), potentialShare: pts.value.potentialShare };
    const rung = rungOf(f, today, lc);
    const risk = churnSignals(f, rung, today, rc, currency);
    const potential = potentialLevel(f.potential, value.potentialShare, tc.grid);
    const rel = relationship(rung, f.firstInteractionOn ? daysFrom(f.firstInteractionOn, today) : null, risk.length, tc.grid);
    const profitAssumed = f.orders > 0 && f.profit === null;
    return {
      id: f.id,
      facts: f,
      value,
      lead: pts.lead ? finishScore(pts.lead, leadCal) : null,
      tier: null,
      profitTier: null,
      face: null,
      faceWhy: '',
      profitBasis: f.profit ?? f.revenue * tc.assumedMargin,
      profitAssumed,
      potential,
      relationship: rel,
      grid: `${potential}/${rel}`,
      ladder: null,
      rung,
      risk,
    };
  });
  const customers = out.filter((a) => a.facts.orders > 0);
  const abc = abcTiers(
    customers.map((a) => ({ id: a.id, amount: tc.by === 'profit' ? a.profitBasis : a.facts.revenue })),
    tc.a,
    tc.b,
  );
  const pt = profitTiers(
    customers.map((a) => ({ id: a.id, amount: a.profitBasis, highPotential: a.potential === 'high' })),
    tc,
  );
  for (const a of out) {
    a.tier = abc.get(a.id) ?? null;
    a.profitTier = pt.get(a.id) ?? null;
    const f = a.facts;
    const face = keyFace(
      {
        strategic: f.strategic,
        handFace: f.keyFace,
        tier: a.tier,
        profitTier: a.profitTier,
        revenue: f.revenue,
        profit: a.profitBasis,
        orders: f.orders,
        spanDays: f.firstOrderOn && f.lastOrderOn ? daysFrom(f.firstOrderOn, f.lastOrderOn) : 0,
      },
      tc.face,
    );
    a.face = face.face;
    a.faceWhy = face.why;
  }
  // Relationship breadth needs the tiers and faces just computed: a strategic account that reached
  // only one named person in the window is single-threaded (issue 19).
  const tr = performance.now();
  const thin = await singleThreadedSignals(
    ctx,
    out.map((a) => ({ id: a.id, strategic: a.facts.strategic, tier: a.tier, face: a.face })),
    await reachedByAccount(ctx),
  );
  const byId = new Map(out.map((a) => [a.id, a]));
  for (const [id, signal] of thin) byId.get(id)?.risk.push(signal);
  timings.reach = Math.round(performance.now() - tr);
  timings.compute = Math.round(performance.now() - t1);
  return { today, accounts: out, byId, stored: rows, timings };
}

/** Everything a refresh derives for an account, stored as one string so an unchanged account costs one comparison. */
interface State {
  vs: number;
  ls: number | null;
  tier: string | null;
  profitTier: string | null;
  rung: string;
  face: string | null;
  grid: string;
  revenue: number;
  profit: number | null;
  risk: string | null;
}

const SEP = '\u001f';

export function stateKey(s: State): string {
  return [s.vs, s.ls ?? '', s.tier ?? '', s.profitTier ?? '', s.rung, s.face ?? '', s.grid, s.revenue, s.profit ?? '', s.risk ?? ''].join(SEP);
}

export function parseState(key: string): State {
  const p = key.split(SEP);
  const str = (x: string | undefined) => (x === undefined || x === '' ? null : x);
  const num = (x: string | undefined) => (x === undefined || x === '' ? null : Number(x));
  return {
    vs: Number(p[0]),
    ls: num(p[1]),
    tier: str(p[2]),
    profitTier: str(p[3]),
    rung: p[4] ?? '',
    face: str(p[5]),
    grid: p[6] ?? '',
    revenue: Number(p[7]),
    profit: num(p[8]),
    // the risk JSON never contains the separator (a control character)
    risk: str(p.slice(9).join(SEP)),
  };
}

// Raised when the way values are computed changes, so that stored values are recomputed on upgrade.
const METHOD = 3; // 2: scores calibrated against the book; 3: the single-threaded signal

function configStamp(ctx: ServiceContext): string {
  // Stored revenue and tiers are in the base currency: new rates or a new base make them stale.
  return JSON.stringify([METHOD, ctx.config.scoring, ctx.config.tiers, ctx.config.ladder, ctx.config.risk, ctx.config.relationships, moneyStamp(moneyConfig(ctx.config))]);
}

export interface RefreshResult {
  today: string;
  accounts: number;
  updated: number;
  snapshots: number;
  ladderMoves: number;
  computed: Computed;
}

/**
 * Recomputes and stores every account's scores, tiers, ladder and risk, snapshots what changed
 * (score_snapshots, ladder_history) and records when it ran. Call after anything that changes many
 * accounts at once (an import); listings call `ensureFresh` instead.
 */
export async function refreshValues(ctx: ServiceContext): Promise<RefreshResult> {
  const tf = performance.now();
  const fingerprint = await repo.dataFingerprint(ctx.db);
  const fingerprintMs = Math.round(performance.now() - tf);
  const computed = await computeValues(ctx);
  computed.timings.fingerprint = fingerprintMs;
  const tw = performance.now();
  const stored = computed.stored;
  const lc = ladderConfig(ctx.config);
  const today = computed.today;
  const engine = ctx.engine;
  let updated = 0;
  let snapshots = 0;
  let moves = 0;
  await inTransaction(ctx, async (t) => {
    const db = t.db;
    // Statements compiled by Kysely (portable) with placeholder values, prepared once, run many times.
    const st = repo.refreshStatements(db);
    const upd = engine.prepare(st.update);
    const snap = engine.prepare(st.snapshot);
    const clearLadder = engine.prepare(st.clearLadder);
    const addLadder = engine.prepare(st.addLadder);
    const nthOrder = engine.prepare(st.nthOrder);
    const lastLadder = engine.prepare(st.lastLadder);
    const nth = async (id: number, n: number) => (await nthOrder.get<{ ordered_on: string }>([id, today, 1, n]))?.ordered_on ?? null;
    for (const a of computed.accounts) {
      const s = stored.get(a.id);
      if (!s) continue;
      const vs = a.value.score;
      const ls = a.lead?.score ?? null;
      const face = s.key_face ?? a.face;
      const risk = a.risk.length ? JSON.stringify(a.risk) : null;
      const profit = a.facts.profit;
      const now: State = { vs, ls, tier: a.tier, profitTier: a.profitTier, rung: a.rung, face, grid: a.grid, revenue: a.facts.revenue, profit, risk };
      const key = stateKey(now);
      if (key === s.value_state) continue;
      const old = s.value_state === null ? null : parseState(s.value_state);
      await upd.run([vs, ls, a.tier, a.profitTier, a.rung, a.face, a.grid, a.facts.revenue, profit, risk, a.risk.length, key, a.id]);
      updated++;
      const changedState =
        !old || old.tier !== a.tier || old.profitTier !== a.profitTier || old.rung !== a.rung || old.face !== face || old.grid !== a.grid;
      // A snapshot on every one-point wobble would add most of the base every day: record state
      // changes, and scores that moved by SNAPSHOT_SCORE_DELTA or more.
      const bigMove = (x: number | null, y: number | null) =>
        (x === null) !== (y === null) || (x !== null && y !== null && Math.abs(x - y) >= SNAPSHOT_SCORE_DELTA);
      if (changedState || bigMove(old!.vs, vs) || bigMove(old!.ls, ls)) {
        await snap.run([a.id, today, vs, ls, a.tier, a.profitTier, face, a.grid, a.rung]);
        snapshots++;
      }
      if (!old || old.rung !== a.rung) {
        // Date the moves properly now that they are recorded: the 2nd and the loyal order.
        const f = a.facts;
        if (f.orders >= 2) {
          f.secondOrderOn = await nth(a.id, 1);
          if (f.orders >= lc.loyalOrders) f.loyalOrderOn = await nth(a.id, Math.max(2, lc.loyalOrders) - 1);
        }
        a.ladder = ladderMoves(f, today, lc);
        const previous = old === null ? null : (await lastLadder.get<{ rung: string; since: string }>([a.id, 1])) ?? null;
        if (previous === null) await clearLadder.run([a.id]);
        for (const m of movesToRecord(previous, a.ladder, f.lastOrderOn)) {
          await addLadder.run([a.id, m.rung, m.since]);
          moves++;
        }
      }
    }
    // The due list ranks by tier and value: bring its stored urgencies in line in the same commit.
    if (updated) await refreshDueUrgency(db, ctx.config);
    await setMeta(db, META_KEY, JSON.stringify({ on: today, fingerprint, config: configStamp(ctx) }));
  });
  computed.timings.write = Math.round(performance.now() - tw);
  return { today, accounts: computed.accounts.length, updated, snapshots, ladderMoves: moves, computed };
}

/** True when the stored values were computed today from the data as it is now. */
export async function isFresh(ctx: ServiceContext): Promise<boolean> {
  const m = await getMeta(ctx.db, META_KEY);
  if (!m) return false;
  const meta = JSON.parse(m) as { on: string; fingerprint: string; config: string };
  if (meta.on !== ctx.clock.today() || meta.config !== configStamp(ctx)) return false;
  return meta.fingerprint === (await repo.dataFingerprint(ctx.db));
}

/** Refreshes when the stored values are stale; returns the refresh when one ran. */
export async function ensureFresh(ctx: ServiceContext, force = false): Promise<RefreshResult | null> {
  if (!force && (await isFresh(ctx))) return null;
  return refreshValues(ctx);
}

export type { ScorePart };
