// Synchronous SQL on the test PostgreSQL server, for helpers that are synchronous (sandbox(),
// sb.query()): a worker thread runs the query with pg while this thread waits on an Atomics
// signal. One worker per connection target, kept for the life of the test file.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.pg);
const parse = (v) => Number(v);
const types = { getTypeParser: (oid, f) => (oid === 20 || oid === 1700 ? parse : pg.types.getTypeParser(oid, f)) };
const clients = new Map();
async function client(database) {
  let c = clients.get(database);
  if (!c) {
    c = new pg.Client({ ...workerData.conn, database, types });
    c.on('error', () => {});
    await c.connect();
    clients.set(database, c);
  }
  return c;
}
parentPort.on('message', async ({ database, sql, params, close, port, signal }) => {
  let out;
  try {
    if (close) {
      const c = clients.get(database);
      clients.delete(database);
      if (c) await c.end();
      out = { rows: [] };
    } else {
      const r = await (await client(database)).query(sql, params);
      out = { rows: Array.isArray(r) ? r[r.length - 1].rows : r.rows };
    }
  } catch (e) {
    out = { error: String(e && e.message || e), code: e && e.code };
  }
  port.postMessage(out);
  port.close();
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

export interface PgConn {
  host: string;
  port: number;
  user: string;
  password: string;
}

let worker: Worker | undefined;
let workerFor: string | undefined;

function getWorker(conn: PgConn): Worker {
  const key = `${conn.host}:${conn.port}`;
  if (!worker || workerFor !== key) {
    void worker?.terminate();
    worker = new Worker(WORKER, { eval: true, workerData: { pg: createRequire(import.meta.url).resolve('pg'), conn } });
    worker.unref();
    workerFor = key;
  }
  return worker;
}

function call(conn: PgConn, msg: { database: string; sql?: string; params?: unknown[]; close?: boolean }): any[] {
  const w = getWorker(conn);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  w.postMessage({ ...msg, port: port2, signal }, [port2]);
  if (Atomics.wait(signal, 0, 0, 60_000) === 'timed-out') throw new Error(`test database: no answer in 60 s to ${msg.sql ?? 'close'}`);
  const reply = receiveMessageOnPort(port1)?.message as { rows?: any[]; error?: string } | undefined;
  port1.close();
  if (!reply) throw new Error('test database: no reply');
  if (reply.error) throw new Error(`test database: ${reply.error} (in: ${msg.sql})`);
  return reply.rows ?? [];
}

/** Runs one statement on `database` and returns its rows (bigint and numeric as numbers). */
export function pgQuerySync(conn: PgConn, database: string, sql: string, params: unknown[] = []): any[] {
  return call(conn, { database, sql, params });
}

/** Closes this thread's connection to `database` (before it is dropped). */
export function pgCloseSync(conn: PgConn, database: string): void {
  call(conn, { database, close: true });
}
