// setupFiles of the postgres project: the crm processes a test starts find the server's password
// where crm looks for it (PGPASSWORD), as a rep's shell would have it.
import { inject } from 'vitest';

process.env.PGPASSWORD = inject('pg').password;
