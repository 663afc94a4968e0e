// The vCard UID of a contact: `crm-contact-<id>-<creation instant, base 36>@crm`. Stable for the
// contact's life, and different across books (two databases give the same id to different people
// only with different creation instants), so re-importing your own export merges each card into
// the contact it came from, while someone else's cards are matched by email and phone as usual.

const UID = /^(?:urn:uid:)?crm-contact-(\d+)-([0-9a-z]+)@crm$/i;

export function contactUid(id: number, createdAt: string): string {
  return `crm-contact-${id}-${Date.parse(createdAt).toString(36)}@crm`;
}

/** The contact a UID names, if crm wrote it. */
export function parseContactUid(uid: string | null | undefined): { id: number; createdMs: number } | undefined {
  const m = uid ? UID.exec(uid.trim()) : null;
  if (!m) return undefined;
  return { id: Number(m[1]), createdMs: parseInt(m[2]!, 36) };
}

/** Whether a stored contact is the one a UID names. */
export function uidMatches(u: { createdMs: number }, createdAt: string): boolean {
  return Date.parse(createdAt) === u.createdMs;
}

/** vCard REV: the last change as a UTC timestamp, 20261123T073000Z. */
export function vcardRev(updatedAt: string): string {
  return new Date(Date.parse(updatedAt)).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
