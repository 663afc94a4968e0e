// Types of pg-server.mjs, for the tests that import it.
export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** postgres://user@127.0.0.1:port/NAME: no password in it, as crm wants (it comes from PGPASSWORD) */
  url(database: string): string;
  stop(): Promise<void>;
}
export interface StartOptions {
  /** durability settings off (fsync, synchronous commit): for tests, never for the bench */
  fast?: boolean;
  log?: (line: string) => void;
}
export function freePort(): Promise<number>;
export function startPgServer(opts?: StartOptions): Promise<PgServer>;
