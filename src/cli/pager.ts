// Long output in a terminal: through $PAGER (less -FRX unless LESS says otherwise: quits when it
// fits one screen, keeps colours, leaves the text on screen), or, with no pager to be had, the
// first screenful and how to see the rest. Only used when stdout is a terminal.
import { spawn } from 'node:child_process';

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function runPager(command: string, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const env = { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' };
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'inherit', 'inherit'], env });
    let started = true;
    child.on('error', () => {
      started = false;
      resolve(false);
    });
    child.stdin.on('error', () => {}); // the reader quit early (q in less): not an error
    child.on('close', (code) => resolve(started && code !== 127 && code !== 126));
    child.stdin.end(text);
  });
}

export async function page(text: string, o: { canPrompt: boolean; note: (t: string) => void }): Promise<void> {
  // A terminal that does not say its size (a pseudo-terminal opened by a program) gets everything.
  const rows = process.stdout.rows;
  const lines = lineCount(text);
  if (!rows || lines <= rows - 1) {
    process.stdout.write(text);
    return;
  }
  const pager = process.env.PAGER ?? 'less';
  if (pager && pager !== 'cat' && o.canPrompt && (await runPager(pager, text))) return;
  if (pager === 'cat') {
    process.stdout.write(text);
    return;
  }
  // No pager: a screenful, then how to get the rest.
  const keep = Math.max(10, rows - 3);
  let end = 0;
  for (let i = 0; i < keep; i++) end = text.indexOf('\n', end) + 1;
  process.stdout.write(text.slice(0, end));
  o.note(`${lines - keep} more lines: --no-pager (or --limit N) shows them, as does a pipe (| less) or --format tsv`);
}
