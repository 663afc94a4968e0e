// Import figures (issue 20): `crm import` of synthetic lead CSVs of 100k and 1M rows against two
// references loading the same file into a bare table, `sqlite3 .import` and `sqlite-utils insert
// --csv` (skipped with a note when sqlite-utils is not installed); 5k vCards into an empty and
// into a 100k-account database; the first find, due and tiers after the 1M import.
// Targets: crm import at most 1.5x sqlite-utils, time(1M) at most 11x time(100k), peak RSS under
// 250 MB, 5k cards under 1 s (1.5 s into 100k accounts), each first command after 1M under 2 s.
import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '欧阳'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超'];
const FIRST = ['James', 'Mary', 'John', 'Anna', 'Peter', 'Laura', 'Ken', 'Maria', 'Tom', 'Emma', 'Lucas', 'Sofia'];
const LAST = ['Smith', 'Müller', 'Garcia', 'Rossi', 'Tanaka', 'Dupont', 'Kim', 'Novak', 'Silva', 'Brown'];
const CITIES = ['深圳', '广州', '上海', '北京', '杭州', 'München', 'Paris', 'Seattle', 'Tokyo', 'Milano'];

/** Deterministic pseudo-random numbers, so every run benchmarks the same file. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function csvCell(s) {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const REGIONS = ['广东', '广东', '上海', '北京', '浙江', 'Bayern', 'Île-de-France', 'WA', '東京都', 'Lombardia'];
const SOURCES = ['trade show', 'website', 'referral', 'cold call', 'linkedin'];

/**
 * n lead rows with the columns of the issue's files (name, company, title, email, phone, mobile,
 * city, region, source, notes, created_at); about 5% repeat an earlier person in another format:
 * upper-case or dotted Gmail address, a phone written with spaces and +86, or only name + company.
 */
export async function writeLeadsCsv(path, n) {
  const rand = rng(42);
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('Name,Company,Title,Email,Phone,Mobile,City,Region,Source,Notes,Created At\n');
  const companies = Math.max(10, Math.floor(n / 2));
  const person = (i) => {
    const r = rng(i * 7919 + 1);
    const cn = r() < 0.5;
    const name = cn
      ? SURNAMES[Math.floor(r() * SURNAMES.length)] + GIVEN[Math.floor(r() * GIVEN.length)] + GIVEN[Math.floor(r() * GIVEN.length)]
      : `${FIRST[Math.floor(r() * FIRST.length)]} ${LAST[Math.floor(r() * LAST.length)]} ${i}`;
    const c = Math.floor(r() * companies);
    const company = cn ? `深圳市第${c}电子有限公司` : `Company ${c} Ltd`;
    const gmail = r() < 0.3;
    const email = gmail ? `user.${i}@gmail.com` : `p${i}@${cn ? 'cn' : ''}company${c}.com`;
    const mobile = `1${38 + (i % 2)}${String(i).padStart(8, '0')}`;
    return { name, company, email, mobile, gmail, city: CITIES[c % CITIES.length], region: REGIONS[c % REGIONS.length], title: cn ? '采购经理' : 'Buyer' };
  };
  for (let i = 0; i < n; i++) {
    let p;
    let email;
    let mobile;
    let name;
    if (i > 100 && rand() < 0.05) {
      // a duplicate of an earlier row, written differently
      p = person(Math.floor(rand() * i));
      const k = rand();
      name = p.name;
      email = k < 0.35 ? (p.gmail ? p.email.replace('user.', 'user') : p.email.toUpperCase()) : '';
      mobile = k >= 0.35 && k < 0.7 ? `+86 ${p.mobile.slice(0, 3)} ${p.mobile.slice(3, 7)} ${p.mobile.slice(7)}` : '';
    } else {
      p = person(i);
      name = p.name;
      email = p.email;
      mobile = p.mobile;
    }
    const notes = rand() < 0.1 ? `met at booth, "follow up", ${i}` : '';
    const phone = rand() < 0.3 ? `0755-${String(8000000 + (i % 999999))}` : '';
    const source = SOURCES[Math.floor(rand() * SOURCES.length)];
    const day = 1 + Math.floor(rand() * 28);
    const created = `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const row = [name, p.company, p.title, email, phone, mobile, p.city, p.region, source, notes, created];
    const w = write(row.map(csvCell).join(',') + '\n');
    if (w) await w;
  }
  await new Promise((r) => out.end(r));
}

export async function writeVCards(path, n) {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const s = SURNAMES[i % SURNAMES.length];
    const g = GIVEN[(i * 7) % GIVEN.length];
    out.write(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        `N:${s};${g};;;`,
        `FN:${s}${g}${i}`,
        `ORG:展会公司${i % 1500}有限公司;销售部`,
        'TITLE:经理',
        `item1.EMAIL;type=INTERNET:card${i}@expo${i % 1500}.cn`,
        'item1.X-ABLabel:_$!<Work>!$_',
        `TEL;type=CELL:+86 139 ${String(i).padStart(8, '0')}`,
        `TEL;type=WORK:0755-${String(8000000 + i)}`,
        `ADR;type=WORK:;;科技园${i}号;深圳;广东;518000;中国`,
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  }
  await new Promise((r) => out.end(r));
}

function sqliteUtils() {
  const r = spawnSync('sqlite-utils', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export default async function (b) {
  // issue 20's files: 100k and 1M leads; CRM_BENCH_IMPORT_ROWS=N runs one size only
  const sizes = process.env.CRM_BENCH_IMPORT_ROWS ? [Number(process.env.CRM_BENCH_IMPORT_ROWS)] : [100_000, 1_000_000];
  const vcf = join(b.out, 'import-cards-5000.vcf');
  if (!existsSync(vcf)) await writeVCards(vcf, 5000);
  const small = join(b.out, 'import-leads-5000.csv');
  if (!existsSync(small)) await writeLeadsCsv(small, 5000);
  const db = join(b.out, 'import-bench.db');
  const fresh = () => {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    spawnSync(process.execPath, [join(b.root, 'bin', 'crm'), '--db', db, 'init'], { env: b.env });
  };
  const su = sqliteUtils();
  if (!su) console.error('  sqlite-utils is not installed: its reference rows are skipped (Debian: apt-get install sqlite-utils)');
  const crmMs = new Map();
  for (const n of sizes) {
    const csv = join(b.out, `import-leads-${n}.csv`);
    if (!existsSync(csv)) await writeLeadsCsv(csv, n);
    const size = n >= 1e6 ? `${n / 1e6}M` : `${n / 1000}k`;
    const mb = statSync(csv).size / 1024 / 1024;
    // big files: fewer runs (a 1M import takes minutes)
    const runs = n >= 1e6 ? 1 : Math.min(b.runs, 3);
    const refFile = join(b.out, 'import-sqlite3-ref.db');
    b.timeCmd(`sqlite3 .import ${size} leads into a file (reference)`, 'sqlite3', [refFile, '.mode csv', `.import ${csv} leads`], {
      runs,
      setup: () => rmSync(refFile, { force: true }),
    });
    let suMs;
    if (su) {
      const suFile = join(b.out, 'import-sqlite-utils-ref.db');
      suMs = b.timeCmd(`sqlite-utils insert --csv ${size} leads, bare table (reference)`, 'sqlite-utils', ['insert', suFile, 'leads', csv, '--csv'], {
        runs,
        setup: () => rmSync(suFile, { force: true }),
      }).medianMs;
    }
    const row = b.time(`crm import ${size} leads (${mb.toFixed(0)} MB)`, ['--db', db, 'import', csv, '--country', 'CN', '-q'], {
      runs,
      setup: fresh,
      target: suMs === undefined ? undefined : 1.5 * suMs,
      extra: (_last, ms) =>
        `${Math.round(n / (ms / 1000))} rows/s${suMs ? `; ${(ms / suMs).toFixed(1)}x sqlite-utils (target 1.5x)` : ''}; RSS target 250 MB` +
        (crmMs.has(n / 10) ? `; ${(ms / crmMs.get(n / 10)).toFixed(1)}x the ${n / 10 >= 1e6 ? n / 1e7 + 'M' : n / 1e4 + 'k'} import (linear: at most 11x)` : ''),
    });
    crmMs.set(n, row.medianMs);
    if (n >= 1e6) {
      // the hidden cost moves nowhere: the first find, due and tiers on the database the import left
      const asOf = ['--as-of', new Date().toISOString().slice(0, 10)];
      b.time(`first crm find after the ${size} import`, ['--db', db, ...asOf, 'find', 'Company 4242'], { runs: 1, target: 2000 });
      b.time(`first crm due after the ${size} import`, ['--db', db, ...asOf, 'due'], { runs: 1, target: 2000 });
      b.time(`first crm tiers --limit 50 after the ${size} import`, ['--db', db, ...asOf, 'tiers', '--limit', '50'], { runs: 1, target: 2000 });
    }
  }
  // the small files take about a second: enough runs for a stable median even with --runs 1
  const smallRuns = Math.max(5, b.runs);
  b.time('crm import 5k leads CSV', ['--db', db, 'import', small, '--country', 'CN', '-q'], {
    runs: smallRuns,
    setup: fresh,
    extra: (_last, ms) => `${Math.round(5000 / (ms / 1000))} rows/s`,
  });
  b.time('crm import 5k vCards', ['--db', db, 'import', vcf, '--country', 'CN', '-q'], {
    runs: smallRuns,
    setup: fresh,
    target: 1000,
    extra: (_last, ms) => `${Math.round(5000 / (ms / 1000))} cards/s`,
  });
  // into a database that already holds 100k accounts (dedup against them): on a copy of it
  const big = await b.dbFor(100_000);
  const copy = join(b.out, 'import-into-100k.db');
  b.time('crm import 5k vCards into a 100k-account database', ['--db', copy, 'import', vcf, '--country', 'CN', '-q'], {
    runs: smallRuns,
    setup: () => {
      for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
      copyFileSync(big, copy);
    },
    target: 1500,
    extra: (_last, ms) => `${Math.round(5000 / (ms / 1000))} cards/s`,
  });
}
