// Files written by reports and exports: owner-only (0600), since they hold customer data.
import { chmodSync, writeFileSync } from 'node:fs';

export function writeOwnerOnly(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { mode: 0o600 });
  // An existing file keeps its old mode on write; tighten it too.
  chmodSync(path, 0o600);
}
