// The throwaway PostgreSQL server of the tests: the same one the bench starts (scripts/lib).
export { freePort, startPgServer, type PgServer, type StartOptions } from '../../scripts/lib/pg-server.mjs';
