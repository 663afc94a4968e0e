// Seeded synthetic data generator for the benchmark.
//
// Per 100k accounts: ~200k contacts with emails and phones, ~1M orders over three years, ~1M
// interactions, ~20k open deals with their stage history, promises, complaints, surveys, tags,
// important dates, campaigns with cost, referrals and import batches with per-row provenance.
// The schema comes from the built CLI (`crm init`); rows are bulk-inserted with better-sqlite3 in
// one transaction. Search text, name keys and email keys come from the app's own functions
// (bundled from src/ by scripts/lib/app-lib.mjs), so `crm find` sees exactly what the app writes.
//
//   node bench/generate.mjs 100000            prints the path of the cached database
//   node bench/generate.mjs 1000000 --big     1M accounts (several GB, minutes)
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_LIB_SOURCES, loadAppLib } from '../scripts/lib/app-lib.mjs';
import * as V from '../scripts/lib/sample-data.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Bump when the shape of generated data changes in a way the source hash would not show. */
const GENERATOR_VERSION = 1;
/** "Today" of every generated database: run commands with --as-of 2026-11-23 for stable output. */
export const BENCH_TODAY = '2026-11-23';

const DAY_MS = 86_400_000;
const TODAY = Date.parse(`${BENCH_TODAY}T00:00:00Z`) / DAY_MS;
const FIRST_DAY = TODAY - 1500;
const LAST_DAY = TODAY + 120;
const DAY_ISO = [];
for (let d = FIRST_DAY; d <= LAST_DAY; d++) DAY_ISO.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
const iso = (d) => DAY_ISO[d - FIRST_DAY];
const pad2 = (n) => (n < 10 ? '0' + n : String(n));
const stamp = (d, r) => `${iso(d)}T${pad2(r.int(1, 10))}:${pad2(r.int(0, 59))}:${pad2(r.int(0, 59))}.000Z`;

function versionKey() {
  const h = createHash('sha256');
  h.update(String(GENERATOR_VERSION));
  const files = ['bench/generate.mjs', 'scripts/lib/sample-data.mjs', ...APP_LIB_SOURCES];
  const migDir = join(ROOT, 'src', 'db', 'migrations');
  for (const f of readdirSync(migDir).sort()) files.push(join('src', 'db', 'migrations', f));
  for (const f of files) h.update(f).update(readFileSync(join(ROOT, f)));
  return h.digest('hex').slice(0, 10);
}

function sizeLabel(n) {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

/**
 * Path of a database with `accounts` accounts, generated once and cached in `outDir`. The file name
 * carries the size and a hash of the generator, its vocabulary, the app's search/normalisation code
 * and the migrations, so any change regenerates (and removes the stale file of that size).
 * options: seed (default 1), big (allow more than 100k accounts; also `--big` on the command line),
 * quiet.
 */
export async function ensureDb(outDir, accounts, options = {}) {
  const big = options.big ?? process.argv.includes('--big');
  if (!Number.isInteger(accounts) || accounts < 1) throw new Error(`bench: bad account count ${accounts}`);
  if (accounts > 100_000 && !big) throw new Error(`bench: ${accounts} accounts needs --big`);
  const seed = options.seed ?? 1;
  mkdirSync(outDir, { recursive: true });
  const label = sizeLabel(accounts) + (seed === 1 ? '' : `-s${seed}`);
  const file = join(outDir, `bench-${label}-${versionKey()}.db`);
  if (existsSync(file)) return file;
  const stale = new RegExp(`^bench-${label}-[0-9a-f]{10}\\.db$`);
  for (const f of readdirSync(outDir)) if (stale.test(f)) rmSync(join(outDir, f), { force: true });
  // Written under a private name and renamed into place, so a crash or a concurrent run never
  // leaves a half-made database under the cached name.
  const tmp = `${file}.${process.pid}.partial`;
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(tmp + s, { force: true });
  const t0 = performance.now();
  try {
    await generate(tmp, accounts, seed, options.quiet ? () => {} : (m) => process.stderr.write(m));
    renameSync(tmp, file);
  } catch (e) {
    for (const s of ['', '-wal', '-shm', '-journal']) rmSync(tmp + s, { force: true });
    throw e;
  }
  if (!options.quiet) console.error(`bench: generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

function crmInit(path) {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  if (!existsSync(join(ROOT, 'dist', 'crm.cjs'))) throw new Error('bench: run `npm run build` first');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'crm'), '--db', path, '--quiet', 'init'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: crm init failed: ${r.stderr}`);
}

function weighted(list) {
  // [[value, weight], ...] → picker
  const total = list.reduce((s, x) => s + x[x.length - 1], 0);
  return (r) => {
    let u = r.next() * total;
    for (const x of list) {
      u -= x[x.length - 1];
      if (u < 0) return x;
    }
    return list[list.length - 1];
  };
}

const asciiFold = (s) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const CN_MOBILE_PREFIX = ['130', '131', '135', '136', '137', '138', '139', '150', '151', '158', '159', '166', '177', '180', '186', '188', '189', '199'];
const EU_MOBILE = { DE: ['151', 8], FR: ['6', 8], IT: ['34', 8], NL: ['6', 8], GB: ['7', 9], ES: ['6', 8], PL: ['5', 8], AT: ['664', 7], SE: ['70', 7] };
const CN_ROADS = ['科技园路', '人民路', '解放路', '建设路', '工业大道', '中山路', '南京路', '和平路', '滨海大道', '新华路'];
const CN_DISTRICTS = ['南山区', '福田区', '天河区', '高新区', '开发区', '滨江区', '浦东新区', '工业园区'];
const EU_STREETS = ['Hauptstraße', 'Rue de la Paix', 'Via Roma', 'Industrieweg', 'High Street', 'Calle Mayor', 'Bahnhofstraße', 'Avenue Jean Jaurès'];
const POSITIONS = ['leader', 'challenger', 'follower', 'niche', null, null];
const MATERIALS = ['catalogue', 'price list', 'samples', 'brochure', '样品', '产品目录'];
const SEVERITIES = ['low', 'medium', 'high'];
const NOTES = ['Met at booth 12.1 B23', '展会认识，对新品感兴趣', 'Prefers WeChat', 'Pays by L/C', '老板喜欢喝茶', 'Wants exclusive distribution in region', '价格敏感', 'Visit only in the morning'];

/** Pareto-distributed account size: ~20% of accounts bring ~80% of revenue. */
const paretoSize = (r) => Math.min(200, Math.pow(1 - r.next(), -1 / 1.16));

async function generate(path, N, seed, log) {
  const lib = await loadAppLib();
  crmInit(path);
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -131072');

  // Secondary indexes are dropped while loading and rebuilt at the end: building an index from
  // the finished table is several times faster than maintaining it row by row.
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all();
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  // The history's triggers (crm history/undo) would record every generated row as a change: the
  // data is loaded like an import (no history) and the triggers come back at the end.
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL").all();
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);

  const r = V.rng(seed * 2654435761);
  const pickSource = weighted(V.SOURCES);
  const pickKind = weighted(V.INTERACTION_KINDS);
  const pickCnCity = weighted(V.CN_CITIES);
  const pickEuCity = weighted(V.EU_CITIES);
  const now = `${BENCH_TODAY}T08:00:00.000Z`;

  const ins = (table, cols) =>
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const accountCols = [
    'id', 'kind', 'name', 'name_key', 'website', 'domain', 'address', 'city', 'region', 'country', 'postcode',
    'industry', 'industry_position', 'employees', 'main_business', 'buying_mode', 'supply_channels', 'source',
    'campaign', 'owner_id', 'referred_by_id', 'notes', 'founded_on', 'strategic', 'key_face', 'potential',
    'expected_demand', 'lead_score', 'ladder', 'last_contact_on', 'last_order_on', 'next_due_on', 'batch_id',
    'source_file', 'source_line', 'created_at', 'updated_at',
  ];
  const S = {
    account: ins('accounts', accountCols),
    tag: ins('account_tags', ['account_id', 'tag']),
    contact: ins('contacts', [
      'id', 'account_id', 'name', 'name_key', 'given_name', 'family_name', 'title', 'department', 'personality',
      'hobbies', 'birthday', 'buying_role', 'entry_roles', 'batch_id', 'source_file', 'source_line', 'created_at', 'updated_at',
    ]),
    point: ins('contact_points', ['account_id', 'contact_id', 'kind', 'label', 'value', 'raw', 'match_key', 'is_primary', 'batch_id', 'created_at']),
    date: ins('important_dates', ['account_id', 'contact_id', 'kind', 'date', 'label']),
    deal: ins('deals', [
      'id', 'account_id', 'title', 'stage', 'status', 'amount', 'probability', 'expected_close', 'stage_entered_at',
      'lost_reason', 'competitor', 'owner_id', 'created_at', 'updated_at', 'closed_at',
    ]),
    history: ins('deal_stage_history', ['deal_id', 'from_stage', 'to_stage', 'at', 'skipped', 'forced', 'note']),
    interaction: ins('interactions', [
      'id', 'account_id', 'contact_id', 'deal_id', 'kind', 'stage', 'occurred_at', 'summary', 'outcome', 'next_step',
      'next_due', 'rep_id', 'minutes', 'created_at',
    ]),
    material: ins('interaction_materials', ['interaction_id', 'account_id', 'material']),
    promise: ins('promises', ['account_id', 'contact_id', 'interaction_id', 'what', 'made_by', 'to_whom', 'due_on', 'status', 'done_at', 'created_at']),
    complaint: ins('complaints', [
      'account_id', 'contact_id', 'summary', 'severity', 'opened_on', 'acknowledged_on', 'resolved_on', 'resolution',
      'feedback_on', 'status', 'created_at',
    ]),
    order: ins('orders', ['account_id', 'ordered_on', 'amount', 'profit', 'product', 'quantity', 'currency', 'reference', 'batch_id', 'source_file', 'source_line', 'created_at']),
    survey: ins('surveys', ['account_id', 'contact_id', 'taken_on', 'product_quality', 'service_quality', 'price', 'communication', 'overall', 'comment', 'created_at']),
    importRow: ins('import_rows', ['batch_id', 'file', 'line', 'action', 'account_id', 'contact_id', 'order_id']),
    search: db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)'),
  };

  // Post-pass inputs, one slot per account: typed arrays keep memory flat at 1M accounts.
  const revenue = new Float64Array(N + 1);
  const orderCount = new Uint16Array(N + 1);
  const lastOrder = new Int32Array(N + 1);
  const referred = new Uint8Array(N + 1);

  let contactId = 0;
  let dealId = 0;
  let interactionId = 0;
  let orderId = 0;

  const run = db.transaction(() => {
    for (const [i, name] of V.REPS.entries()) {
      db.prepare('INSERT INTO reps (id, name, email, created_at) VALUES (?, ?, ?, ?)').run(i + 1, name, null, now);
    }
    for (const [name, source, cost, started] of V.CAMPAIGNS) {
      db.prepare('INSERT INTO campaigns (name, source, cost, started_on, created_at) VALUES (?, ?, ?, ?, ?)').run(name, source, cost, started, now);
    }
    // Lead imports: one batch per trade-show campaign file, plus an orders import.
    const leadBatches = V.CAMPAIGNS.filter((c) => c[1] === 'trade-show').map((c, i) => ({
      id: i + 1,
      file: `leads-${c[0].replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}.csv`,
      campaign: c[0],
      created: 0,
      line: 1,
      day: Date.parse(`${c[3]}T00:00:00Z`) / DAY_MS + 7,
    }));
    const orderBatch = { id: leadBatches.length + 1, file: 'orders-erp-export.csv', created: 0, line: 1 };
    for (const b of leadBatches) {
      db.prepare(
        "INSERT INTO import_batches (id, kind, files, source, campaign, owner, tag, status, mapping, started_at, finished_at) VALUES (?, 'leads', ?, 'trade-show', ?, ?, NULL, 'done', NULL, ?, ?)",
      ).run(b.id, JSON.stringify([b.file]), b.campaign, V.REPS[0], `${iso(Math.min(b.day, TODAY))}T09:00:00.000Z`, `${iso(Math.min(b.day, TODAY))}T09:00:12.000Z`);
    }
    db.prepare(
      "INSERT INTO import_batches (id, kind, files, source, campaign, owner, tag, status, started_at, finished_at) VALUES (?, 'orders', ?, NULL, NULL, NULL, NULL, 'done', ?, ?)",
    ).run(orderBatch.id, JSON.stringify([orderBatch.file]), `${iso(TODAY - 30)}T09:00:00.000Z`, `${iso(TODAY - 30)}T09:01:00.000Z`);

    const step = Math.max(1, Math.floor(N / 10));
    for (let id = 1; id <= N; id++) {
      if (id % step === 0) log(`bench: generating ${N} accounts: ${Math.round((id / N) * 100)}%\r`);
      const cn = r.chance(0.62);
      const individual = r.chance(0.12);
      const ind = r.pick(V.INDUSTRIES);
      let city, region, country, area, cc, euCity;
      if (cn) {
        const c = pickCnCity(r);
        city = c[0];
        region = c[2];
        country = 'CN';
        area = c[3];
        cc = '86';
      } else {
        euCity = pickEuCity(r);
        city = euCity[0];
        country = euCity[1];
        region = euCity[2];
        cc = euCity[3];
        area = euCity[4];
      }

      // People first: an individual account is named after its one contact.
      const nContacts = individual ? 1 : Math.min(6, 1 + r.count(1.65));
      const people = [];
      for (let k = 0; k < nContacts; k++) {
        if (cn ? r.chance(0.93) : r.chance(0.04)) {
          const sur = r.pick(V.CN_SURNAMES);
          const g1 = r.pick(V.CN_GIVEN);
          const g2 = r.chance(0.55) ? r.pick(V.CN_GIVEN) : null;
          people.push({
            name: sur[0] + g1[0] + (g2 ? g2[0] : ''),
            given: g1[0] + (g2 ? g2[0] : ''),
            family: sur[0],
            local: `${g1[1]}${g2 ? g2[1] : ''}.${sur[1]}`,
            cn: true,
          });
        } else {
          const f = r.pick(V.WEST_FIRST);
          const l = r.pick(V.WEST_LAST);
          people.push({ name: `${f} ${l}`, given: f, family: l, local: `${asciiFold(f)}.${asciiFold(l)}`, cn: false });
        }
      }

      let name, domain, website;
      if (individual) {
        name = people[0].name;
      } else if (cn) {
        const w = r.pick(V.CN_WORDS);
        name = (r.chance(0.6) ? city : '') + w[0] + ind[1] + r.pick(V.CN_SUFFIXES);
        domain = `${w[1]}${ind[0].replace('-', '')}${id.toString(36)}.com.cn`;
      } else {
        const w = r.chance(0.5) ? r.pick(V.EU_WORDS) : r.pick(V.WEST_LAST);
        name = `${w} ${ind[2]} ${V.EU_SUFFIX[country]}`;
        domain = `${asciiFold(w)}-${ind[0].replace('-', '')}${id.toString(36)}.${country === 'GB' ? 'co.uk' : country.toLowerCase()}`;
      }
      // Companies without a web site still have a domain: imports take it from their emails.
      if (domain && r.chance(0.7)) website = `https://www.${domain}`;

      const created = TODAY - r.int(5, 1300);
      const source = pickSource(r)[0];
      const campaignRow = V.CAMPAIGNS.filter((c) => c[1] === source);
      const campaign = campaignRow.length && r.chance(0.75) ? r.pick(campaignRow)[0] : null;
      const ownerId = r.int(1, V.REPS.length);
      const referredBy = source === 'referral' && id > 20 ? r.int(1, id - 1) : null;
      if (referredBy) referred[referredBy] = 1;
      const batch = campaign && source === 'trade-show' && r.chance(0.8) ? leadBatches.find((b) => b.campaign === campaign) : null;
      const batchLine = batch ? ++batch.line : null;
      if (batch) batch.created++;

      // Orders: ~70% of accounts have bought; sizes follow a Pareto law, margins vary per account.
      const customer = r.chance(0.7);
      const size = paretoSize(r);
      const margin = r.chance(0.05) ? -r.next() * 0.08 : 0.05 + r.next() * 0.3;
      const dormant = customer && r.chance(0.15);
      const orders = [];
      if (customer) {
        const n = Math.min(400, 1 + r.count(8 * Math.sqrt(size)));
        const from = Math.max(created, TODAY - 1095);
        const to = dormant ? Math.max(from, TODAY - 400) : TODAY - 1;
        for (let k = 0; k < n; k++) orders.push(r.int(from, Math.max(from, to)));
        orders.sort((a, b) => a - b);
      }

      // Interactions, oldest first; only the latest carries an open next step with a due date.
      const nInter = Math.min(300, r.count(customer ? 12 : 7));
      const inter = [];
      for (let k = 0; k < nInter; k++) inter.push(r.int(created, TODAY - 1));
      inter.sort((a, b) => a - b);
      // Most live accounts were in touch lately; dormant ones and a share of prospects went quiet.
      if (inter.length && !dormant && r.chance(customer ? 0.85 : 0.5)) inter[inter.length - 1] = Math.max(inter[inter.length - 1], TODAY - r.int(1, 45));

      // Deals: ~20% of accounts have one open; some have won or lost ones.
      const deals = [];
      if (r.chance(0.2)) deals.push({ status: 'open', stageIdx: weighted([[0, 30], [1, 25], [2, 20], [3, 17], [4, 8]])(r)[0] });
      if (customer && r.chance(0.08)) deals.push({ status: 'won', stageIdx: 4 });
      if (r.chance(0.04)) deals.push({ status: 'lost', stageIdx: r.int(1, 4) });

      const promiseDue = r.chance(0.3) ? TODAY + r.int(-20, 25) : null;
      const promiseStatus = promiseDue === null ? null : promiseDue > TODAY - 3 ? 'open' : r.pick(['open', 'kept', 'kept', 'broken']);
      const lastNextDue = inter.length && inter[inter.length - 1] > TODAY - 60 && r.chance(0.6) ? Math.min(LAST_DAY, inter[inter.length - 1] + r.int(2, 40)) : null;
      const dueCandidates = [lastNextDue, promiseStatus === 'open' ? promiseDue : null].filter((x) => x !== null);
      const nextDue = dueCandidates.length ? Math.min(...dueCandidates) : null;

      let ladder;
      if (orders.length === 0) ladder = deals.length ? 'possible-buyer' : inter.length ? 'prospect' : 'non-customer';
      else if (orders[orders.length - 1] < TODAY - 365) ladder = 'dormant';
      else if (orders.length === 1) ladder = 'first-time-buyer';
      else if (orders.length < 8) ladder = 'repeat-buyer';
      else ladder = 'loyal';
      const leadScore = orders.length ? null : Math.min(100, 20 + inter.length * 4 + (deals.length ? 20 : 0) + (source === 'referral' ? 15 : 0) + r.int(0, 15));

      const acc = {
        name,
        city,
        region,
        industry: ind[0],
        main_business: r.chance(0.6) ? `${r.pick(ind[3])}, ${r.pick(ind[3])}` : null,
        domain: domain ?? null,
        address: r.chance(0.7)
          ? cn
            ? `${city}市${r.pick(CN_DISTRICTS)}${r.pick(CN_ROADS)}${r.int(1, 999)}号`
            : `${r.pick(EU_STREETS)} ${r.int(1, 220)}`
          : null,
        notes: r.chance(0.2) ? r.pick(NOTES) : null,
      };
      const founded = !individual && r.chance(0.5) ? `${r.int(1985, 2022)}-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}` : null;
      S.account.run(
        id, individual ? 'individual' : 'company', name, individual ? lib.personKey(name) : lib.companyKey(name),
        website ?? null, acc.domain, acc.address, acc.city, region, country,
        cn ? String(r.int(100000, 899999)) : String(r.int(10000, 99999)),
        ind[0], individual ? null : r.pick(POSITIONS), individual ? null : Math.round(5 + size * r.int(5, 40)),
        acc.main_business, r.pick(['person', 'company', null]), r.pick(['single', 'multiple', null]), source,
        campaign, ownerId, referredBy, acc.notes, founded, r.chance(0.02) ? 1 : 0,
        r.chance(0.03) ? r.pick(['red', 'white', 'black']) : null, r.chance(0.3) ? r.pick(['high', 'medium', 'low']) : null,
        r.chance(0.2) ? Math.round(size * 10000) : null, leadScore, ladder,
        inter.length ? iso(inter[inter.length - 1]) : null, orders.length ? iso(orders[orders.length - 1]) : null,
        nextDue === null ? null : iso(nextDue), batch?.id ?? null, batch?.file ?? null, batchLine,
        `${iso(created)}T09:00:00.000Z`, `${iso(Math.max(created, inter.length ? inter[inter.length - 1] : created))}T18:00:00.000Z`,
      );

      if (r.chance(0.5)) {
        const t1 = r.pick(V.TAGS);
        S.tag.run(id, t1);
        if (r.chance(0.3)) {
          const t2 = r.pick(V.TAGS);
          if (t2 !== t1) S.tag.run(id, t2);
        }
      }

      // Contact points in the order the app stores them: company numbers, then each person's.
      const points = [];
      const createdAt = `${iso(created)}T09:00:00.000Z`;
      const bid = batch?.id ?? null;
      const addPoint = (contact, kind, value, raw, key, primary) => {
        S.point.run(id, contact, kind, null, value, raw, key, primary, bid, createdAt);
        points.push({ value, raw });
      };
      const landline = () => {
        if (cn) {
          const local = r.digits(area.length === 2 ? 8 : 7).replace(/^0/, '8');
          return [`+86${area}${local}`, `0${area}-${local}`];
        }
        const len = euCity[5];
        const local = r.digits(len).replace(/^0/, '2');
        const trunk = cc === '39' ? area : area.replace(/^0/, '');
        return [`+${cc}${trunk}${local}`, r.chance(0.5) ? `+${cc} ${trunk} ${local}` : `0${trunk.replace(/^0/, '')} ${local}`];
      };
      if (!individual && r.chance(0.6)) {
        const [v, raw] = landline();
        addPoint(null, 'phone', v, raw, v, 1);
      }
      if (!individual && domain && r.chance(0.3)) {
        const e = `${r.pick(['info', 'sales', 'purchase'])}@${domain}`;
        addPoint(null, 'email', e, e, lib.emailKey(e), 0);
      }
      const contactRows = [];
      let firstContactId = null;
      for (const p of people) {
        const cid = ++contactId;
        firstContactId ??= cid;
        const title = individual ? null : r.pick(p.cn ? V.TITLES_CN : V.TITLES_EU);
        const dept = r.chance(0.3) ? r.pick(V.DEPARTMENTS) : null;
        const birthday = r.chance(0.4)
          ? r.chance(0.6)
            ? `--${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`
            : `${r.int(1960, 1998)}-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`
          : null;
        S.contact.run(
          cid, id, p.name, lib.personKey(p.name), p.given, p.family, title, dept, r.pick(V.PERSONALITIES), r.pick(V.HOBBIES),
          birthday, r.chance(0.6) ? r.pick(V.BUYING_ROLES) : null, r.chance(0.2) ? r.pick(['acceptor', 'dissatisfied', 'power', 'acceptor,power']) : null,
          bid, batch?.file ?? null, batchLine, createdAt, createdAt,
        );
        contactRows.push({ name: p.name, title, department: dept, notes: null, id: cid });
        let primary = 1;
        if (r.chance(0.85)) {
          const email = domain && r.chance(0.6) ? `${p.local}@${domain}` : p.cn ? `${r.chance(0.5) ? r.digits(9).replace(/^0/, '3') : p.local.replace('.', '')}@${r.pick(V.CN_FREEMAIL)}` : `${p.local}${r.int(1, 99)}@${r.pick(V.EU_FREEMAIL)}`;
          addPoint(cid, 'email', email, email, lib.emailKey(email), primary);
          primary = 0;
        }
        if (r.chance(0.8)) {
          let v, raw;
          if (cn) {
            const m = r.pick(CN_MOBILE_PREFIX) + r.digits(8);
            v = `+86${m}`;
            raw = r.chance(0.5) ? `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}` : m;
          } else {
            const [pre, len] = EU_MOBILE[country];
            const local = r.digits(len);
            v = `+${cc}${pre}${local}`;
            raw = `+${cc} ${pre} ${local}`;
          }
          addPoint(cid, 'mobile', v, raw, v, primary);
          primary = 0;
        }
        if (r.chance(0.15)) {
          const [v, raw] = landline();
          addPoint(cid, 'phone', v, raw, v, primary);
        }
        if (r.chance(0.1)) {
          const im = `wechat:${p.local.replace('.', '_')}${r.int(1, 999)}`;
          addPoint(cid, 'im', im, im, im, 0);
        }
      }
      if (batch) S.importRow.run(batch.id, batch.file, batchLine, 'created', id, firstContactId, null);

      S.search.run(id, lib.searchBody(lib.accountSearchParts(acc, contactRows, points)));

      const contactOf = () => (contactRows.length ? contactRows[Math.floor(r.next() * contactRows.length)].id : null);

      // Orders.
      let rev = 0;
      const currency = cn ? 'CNY' : country === 'GB' ? 'GBP' : 'EUR';
      const unit = cn ? 1 : 0.13;
      for (const d of orders) {
        const amount = Math.round(unit * size * (800 + r.next() * 6000)) + 50;
        const oid = ++orderId;
        const imported = d < TODAY - 30 && r.chance(0.1);
        S.order.run(
          id, iso(d), amount, Math.round(amount * (margin + (r.next() - 0.5) * 0.06)), r.pick(ind[3]), r.int(1, 50) * 10, currency,
          `SO-${iso(d).slice(0, 4)}-${oid}`, imported ? orderBatch.id : null, imported ? orderBatch.file : null,
          imported ? ++orderBatch.line : null, `${iso(d)}T10:00:00.000Z`,
        );
        if (imported) {
          orderBatch.created++;
          S.importRow.run(orderBatch.id, orderBatch.file, orderBatch.line, 'created', id, null, oid);
        }
        rev += amount / unit;
      }
      revenue[id] = rev;
      orderCount[id] = orders.length;
      lastOrder[id] = orders.length ? orders[orders.length - 1] : 0;
      // Birthdays, founding and first-deal dates are derived from their rows; only others are stored.
      if (r.chance(0.05)) S.date.run(id, contactOf(), 'other', `--${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`, r.pick(['wedding anniversary', '公司周年庆', 'child\u2019s graduation']));

      // Deals with their stage history.
      let openDeal = null;
      for (const dl of deals) {
        const did = ++dealId;
        const start = Math.max(created, TODAY - r.int(10, dl.status === 'open' ? 200 : 900));
        let t = start;
        let prev = null;
        const hist = [];
        for (let s = 0; s <= dl.stageIdx; s++) {
          if (s > 0) t = Math.min(TODAY, t + r.int(2, 30));
          hist.push([V.DEAL_STAGES[s], t]);
        }
        const stage = V.DEAL_STAGES[dl.stageIdx];
        const enteredAt = hist[hist.length - 1][1];
        const closed = dl.status === 'open' ? null : Math.min(TODAY, enteredAt + r.int(1, 10));
        const product = r.pick(ind[3]);
        S.deal.run(
          did, id, r.chance(0.5) && cn ? `${product}采购` : `${product} order`, stage, dl.status, Math.round(size * r.int(5, 60)) * 100,
          [0.1, 0.25, 0.5, 0.7, 0.9][dl.stageIdx], dl.status === 'open' ? iso(Math.min(LAST_DAY, TODAY + r.int(5, 90))) : null,
          `${iso(enteredAt)}T09:30:00.000Z`, dl.status === 'lost' ? r.pick(V.LOST_REASONS) : null,
          dl.status === 'lost' && r.chance(0.6) ? r.pick(V.COMPETITORS) : null, ownerId, `${iso(start)}T09:30:00.000Z`,
          `${iso(closed ?? enteredAt)}T09:30:00.000Z`, closed === null ? null : `${iso(closed)}T16:00:00.000Z`,
        );
        for (const [st, at] of hist) {
          S.history.run(did, prev, st, `${iso(at)}T09:30:00.000Z`, null, 0, null);
          prev = st;
        }
        if (dl.status === 'open') openDeal = { id: did, stage };
      }

      // Interactions.
      let lastInteractionId = null;
      for (let k = 0; k < inter.length; k++) {
        const d = inter[k];
        const kind = pickKind(r)[0];
        const iid = ++interactionId;
        const last = k === inter.length - 1;
        const withDeal = last && openDeal;
        const ns = last && lastNextDue !== null ? r.pick(V.NEXT_STEPS) : r.chance(0.15) ? r.pick(V.NEXT_STEPS) : null;
        S.interaction.run(
          iid, id, contactOf(), withDeal ? openDeal.id : null, kind, withDeal ? openDeal.stage : r.chance(0.1) ? (orders.length ? 'care' : 'approach') : null,
          stamp(d, r), r.pick(V.SUMMARIES[kind]), r.pick(V.OUTCOMES), ns, last && lastNextDue !== null ? iso(lastNextDue) : null,
          ownerId, kind === 'call' ? r.int(2, 30) : kind === 'visit' || kind === 'meeting' ? r.int(30, 120) : null, `${iso(d)}T20:00:00.000Z`,
        );
        if ((kind === 'visit' || kind === 'email') && r.chance(0.15)) S.material.run(iid, id, r.pick(MATERIALS));
        lastInteractionId = iid;
      }

      if (promiseDue !== null) {
        const done = promiseStatus === 'kept' ? `${iso(Math.min(TODAY, promiseDue))}T12:00:00.000Z` : null;
        const c = contactOf();
        S.promise.run(
          id, c, lastInteractionId, r.pick(V.PROMISES), V.REPS[ownerId - 1], c ? contactRows.find((x) => x.id === c).name : null,
          iso(promiseDue), promiseStatus, done, `${iso(Math.max(created, promiseDue - r.int(3, 20)))}T12:00:00.000Z`,
        );
      }
      if (r.chance(customer ? 0.1 : 0.02)) {
        const opened = Math.max(created, TODAY - r.int(1, 400));
        const st = opened > TODAY - 20 ? r.pick(['open', 'acknowledged']) : r.pick(['resolved', 'closed', 'closed', 'open']);
        const ack = st === 'open' ? null : Math.min(TODAY, opened + r.int(0, 3));
        const res = st === 'resolved' || st === 'closed' ? Math.min(TODAY, opened + r.int(2, 30)) : null;
        S.complaint.run(
          id, contactOf(), r.pick(V.COMPLAINTS), r.pick(SEVERITIES), iso(opened), ack === null ? null : iso(ack), res === null ? null : iso(res),
          res === null ? null : r.pick(['replaced the goods', '补发配件', 'credit note issued', '退款']), st === 'closed' ? iso(Math.min(TODAY, res + r.int(1, 14))) : null,
          st, `${iso(opened)}T11:00:00.000Z`,
        );
      }
      if (customer && r.chance(0.15)) {
        const base = r.int(2, 5);
        const score = () => Math.max(1, Math.min(5, base + r.int(-1, 1)));
        const taken = Math.max(created, TODAY - r.int(1, 700));
        S.survey.run(id, contactOf(), iso(taken), score(), score(), score(), score(), score(), r.pick(V.SURVEY_COMMENTS), `${iso(taken)}T15:00:00.000Z`);
      }
    }
    for (const b of [...leadBatches, orderBatch]) db.prepare('UPDATE import_batches SET created = ? WHERE id = ?').run(b.created, b.id);
  });
  run();
  log(`bench: generating ${N} accounts: indexes and derived columns\n`);
  for (const ix of indexes) db.exec(ix.sql);

  // ABC tiers by revenue share (A ≈ 80%, B the next 15%, C the tail) and an RFM-like value score.
  db.transaction(() => {
    const ids = [];
    for (let id = 1; id <= N; id++) if (orderCount[id] > 0) ids.push(id);
    const byRevenue = Uint32Array.from(ids).sort((a, b) => revenue[b] - revenue[a]);
    const byFreq = Uint32Array.from(ids).sort((a, b) => orderCount[a] - orderCount[b]);
    const freqRank = new Float32Array(N + 1);
    byFreq.forEach((id, i) => (freqRank[id] = i / Math.max(1, byFreq.length - 1)));
    const total = byRevenue.reduce((s, id) => s + revenue[id], 0);
    const upd = db.prepare('UPDATE accounts SET tier = ?, value_score = ? WHERE id = ?');
    let cum = 0;
    const n = byRevenue.length;
    byRevenue.forEach((id, i) => {
      cum += revenue[id];
      const tier = cum - revenue[id] < 0.8 * total ? 'A' : cum - revenue[id] < 0.95 * total ? 'B' : 'C';
      const monetary = 1 - i / Math.max(1, n - 1);
      const recency = Math.max(0, 1 - (TODAY - lastOrder[id]) / 730);
      const score = Math.round(100 * (0.5 * monetary + 0.25 * freqRank[id] + 0.25 * recency) + (referred[id] ? 5 : 0));
      upd.run(tier, Math.min(100, score), id);
    });
    db.prepare(
      "UPDATE accounts SET ladder = 'advocate' WHERE ladder IN ('repeat-buyer', 'loyal') AND id IN (SELECT referred_by_id FROM accounts WHERE referred_by_id IS NOT NULL)",
    ).run();
  })();
  for (const t of triggers) db.exec(t.sql);
  db.pragma('journal_mode = WAL');
  db.close();
  log(`bench: ${N} accounts, ${contactId} contacts, ${orderId} orders, ${interactionId} interactions, ${dealId} deals\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
  const outIdx = process.argv.indexOf('--out');
  const seedIdx = process.argv.indexOf('--seed');
  const out = outIdx > 0 ? resolve(process.argv[outIdx + 1]) : join(ROOT, 'bench', 'out');
  console.log(await ensureDb(out, n, { seed: seedIdx > 0 ? Number(process.argv[seedIdx + 1]) : 1 }));
}
