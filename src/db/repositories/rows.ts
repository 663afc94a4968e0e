// Rows of any table, named at run time: what the history's undo and the merges need, since they
// work on every table the schema has (tables added by later migrations included), not on a fixed
// list. Conditions are equalities on whole columns.
import type { Kysely } from 'kysely';
import type { Db } from '../engine.js';

export type Values = Record<string, unknown>;

const any = (db: Db) => db as unknown as Kysely<any>;

function whereAll<Q extends { where: (...a: any[]) => Q }>(q: Q, where: Values): Q {
  for (const [c, v] of Object.entries(where)) q = v === null || v === undefined ? q.where(c, 'is', null) : q.where(c, '=', v);
  return q;
}

export async function readRow(db: Db, table: string, where: Values): Promise<Values | undefined> {
  return whereAll(any(db).selectFrom(table).selectAll(), where).limit(1).executeTakeFirst() as Promise<Values | undefined>;
}

/** One row of `table` whose `column` is `value`, or undefined. */
export async function firstReferencing(db: Db, table: string, column: string, value: unknown): Promise<Values | undefined> {
  return readRow(db, table, { [column]: value });
}

export async function insertRow(db: Db, table: string, values: Values): Promise<void> {
  await any(db).insertInto(table).values(values).execute();
}

export async function updateRows(db: Db, table: string, where: Values, set: Values): Promise<void> {
  await whereAll(any(db).updateTable(table).set(set), where).execute();
}

export async function deleteRows(db: Db, table: string, where: Values): Promise<void> {
  await whereAll(any(db).deleteFrom(table), where).execute();
}

export async function readRows(db: Db, table: string, where: Values): Promise<Values[]> {
  return whereAll(any(db).selectFrom(table).selectAll(), where).execute() as Promise<Values[]>;
}

/** Sets `column` to `to` on every row where it is `from`; returns how many rows moved. */
export async function moveReferences(db: Db, table: string, column: string, from: unknown, to: unknown): Promise<number> {
  const r = await any(db).updateTable(table).set({ [column]: to }).where(column, '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
