// Runs crm under a pseudo-terminal (util-linux `script`), typing the given keystrokes with pauses,
// so interactive prompts are exercised the way a person meets them.
import { spawn } from 'node:child_process';
import { BIN } from './cli.js';

export function runInPty(args: string[], keys: string[], opts: { env?: Record<string, string | undefined>; delayMs?: number } = {}): Promise<{ code: number; output: string }> {
  const env: Record<string, string | undefined> = { ...process.env, ...(opts.env ?? {}) };
  delete env.CI;
  delete env.NODE_EXTRA_CA_CERTS;
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const delay = opts.delayMs ?? 1200;
  let i = 0;
  const typeNext = () => {
    if (i < keys.length) {
      child.stdin.write(keys[i++]!);
      setTimeout(typeNext, delay);
    }
  };
  setTimeout(typeNext, delay);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code: code ?? -1, output });
    });
  });
}
