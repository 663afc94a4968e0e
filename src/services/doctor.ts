// `crm doctor`: checks that the database is sound and consistent, and makes the safe repairs.
import { allAccountIds, reindexAccounts } from '../db/repositories/accounts.js';
import * as checks from '../db/repositories/checks.js';
import { leftoverFiles, removeFiles } from './backup.js';
import { inTransaction, type ServiceContext } from './context.js';
import { completeFollowUps, pendingFollowUps } from './import/follow-up.js';
import { duplicateGroups } from './duplicates.js';
import { normalisePhones, phonesToNormalise } from './phone-repair.js';

export interface Finding {
  /** stable identifier of the check, e.g. "search-index-missing" */
  check: string;
  /** how many rows (or files) are affected */
  count: number;
  message: string;
  /** what the user can do when --fix cannot */
  hint?: string;
  fixable: boolean;
  fixed: boolean;
  /** not a fault of the database but something to look at (likely duplicates): not counted as a problem */
  advice?: boolean;
}

export interface DoctorReport {
  path: string;
  checks: string[];
  findings: Finding[];
  /** problems left after the run (all of them unless --fix) */
  problems: number;
  backup?: string;
}

const CHECKS = [
  'integrity', 'foreign-keys', 'contact-point-account', 'undone-batch-rows', 'unfinished-batches', 'import-follow-up',
  'search-index', 'phone-country', 'history', 'duplicates',
] as const;
/** the checks that fit the store: file modes for a file, what the server provides for a server */
const checksOf = (ctx: ServiceContext): string[] => [...CHECKS, ...(ctx.engine.files ? ['file-permissions', 'leftover-files'] : ['server'])];

/** Likely duplicates listed one group per line, at most this many groups of each kind. */
const DUPLICATE_GROUPS = 50;

function sample(ids: readonly number[]): string {
  return ids.length ? ` (id ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})` : '';
}

/** Runs every check; with fix, repairs what can be repaired without losing anything a user made. */
export async function runDoctor(
  ctx: ServiceContext,
  opts: { fix?: boolean; backup?: () => Promise<string> } = {},
): Promise<DoctorReport> {
  const engine = ctx.engine;
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'fixed'>) => {
    const x: Finding = { ...f, fixed: false };
    findings.push(x);
    return x;
  };

  const integrity = await engine.integrity();
  if (integrity.length) {
    add({
      check: 'integrity',
      count: integrity.length,
      message: `the database file is damaged: ${integrity[0]}${integrity.length > 1 ? ` (+${integrity.length - 1} more)` : ''}`,
      hint: 'restore the latest backup: crm restore FILE',
      fixable: false,
    });
    // Nothing else is worth checking (or repairing) on a damaged file.
    return { path: engine.location, checks: checksOf(ctx), findings, problems: findings.length };
  }

  const fk = await engine.foreignKeyViolations();
  const fkGroups = new Map<string, typeof fk>();
  for (const v of fk) {
    const k = `${v.table}.${v.column} → ${v.parent}`;
    fkGroups.set(k, [...(fkGroups.get(k) ?? []), v]);
  }
  const fkFindings = [...fkGroups].map(([k, vs]) =>
    add({
      check: 'foreign-keys',
      count: vs.length,
      message: `${vs.length} row(s) of ${k} point at a missing row${sample(vs.map((v) => v.rowid))}`,
      fixable: vs.every((v) => v.onDelete === 'CASCADE' || v.onDelete === 'SET NULL'),
    }),
  );

  const crossed = await checks.crossedContactPoints(ctx.db);
  const crossedFinding = crossed.length
    ? add({
        check: 'contact-point-account',
        count: crossed.length,
        message: `${crossed.length} phone/email row(s) belong to a contact of another account${sample(crossed.map((r) => r.id))}`,
        fixable: true,
      })
    : undefined;

  const undoneIds = await checks.batchesWithStatus(ctx.db, 'undone');
  if (undoneIds.length) {
    const left: string[] = [];
    let total = 0;
    for (const [t, n] of await checks.rowsOfBatches(ctx.db, undoneIds)) {
      if (n) {
        left.push(`${n} ${t}`);
        total += n;
      }
    }
    if (total)
      add({
        check: 'undone-batch-rows',
        count: total,
        message: `undone import batches still have ${left.join(', ')}`,
        hint: 'run crm import undo again for those batches (crm import list shows them)',
        fixable: false,
      });
    // import_rows of an undone batch stay on purpose: they are its history (what each line became).
  }

  const unfinished = await checks.batchesWithStatus(ctx.db, 'running');
  if (unfinished.length)
    add({
      check: 'unfinished-batches',
      count: unfinished.length,
      message: `${unfinished.length} import batch(es) never finished${sample(unfinished)}`,
      hint: `undo them with crm import undo ${unfinished[0]!}, then import the file again`,
      fixable: false,
    });

  // an import killed after its commit, before its leads got their due items and scores
  const pending = await pendingFollowUps(ctx);
  const followUpFinding = pending.length
    ? add({
        check: 'import-follow-up',
        count: pending.length,
        message: `${pending.length} import batch(es) stopped before their leads got due items and scores (batch ${pending.map((m) => m.batchId).join(', ')})`,
        hint: 'crm doctor --fix (or any other crm command) finishes it',
        fixable: true,
      })
    : undefined;

  const ftsError = await engine.search.check(ctx.db);
  const gaps = await engine.search.gaps(ctx.db);
  const ftsFinding = ftsError
    ? add({ check: 'search-index', count: 1, message: `the search index is damaged: ${ftsError}`, fixable: true })
    : undefined;
  const strayFinding = gaps.stray.length
    ? add({ check: 'search-index', count: gaps.stray.length, message: `${gaps.stray.length} search index entr(ies) for accounts that no longer exist`, fixable: true })
    : undefined;
  const missingFinding = gaps.missing.length
    ? add({ check: 'search-index', count: gaps.missing.length, message: `${gaps.missing.length} account(s) missing from the search index (crm find cannot see them)${sample(gaps.missing)}`, fixable: true })
    : undefined;

  const phoneFixes = await phonesToNormalise(ctx);
  const phoneFinding = phoneFixes.length
    ? add({
        check: 'phone-country',
        count: phoneFixes.length,
        message: `${phoneFixes.length} phone number(s) stored without a country code, e.g. ${phoneFixes[0]!.from} → ${phoneFixes[0]!.to} (read in the account's country, else defaultCountry)${phoneFixes.some((f) => f.duplicateOf !== null) ? `; ${phoneFixes.filter((f) => f.duplicateOf !== null).length} of them repeat a number the same person already has and would be removed` : ''}`,
        fixable: true,
      })
    : undefined;

  // a server: its version, text encoding and extensions (a file has none of these)
  const unmet = (await engine.requirements()).filter((r) => !r.ok);
  const serverFindings = unmet.map((r) =>
    add({ check: 'server', count: 1, message: `${r.what}: found ${r.found}`, hint: r.fix, fixable: r.what.startsWith('pg_trgm') }),
  );

  const unrecorded = await engine.history.missing(ctx.db);
  const historyFinding = unrecorded.length
    ? add({
        check: 'history',
        count: unrecorded.length,
        message: `changes to ${unrecorded.join(', ')} are not recorded in the history (crm undo cannot revert them)`,
        fixable: true,
      })
    : undefined;

  // doctor does not migrate: a database from before aliases has no duplicates list
  const dupGroups = (await engine.tables()).includes('aliases') ? await duplicateGroups(ctx.db, DUPLICATE_GROUPS) : [];
  for (const g of dupGroups) {
    const ids = g.members.map((m) => m.id);
    add({
      check: 'duplicates',
      count: g.members.length,
      message: `likely the same ${g.kind} (${g.reason}): ${g.members.map((m) => `#${m.id} "${m.name}"`).join(', ')}`,
      hint: `if so: crm ${g.kind} merge ${ids[0]} ${ids[1]}`,
      fixable: false,
      advice: true,
    });
  }

  const loose = engine.files?.readableByOthers() ?? [];
  const permFinding = loose.length
    ? add({ check: 'file-permissions', count: loose.length, message: `readable by other users: ${loose.join(', ')}`, fixable: true })
    : undefined;

  const leftovers = leftoverFiles(engine);
  const leftoverFinding = leftovers.length
    ? add({
        check: 'leftover-files',
        count: leftovers.length,
        message: `left behind by killed backups, restores or set-ups: ${leftovers.join(', ')}`,
        fixable: true,
      })
    : undefined;

  let backup: string | undefined;
  if (opts.fix && findings.some((f) => f.fixable)) {
    const touchesData = findings.some((f) => f.fixable && f.check !== 'file-permissions' && f.check !== 'leftover-files' && f.check !== 'server');
    if (leftoverFinding) {
      removeFiles(leftovers);
      leftoverFinding.fixed = true;
    }
    if (touchesData && opts.backup) backup = await opts.backup();
    if (permFinding) {
      engine.files?.restrict(loose);
      permFinding.fixed = true;
    }
    if (serverFindings.some((f) => f.fixable)) {
      const still = new Set((await engine.setUp()).filter((r) => !r.ok).map((r) => r.what));
      for (const [i, f] of serverFindings.entries()) if (f.fixable && !still.has(unmet[i]!.what)) f.fixed = true;
    }
    await inTransaction(ctx, async (t) => {
      if (historyFinding) {
        await engine.history.install(t.db);
        historyFinding.fixed = true;
      }
      for (const [k, vs] of fkGroups) {
        const f = fkFindings.find((x) => x.message.includes(k))!;
        if (!f.fixable) continue;
        for (const v of vs) await engine.repairForeignKey(t.db, v);
        f.fixed = true;
      }
      if (crossedFinding) {
        await checks.refileContactPoints(t.db, crossed.map((r) => r.id));
        crossedFinding.fixed = true;
      }
      if (ftsFinding) {
        // A damaged index is rebuilt from the accounts: it holds nothing that is not stored elsewhere.
        await engine.search.clear(t.db);
        await reindexAccounts(t.db, engine.search, await allAccountIds(t.db));
        ftsFinding.fixed = true;
      } else {
        for (const id of gaps.stray) await engine.search.set(t.db, id, null);
        // Moved contact points change what both accounts' search text holds.
        await reindexAccounts(t.db, engine.search, [...gaps.missing, ...crossed.flatMap((r) => [r.was, r.is])]);
      }
      if (strayFinding) strayFinding.fixed = true;
      if (missingFinding) missingFinding.fixed = true;
      if (phoneFinding) {
        await normalisePhones(t, phoneFixes);
        phoneFinding.fixed = true;
      }
    });
    if (followUpFinding) {
      await completeFollowUps(ctx);
      followUpFinding.fixed = true;
    }
  }
  return {
    path: engine.location,
    checks: checksOf(ctx),
    findings,
    problems: findings.filter((f) => !f.fixed && !f.advice).length,
    ...(backup ? { backup } : {}),
  };
}
