import { noun } from '../../services/history.js';
import type { MergeResult } from '../../services/merge.js';
import type { MessageOutput } from '../render.js';

const plural = (word: string, n: number) => (n === 1 ? word : word.split('/').map((w) => (w.endsWith('s') ? w : `${w}s`)).join('/'));

/** What a merge did, in one message (stderr) with the kept id as data. */
export function mergeOutput(what: 'account' | 'contact', r: MergeResult): MessageOutput {
  const moved = Object.entries(r.moved)
    .map(([t, n]) => `${n} ${t === 'accounts referred' ? 'referred accounts' : plural(noun(t), n)}`)
    .join(', ');
  const lines = [
    `merged ${what} ${r.merged.id} "${r.merged.name}" into ${r.kept.id} "${r.kept.name}"${moved ? `: moved ${moved}` : ''}`,
    r.filled.length ? `filled from it: ${r.filled.join(', ')}` : undefined,
    r.conflicts.length ? `kept in the notes (values that differed): ${r.conflicts.map((c) => `${c.field} ${c.other}`).join('; ')}` : undefined,
    r.alias ? `"${r.alias}" is kept as another name of ${what} ${r.kept.id}` : undefined,
    ...r.possibleDuplicates.map((d) => `"${d.name}" now appears twice: crm contact merge ${d.keep} ${d.other}`),
    r.change !== null ? `recorded as change ${r.change}: crm undo ${r.change} reverts the merge` : undefined,
  ].filter(Boolean);
  return { kind: 'message', text: lines.join('\n'), json: r, data: String(r.kept.id) };
}
