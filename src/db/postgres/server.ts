// What a PostgreSQL database needs before crm can keep a book in it, checked by `crm init` (and
// before the first migration), each with what to do when it is missing.
import type { pg } from './driver.js';
import type { StoreRequirement } from '../engine.js';

/** identity columns need 10; pg_trgm may be created by a database owner (a trusted extension) from 13 */
const MIN_VERSION = 13;

interface Facts {
  version: number;
  versionText: string;
  db: string;
  encoding: string;
  ctype: string;
  owner: string;
  login: string;
  available: boolean;
  installed: boolean;
  canCreate: boolean;
}

async function facts(c: pg.PoolClient): Promise<Facts> {
  const r = await c.query(
    `select current_setting('server_version_num')::int as version, current_setting('server_version') as version_text,
            d.datname as db, pg_encoding_to_char(d.encoding) as encoding, d.datctype as ctype,
            pg_get_userbyid(d.datdba) as owner, current_user as login,
            exists (select 1 from pg_available_extensions where name = 'pg_trgm') as available,
            exists (select 1 from pg_extension where extname = 'pg_trgm') as installed,
            has_schema_privilege(current_schema(), 'CREATE') as can_create
       from pg_database d where d.datname = current_database()`,
  );
  const x = r.rows[0];
  return {
    version: Math.floor(Number(x.version) / 10000),
    versionText: String(x.version_text).split(' ')[0]!,
    db: x.db,
    encoding: x.encoding,
    ctype: x.ctype,
    owner: x.owner,
    login: x.login,
    available: x.available,
    installed: x.installed,
    canCreate: x.can_create,
  };
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Does the trigram extension see CJK characters as word characters here (a UTF-8 ctype)? */
async function trigramsSeeCjk(c: pg.PoolClient): Promise<boolean> {
  const r = await c.query<{ n: number }>(`select cardinality(show_trgm('张伟明')) as n`);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

export async function serverRequirements(c: pg.PoolClient, f?: Facts): Promise<StoreRequirement[]> {
  f ??= await facts(c);
  const utf8Ctype = /utf-?8/i.test(f.ctype);
  const out: StoreRequirement[] = [
    {
      what: 'server version',
      ok: f.version >= MIN_VERSION,
      found: f.versionText,
      fix: `crm needs PostgreSQL ${MIN_VERSION} or newer; upgrade the server`,
    },
    {
      what: 'text encoding',
      ok: f.encoding === 'UTF8',
      found: f.encoding,
      fix: `create the database with UTF-8 text: CREATE DATABASE ${quoteIdent(f.db)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8', then crm db copy your book into it`,
    },
    {
      what: 'character type (ctype)',
      ok: utf8Ctype,
      found: f.ctype,
      fix: `search cannot see Chinese, Japanese or Korean names under ctype ${f.ctype}: create the database with CREATE DATABASE ${quoteIdent(f.db)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`,
    },
    {
      what: 'pg_trgm extension',
      ok: f.installed,
      found: f.installed ? 'installed' : f.available ? 'available, not created' : 'not on the server',
      fix: f.available
        ? `run crm init as the database owner (${f.owner}), or ask an administrator to run in ${f.db}: CREATE EXTENSION pg_trgm;`
        : `install the server's contrib package (postgresql-contrib), then run crm init again`,
    },
  ];
  if (f.installed && utf8Ctype) {
    const sees = await trigramsSeeCjk(c);
    out.push({ what: 'trigrams of CJK text', ok: sees, found: sees ? 'yes' : 'no', fix: `the server's C library has no Unicode character classes for ${f.ctype}; use a ctype such as C.UTF-8 or en_US.UTF-8` });
  }
  return out.map((r) => (r.ok ? { what: r.what, ok: true, found: r.found } : r));
}

/** Whether this login may create crm's tables here (only needed while the book has none). */
export async function schemaRequirement(c: pg.PoolClient): Promise<StoreRequirement> {
  const f = await facts(c);
  return {
    what: 'may create tables',
    ok: f.canCreate,
    found: f.canCreate ? 'yes' : 'no',
    fix: `run crm init once as the database owner (${f.owner}), or ask an administrator: GRANT CREATE ON SCHEMA public TO ${quoteIdent(f.login)};`,
  };
}

/** Creates pg_trgm when it can (a trusted extension: the database owner may), then checks everything. */
export async function setUpServer(c: pg.PoolClient): Promise<StoreRequirement[]> {
  const f = await facts(c);
  if (!f.installed && f.available && f.version >= MIN_VERSION) {
    try {
      await c.query('create extension if not exists pg_trgm');
    } catch {
      // not allowed: the requirement below says who can
    }
  }
  return serverRequirements(c);
}
