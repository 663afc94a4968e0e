// Undo of an import batch is complete: every table holds what it held before the import (rows
// created deleted, merged fields, tags and numbers reverted, search index and due list as they
// were), apart from the batch's own record of what it did.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBook } from '../helpers/book.js';
import { FIXTURES, sandbox, type Sandbox } from '../helpers/cli.js';

const F = (name: string) => join(FIXTURES, 'import', name);
// the batch's own record, bookkeeping that is not the user's data, the dated histories of scores
// and ladder rungs (a snapshot or move recorded while the batch was in says what was so that day),
// and the change history (the import and its undo are two entries of it: checked below)
const SKIP = new Set(['import_batches', 'import_rows', 'meta', 'sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4', 'score_snapshots', 'ladder_history', 'changes', 'change_rows']);
// derived rows rebuilt with new ids: compared by content
const DERIVED = new Set(['annual_dates']);

/** Every ordinary table's rows in a stable order, `updated_at` left out (undo is a change too). */
function dump(db: string): Record<string, unknown[]> {
  const d = openBook(db, { readonly: true });
  try {
    const tables = d.tables().filter((t) => !t.startsWith('search_index_') && !SKIP.has(t));
    const out: Record<string, unknown[]> = {};
    for (const t of tables) {
      const rows = d.prepare(`select * from "${t}"`).all() as Record<string, unknown>[];
      out[t] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'updated_at' && !(k === 'id' && DERIVED.has(t)))))).sort();
    }
    return out;
  } finally {
    d.close();
  }
}

describe('import undo', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-undo-');
    expect(sb.crm(['init']).code).toBe(0);
  });
  afterEach(() => sb.cleanup());

  it('leaves every table as it was before the batch: leads merged into existing records, and orders', () => {
    sb.crm(['account', 'add', '--name', '深圳市华强电子有限公司', '--city', '深圳']);
    sb.crm(['contact', 'add', '华强电子', '--name', '王芳', '--email', 'WangFang@hqdz.com.cn', '--title', '销售经理']);
    sb.crm(['log', '华强电子', '--kind', 'call', '--summary', 'first call', '--next', 'send samples', '--due', '2026-12-20']);
    const first = sb.json(['import', F('google-contacts.csv'), F('german-excel.csv')]);
    // every due item computed with the scores as they are (the log's was computed before any score)
    expect(sb.crm(['due', '--refresh']).code).toBe(0);
    const before = dump(sb.db);
    const leads = sb.json(['import', F('cards-gbk.csv'), F('linkedin.csv'), '--country', 'CN', '--tag', 'fair', '--source', 'fair']);
    expect(leads.merged).toBeGreaterThan(0);
    expect(leads.created).toBeGreaterThan(0);
    expect(dump(sb.db)).not.toEqual(before);
    expect(sb.crm(['import', 'undo', String(leads.batchId)]).code).toBe(0);
    expect(dump(sb.db)).toEqual(before);
    // the history holds the import and its undo as one entry each, the import marked undone by the undo
    const h = openBook(sb.db, { readonly: true });
    const entries = h.prepare('select id, kind, undoes, undone_by from changes where batch_id = ? order by id').all(leads.batchId) as { id: number; kind: string; undoes: number | null; undone_by: number | null }[];
    const rows = (h.prepare('select count(*) n from change_rows r join changes c on c.id = r.change_id where c.batch_id = ?').get(leads.batchId) as { n: number } | undefined)?.n;
    h.close();
    expect(entries.map((e) => e.kind)).toEqual(['import', 'import-undo']);
    expect(entries[0]!.undone_by).toBe(entries[1]!.id);
    expect(entries[1]!.undoes).toBe(entries[0]!.id);
    expect(rows).toBe(0);

    const orders = sb.json(['import', F('orders.csv'), '--kind', 'orders']);
    expect(orders.created).toBeGreaterThan(0);
    expect(sb.crm(['import', 'undo', String(orders.batchId)]).code).toBe(0);
    expect(dump(sb.db)).toEqual(before);
    expect(first.batchId).toBeLessThan(leads.batchId);
  });
});
