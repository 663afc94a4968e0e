#!/usr/bin/env node
// `npm start`: the main job on a demo database. Creates ./demo.db from fixtures/demo/ on first run
// (228 accounts of a rep selling lighting, electronics and hardware to distributors, retailers and
// wholesalers in China and Europe), then prints an overview by running `crm` itself, the way a
// user would. "Today" is fixed at 2026-11-23 so the overview is the same every day.
//
//   npm start                         uses ./demo.db in the current directory
//   node scripts/demo.mjs --db PATH   another file (the e2e test uses a temp dir)
//   node scripts/demo.mjs --reset     rebuild the database from the fixtures first
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAppLib, ROOT } from './lib/app-lib.mjs';

const DEMO_TODAY = '2026-11-23';

// What the overview shows, in order: a title and the `crm` arguments (run with --db, --config and --as-of).
// When a command lands, showing it is one line here.
const SECTIONS = [
  ['Due today: whom to contact and why', ['due', '--limit', '15']],
  ['The database', ['db', 'info']],
  ['Top accounts (tier A, by name)', ['account', 'list', '--tier', 'A', '--limit', '12']],
  ['Best customers by value score (graded against this book)', ['score', '--limit', '10']],
  ['Trade-show leads from the Canton Fair 2026 spring', ['account', 'list', '--campaign', 'Canton Fair 2026 spring', '--limit', '8']],
  ['Recent activity with a customer (referred by Nordlicht Leuchten)', ['show', 'Lumière Maison']],
  ['Finding people', ['find', '张伟']],
  ['What a trade show cost: the Canton Fair 2026 spring per lead and per customer won', ['campaign', 'show', 'Canton Fair 2026 spring']],
  ['Campaigns and their costs (the European fairs were paid in euros)', ['campaign', 'list']],
  ['The forecast: open deals weighted by their chance, by expected close month (in CNY)', ['report', 'forecast']],
  ['Key accounts that hang on one person', ['risk', '--signal', 'single-threaded', '--limit', '8']],
  ['A strategic account, department by department', ['show', '华南电子', '--timeline', '6']],
  ["Last week's trip: the briefs against what happened", ['plan', 'report']],
  ['The week at a glance', ['activity', '--since', '7d', '--limit', '8']],
];

// Run once after loading the fixtures: the app computes scores, tiers, the ladder and the due items.
const PREPARE = [
  ['score', '--refresh', '--quiet'],
  ['due', '--refresh', '--quiet'],
];

const FIXTURES = join(ROOT, 'fixtures', 'demo');
const DAY_MS = 86_400_000;
const TODAY = Date.parse(`${DEMO_TODAY}T00:00:00Z`) / DAY_MS;
const isoDay = (d) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const dayOf = (s) => Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / DAY_MS;
/** The demo book's config: base currency CNY and the euro and pound rates by year (crm reads it with --config). */
export const DEMO_CONFIG = join(FIXTURES, 'config.json');
const demoRates = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8')).rates;
/** Today's rates, to rank revenue across currencies for the stand-in tiers below (crm then computes its own). */
const TO_CNY = Object.fromEntries(Object.entries(demoRates).map(([k, v]) => [k, Object.values(v).at(-1)]));

function crmEnv() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function crm(db, args, opts = {}) {
  return crmAt(db, DEMO_TODAY, args, opts);
}

function crmAt(db, day, args, opts = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'crm'), '--db', db, '--config', DEMO_CONFIG, '--as-of', day, ...args], {
    env: crmEnv(),
    encoding: 'utf8',
    ...opts,
  });
}

function crmJson(db, day, args) {
  const r = crmAt(db, day, [...args, '--json']);
  if (r.status !== 0) throw new Error(`demo: crm ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Last week's trip to Guangdong, planned and reported by crm itself (issue 19): the plan made the
 * day before, the visit to 华南电子 with its full report (met only 张伟 again: the account hangs on
 * him), a short report for the next, one visit skipped and the rest left undone.
 */
function lastWeeksTrip(db) {
  const plan = crmJson(db, '2026-11-16', ['plan', 'visits', '--region', '广东', '--from', '2026-11-17', '--days', '2', '--per-day', '3', '--save']);
  const huanan = plan.visits.find((v) => v.account === '华南电子有限公司');
  if (!huanan) throw new Error('demo: the Guangdong trip no longer visits 华南电子有限公司; adjust lastWeeksTrip');
  crmJson(db, huanan.day, [
    'plan', 'done', String(huanan.visitId), '--note', '季度业务回顾，只见到张伟', '--minutes', '90',
    '--goal', '季度业务回顾：交付问题和明年的产线计划', '--goal-met', 'partly', '--met', '张伟',
    '--learned', '明年一季度新开两条产线，需要防水灯具', '--org', '十万以上的采购由王芳总拍板；这次她出差，没见到',
    '--problem', '三季度两批货延迟交付', '--solution', '在深圳仓备两周安全库存',
    '--problem', '价格比宏达电子高5%',
    '--next-step', '发送安全库存方案', '--next-due', '2026-11-20',
    '--next-step', '约王芳总十二月面谈价格', '--next-due', '2026-12-04',
    '--mood', 'hesitant:预算尚未批准',
  ]);
  const others = plan.visits.filter((v) => v !== huanan);
  const [next, ...rest] = others;
  if (next)
    crmJson(db, next.day, [
      'plan', 'done', String(next.visitId), '--minutes', '45', '--goal-met', 'yes', ...(next.people[0] ? ['--met', next.people[0].name] : []),
      '--learned', '春节前要补货', '--next-step', '发送新品报价', '--next-due', '2026-11-26', '--mood', 'positive',
    ]);
  const skipped = rest[rest.length - 1];
  if (skipped) crmJson(db, skipped.day, ['plan', 'done', String(skipped.visitId), '--skipped']);
  // crm stamps what it logs with the time of day it runs: fix the times, so the demo is the same
  // whenever it is built (10:30 in Shenzhen on the day of the visit).
  const sql = new Database(db);
  sql.exec(`
    UPDATE interactions SET occurred_at = substr(occurred_at, 1, 10) || 'T02:30:00.000Z', created_at = substr(occurred_at, 1, 10) || 'T02:30:00.000Z' WHERE visit_id IS NOT NULL;
    UPDATE promises SET created_at = (SELECT i.occurred_at FROM interactions i WHERE i.id = promises.interaction_id) WHERE interaction_id IN (SELECT id FROM interactions WHERE visit_id IS NOT NULL);
    UPDATE visit_plans SET created_at = '2026-11-16T10:00:00.000Z';
  `);
  sql.close();
}

/** Loads fixtures/demo into a new database at `path` (written beside it, then renamed into place). */
export async function createDemoDb(path) {
  const tmp = `${path}.loading`;
  for (const s of ['', '-wal', '-shm']) rmSync(tmp + s, { force: true });
  const init = crm(tmp, ['--quiet', 'init']);
  if (init.status !== 0) throw new Error(`demo: crm init failed: ${init.stderr}`);
  const lib = await loadAppLib();
  const accounts = JSON.parse(readFileSync(join(FIXTURES, 'accounts.json'), 'utf8'));
  const orders = parse(readFileSync(join(FIXTURES, 'orders.csv')), { columns: true, cast: false });
  const interactions = parse(readFileSync(join(FIXTURES, 'interactions.csv')), { columns: true, cast: false });
  const care = JSON.parse(readFileSync(join(FIXTURES, 'care.json'), 'utf8'));
  const blank = (s) => (s === '' || s === undefined ? null : s);

  const db = new Database(tmp);
  db.pragma('foreign_keys = ON');
  const ins = (table, row) => {
    const cols = Object.keys(row);
    return db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(row).lastInsertRowid;
  };

  db.transaction(() => {
    const now = `${DEMO_TODAY}T08:00:00.000Z`;
    const reps = new Map();
    const rep = (name) => {
      if (!name) return null;
      if (!reps.has(name)) reps.set(name, Number(ins('reps', { name, email: null, created_at: now })));
      return reps.get(name);
    };
    // What each campaign cost, in the currency it was paid in (the European fairs in euros).
    const campaignCost = {
      'Canton Fair 2024 autumn': [48000, 'CNY'], 'Canton Fair 2025 spring': [52000, 'CNY'], 'Canton Fair 2025 autumn': [52000, 'CNY'],
      'Canton Fair 2026 spring': [56000, 'CNY'], 'Hannover Messe 2025': [11000, 'EUR'], 'Ambiente Frankfurt 2026': [9000, 'EUR'],
      '义乌小商品博览会 2025': [30000, 'CNY'], 'Alibaba keyword ads 2026': [24000, 'CNY'], 'Spring DM mailing 2026': [6000, 'CNY'],
    };
    const campaigns = new Set(accounts.map((a) => a.campaign).filter(Boolean));
    for (const name of [...campaigns].sort()) {
      const src = accounts.find((a) => a.campaign === name).source;
      const start = /\d{4}/.exec(name) ? `${/\d{4}/.exec(name)[0]}-${/autumn/.test(name) ? '10-15' : '04-15'}` : null;
      const [cost, currency] = campaignCost[name] ?? [null, null];
      // A trade show lasts five days; a mailing or an ad run is dated by its start.
      const end = start && src === 'trade-show' ? isoDay(dayOf(start) + 4) : null;
      ins('campaigns', { name, source: src, cost, currency, started_on: start, ended_on: end, created_at: now });
    }

    // The earliest thing that happened with an account is when it entered the file.
    const firstDay = new Map();
    const seen = (ref, day) => firstDay.set(ref, Math.min(firstDay.get(ref) ?? Infinity, day));
    for (const o of orders) seen(o.ref, dayOf(o.date));
    for (const i of interactions) seen(i.ref, dayOf(i.at));
    for (const d of care.deals) for (const h of d.history) seen(d.ref, dayOf(h.at));

    const ids = new Map();
    const contactIds = new Map();
    for (const a of accounts) {
      const created = a.created ? `${a.created}T09:00:00.000Z` : isoDay(Math.min(firstDay.get(a.ref) ?? TODAY - 20, TODAY) - 3) + 'T09:00:00.000Z';
      const kind = a.kind ?? 'company';
      const row = {
        kind, name: a.name, name_key: kind === 'company' ? lib.companyKey(a.name) : lib.personKey(a.name),
        website: a.website ?? null, domain: a.website ? lib.webDomain(a.website) ?? null : null, address: a.address ?? null,
        city: a.city ?? null, region: a.region ?? null, country: a.country ?? null, postcode: a.postcode ?? null,
        industry: a.industry ?? null, main_business: a.mainBusiness ?? null,
        employees: a.employees ?? null, source: a.source ?? null, campaign: a.campaign ?? null, owner_id: rep(a.owner),
        notes: a.notes ?? null, strategic: a.strategic ? 1 : 0, created_at: created, updated_at: created,
      };
      const id = Number(ins('accounts', row));
      ids.set(a.ref, id);
      for (const tag of a.tags ?? []) ins('account_tags', { account_id: id, tag });
      const points = [];
      const point = (contactId, kind, input, primary) => {
        let value, key, raw = input;
        if (kind === 'email') {
          value = lib.normalizeEmail(input);
          key = value && lib.emailKey(value);
        } else {
          const p = lib.normalizePhone(input, a.country);
          if (p.ok) ({ value, key, raw } = p.phone);
        }
        if (!value) throw new Error(`demo fixtures: ${a.ref} has a bad ${kind} "${input}"`);
        ins('contact_points', { account_id: id, contact_id: contactId, kind, label: null, value, raw, match_key: key, is_primary: primary ? 1 : 0, created_at: created });
        points.push({ value, raw });
      };
      if (a.phone) point(null, 'phone', a.phone, true);
      const contactRows = [];
      for (const c of a.contacts) {
        const { given, family } = lib.splitName(c.name);
        const cid = Number(ins('contacts', {
          account_id: id, name: c.name, name_key: lib.personKey(c.name), given_name: given, family_name: family, title: c.title ?? null, department: c.department ?? null,
          hobbies: c.hobbies ?? null, birthday: c.birthday ?? null, buying_role: c.role ?? null, entry_roles: c.entryRoles ?? null,
          created_at: created, updated_at: created,
        }));
        contactIds.set(`${a.ref}\u0000${c.name}`, cid);
        contactRows.push({ name: c.name, title: c.title ?? null, department: c.department ?? null, notes: null });
        let primary = true;
        for (const [kind, v] of [['email', c.email], ['mobile', c.mobile], ['phone', c.phone]]) {
          if (!v) continue;
          point(cid, kind, v, primary);
          primary = false;
        }
      }
      // Search text exactly as the app builds it (scripts/lib/app-lib.mjs bundles the app's functions).
      db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)').run(id, lib.searchBody(lib.accountSearchParts(row, contactRows, points)));
    }
    for (const a of accounts) {
      if (a.referredBy) {
        const ref = accounts.find((b) => b.name === a.referredBy);
        if (ref) db.prepare('UPDATE accounts SET referred_by_id = ? WHERE id = ?').run(ids.get(ref.ref), ids.get(a.ref));
      }
    }
    const ownerOf = new Map(accounts.map((a) => [a.ref, a.owner]));
    for (const o of orders) {
      ins('orders', {
        account_id: ids.get(o.ref), ordered_on: o.date, amount: Number(o.amount), profit: Number(o.profit), product: o.product,
        quantity: Number(o.quantity), currency: o.currency, created_at: `${o.date}T10:00:00.000Z`,
      });
    }
    const openDeal = new Map();
    for (const d of care.deals) {
      const last = d.history[d.history.length - 1].at;
      const dealId = Number(ins('deals', {
        account_id: ids.get(d.ref), title: d.title, stage: d.stage, status: d.status, amount: d.amount, currency: d.currency ?? null, probability: d.probability ?? null,
        expected_close: d.expected_close ?? null, stage_entered_at: last, lost_reason: d.lost_reason ?? null, competitor: d.competitor ?? null,
        owner_id: rep(ownerOf.get(d.ref)), created_at: d.history[0].at, updated_at: last, closed_at: d.status === 'open' ? null : last,
      }));
      let prev = null;
      for (const h of d.history) {
        ins('deal_stage_history', { deal_id: dealId, from_stage: prev, to_stage: h.stage, at: h.at });
        prev = h.stage;
      }
      if (d.status === 'open') openDeal.set(d.ref, { id: dealId, stage: d.stage });
    }
    for (const i of interactions) {
      const deal = openDeal.get(i.ref);
      ins('interactions', {
        account_id: ids.get(i.ref), contact_id: contactIds.get(`${i.ref}\u0000${i.contact}`) ?? null,
        deal_id: deal && deal.stage === i.stage ? deal.id : null, kind: i.kind, stage: blank(i.stage), occurred_at: i.at,
        summary: blank(i.summary), outcome: blank(i.outcome), next_step: blank(i.next_step), next_due: blank(i.next_due),
        rep_id: rep(ownerOf.get(i.ref)), minutes: i.minutes ? Number(i.minutes) : null, created_at: i.at,
      });
    }
    for (const p of care.promises) {
      ins('promises', {
        account_id: ids.get(p.ref), contact_id: contactIds.get(`${p.ref}\u0000${p.to}`) ?? null, what: p.what, made_by: p.made_by,
        to_whom: p.to, due_on: p.due_on, status: p.status, done_at: p.status === 'open' ? null : `${p.due_on}T12:00:00.000Z`,
        created_at: `${p.created}T12:00:00.000Z`,
      });
    }
    for (const c of care.complaints) {
      // A rep asks for feedback soon after resolving: only recent resolutions still await it.
      const fedBack = c.feedback_on ?? (c.resolved_on && dayOf(c.resolved_on) < TODAY - 21 ? isoDay(dayOf(c.resolved_on) + 2) : null);
      ins('complaints', {
        account_id: ids.get(c.ref), contact_id: contactIds.get(`${c.ref}\u0000${c.contact}`) ?? null, summary: c.summary, severity: c.severity,
        opened_on: c.opened_on, acknowledged_on: c.acknowledged_on ?? null, resolved_on: c.resolved_on ?? null, resolution: c.resolution ?? null,
        feedback_on: fedBack, status: fedBack ? 'closed' : c.status, compensation: c.compensation ?? null, currency: c.currency ?? null,
        created_at: `${c.opened_on}T11:00:00.000Z`,
      });
    }
    for (const s of care.surveys) {
      ins('surveys', {
        account_id: ids.get(s.ref), contact_id: contactIds.get(`${s.ref}\u0000${s.contact}`) ?? null, taken_on: s.taken_on,
        product_quality: s.product_quality, service_quality: s.service_quality, price: s.price, communication: s.communication,
        overall: s.overall, comment: blank(s.comment), created_at: `${s.taken_on}T15:00:00.000Z`,
      });
    }
    deriveColumns(db);
  })();
  db.close();
  renameSync(tmp, path);
}

/**
 * The stored derived columns (dates, ladder, tiers, scores) so listings have something to show.
 * A stand-in until the value services compute them; the rules follow domain.md loosely.
 */
function deriveColumns(db) {
  db.exec(`
    UPDATE accounts SET
      last_order_on = (SELECT max(ordered_on) FROM orders o WHERE o.account_id = accounts.id),
      last_contact_on = (SELECT max(substr(occurred_at, 1, 10)) FROM interactions i WHERE i.account_id = accounts.id),
      next_due_on = (SELECT min(d) FROM (
        SELECT next_due AS d FROM interactions i WHERE i.account_id = accounts.id AND next_due IS NOT NULL
        UNION ALL SELECT due_on FROM promises p WHERE p.account_id = accounts.id AND p.status = 'open'));
  `);
  const rows = db
    .prepare(
      `SELECT a.id, a.source, a.last_order_on, a.last_contact_on,
              (SELECT count(*) FROM orders o WHERE o.account_id = a.id) AS n,
              (SELECT count(*) FROM interactions i WHERE i.account_id = a.id) AS touches,
              (SELECT count(*) FROM deals d WHERE d.account_id = a.id AND d.status = 'open') AS open_deals,
              (SELECT count(*) FROM accounts r WHERE r.referred_by_id = a.id) AS referrals,
              (SELECT coalesce(sum(amount * CASE currency WHEN 'EUR' THEN ${TO_CNY.EUR} WHEN 'GBP' THEN ${TO_CNY.GBP} ELSE 1 END), 0) FROM orders o WHERE o.account_id = a.id) AS revenue
       FROM accounts a ORDER BY a.id`,
    )
    .all();
  const buyers = rows.filter((r) => r.n > 0).sort((a, b) => b.revenue - a.revenue || a.id - b.id);
  const total = buyers.reduce((s, r) => s + r.revenue, 0);
  const byFreq = [...buyers].sort((a, b) => a.n - b.n || a.id - b.id);
  const freqRank = new Map(byFreq.map((r, i) => [r.id, i / Math.max(1, byFreq.length - 1)]));
  const upd = db.prepare('UPDATE accounts SET tier = ?, value_score = ?, lead_score = ?, ladder = ? WHERE id = ?');
  let cum = 0;
  const tierOf = new Map();
  buyers.forEach((r, i) => {
    const before = cum;
    cum += r.revenue;
    const tier = before < 0.8 * total ? 'A' : before < 0.95 * total ? 'B' : 'C';
    const recency = Math.max(0, 1 - (TODAY - dayOf(r.last_order_on)) / 730);
    const score = Math.round(100 * (0.5 * (1 - i / Math.max(1, buyers.length - 1)) + 0.25 * freqRank.get(r.id) + 0.25 * recency)) + (r.referrals ? 5 : 0);
    tierOf.set(r.id, [tier, Math.min(100, score)]);
  });
  for (const r of rows) {
    let ladder;
    if (r.n === 0) ladder = r.open_deals ? 'possible-buyer' : r.touches ? 'prospect' : 'non-customer';
    else if (dayOf(r.last_order_on) < TODAY - 365) ladder = 'dormant';
    else if (r.referrals && r.n > 1) ladder = 'advocate';
    else ladder = r.n === 1 ? 'first-time-buyer' : r.n < 8 ? 'repeat-buyer' : 'loyal';
    const lead = r.n ? null : Math.min(100, 20 + r.touches * 5 + (r.open_deals ? 20 : 0) + (r.source === 'referral' ? 15 : 0));
    const [tier, value] = tierOf.get(r.id) ?? [null, null];
    upd.run(tier, value, lead, ladder, r.id);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--db');
  const dbPath = resolve(at >= 0 ? args[at + 1] : 'demo.db');
  if (!existsSync(join(ROOT, 'dist', 'crm.cjs'))) {
    console.error('demo: building crm first (npm run build)');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) process.exit(1);
  }
  if (args.includes('--reset')) for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
  if (!existsSync(dbPath)) {
    console.error(`demo: creating ${dbPath} from fixtures/demo/ ...`);
    await createDemoDb(dbPath);
    // The loader writes rows directly: let crm compute what it stores on every write of its own
    // (once before the trip, so the plan sees real tiers, and again after it).
    crm(dbPath, PREPARE[0], { stdio: ['ignore', 'ignore', 'inherit'] });
    lastWeeksTrip(dbPath);
    for (const argv of PREPARE) crm(dbPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const rel = dbPath === resolve('demo.db') ? 'demo.db' : dbPath;
  console.log(`crm demo: ${rel}, as of ${DEMO_TODAY}\n`);
  for (const [title, argv] of SECTIONS) {
    console.log(`== ${title}: crm ${argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}\n`);
    const r = crm(dbPath, argv, { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
    console.log('');
  }
  // The book is in yuan, euros and pounds: commands that add amounts up need the demo's rates.
  const cfg = relative(process.cwd(), DEMO_CONFIG);
  console.log(
    [
      'Try it yourself (any command takes --db, --config and --as-of; the config has the base currency and rates):',
      `  node bin/crm --db ${rel} --as-of ${DEMO_TODAY} find Schneider`,
      `  node bin/crm --db ${rel} --as-of ${DEMO_TODAY} show zhang.wei@huanan-dz.cn`,
      `  node bin/crm --db ${rel} account list --region 广东 --format csv`,
      `  node bin/crm --db ${rel} contact list --account "Lumière Maison" --json`,
      `  node bin/crm --db ${rel} --config ${cfg} --as-of ${DEMO_TODAY} report sources`,
      `  node bin/crm --db ${rel} --config ${cfg} --as-of ${DEMO_TODAY} tiers`,
      `Start again from the fixtures with: npm start -- --reset`,
    ].join('\n'),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
