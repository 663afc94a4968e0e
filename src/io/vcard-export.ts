// vCard 3.0 (RFC 2426) for contacts: one card per person, CRLF lines folded at 75 octets.

export interface VcardPerson {
  name: string;
  givenName: string | null;
  familyName: string | null;
  org: string | null;
  title: string | null;
  department: string | null;
  role: string | null;
  emails: string[];
  phones: { kind: 'phone' | 'mobile' | 'fax'; value: string }[];
  ims: string[];
  address: { street: string | null; city: string | null; region: string | null; postcode: string | null; country: string | null } | null;
  birthday: string | null;
  note: string | null;
  categories: string[];
  /** stable identity (see src/domain/contact-uid.ts): a re-import merges into the same contact */
  uid?: string;
  /** last change, as vCard REV (20261123T073000Z) */
  rev?: string;
}

export function vcardEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  const limit = () => (out.length ? 74 : 75);
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > limit()) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const TEL_TYPE = { phone: 'WORK,VOICE', mobile: 'CELL', fax: 'WORK,FAX' } as const;

export function vcard(p: VcardPerson): string {
  const e = (s: string | null | undefined) => vcardEscape(s ?? '');
  const lines = ['BEGIN:VCARD', 'VERSION:3.0'];
  lines.push(p.familyName || p.givenName ? `N:${e(p.familyName)};${e(p.givenName)};;;` : `N:${e(p.name)};;;;`);
  lines.push(`FN:${e(p.name)}`);
  if (p.uid) lines.push(`UID:${e(p.uid)}`);
  if (p.org) lines.push(`ORG:${e(p.org)}${p.department ? `;${e(p.department)}` : ''}`);
  if (p.title) lines.push(`TITLE:${e(p.title)}`);
  // Readers take ROLE for the title when there is none: written only beside a title.
  if (p.role && p.title) lines.push(`ROLE:${e(p.role)}`);
  p.emails.forEach((m, i) => lines.push(`EMAIL;TYPE=INTERNET${i === 0 ? ',PREF' : ''}:${e(m)}`));
  for (const t of p.phones) lines.push(`TEL;TYPE=${TEL_TYPE[t.kind]}:${e(t.value)}`);
  for (const im of p.ims) lines.push(`IMPP:${e(im)}`);
  const a = p.address;
  if (a && (a.street || a.city || a.region || a.postcode || a.country))
    lines.push(`ADR;TYPE=WORK:;;${e(a.street)};${e(a.city)};${e(a.region)};${e(a.postcode)};${e(a.country)}`);
  if (p.birthday) lines.push(`BDAY:${p.birthday}`);
  if (p.note) lines.push(`NOTE:${e(p.note)}`);
  if (p.categories.length) lines.push(`CATEGORIES:${p.categories.map(e).join(',')}`);
  if (p.rev) lines.push(`REV:${p.rev}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * A vdir (the folder layout of khard and vdirsyncer): one UTF-8 .vcf file per contact, named
 * after its UID. Each file is written aside and renamed into place, so a sync that reads the
 * folder meanwhile never sees half a card. Returns the files written.
 */
export async function writeVcardDir(dir: string, people: readonly VcardPerson[]): Promise<number> {
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let n = 0;
  for (const p of people) {
    const base = (p.uid ?? `${p.name}-${n}`).replace(/[^A-Za-z0-9._@-]/g, '_');
    const file = join(dir, `${base}.vcf`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, vcard(p), { mode: 0o600 });
    await rename(tmp, file);
    n++;
  }
  return n;
}
