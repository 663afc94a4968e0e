// The PostgreSQL driver and its helpers, in one place: the build makes this its own file
// (dist/pg-driver.cjs), loaded only when a book is on a server. It is the only network code crm
// has; a book in a file never loads it.
export { default as pg } from 'pg';
export { default as Cursor } from 'pg-cursor';
export { from as copyFrom } from 'pg-copy-streams';
