// A headless Chromium for tests, from npm (@sparticuz/chromium ships the binary inside its
// package; puppeteer-core drives it). Nothing is installed on the machine: a fresh clone's
// `npm install` is all a contributor or CI needs.
import chromium from '@sparticuz/chromium';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * Unpacks Chromium into `dir` (about 200 MB, 1-2 s) and launches it. @sparticuz/chromium unpacks
 * into os.tmpdir() and reuses a binary it finds there: a private TMPDIR keeps two test runs (or
 * two clones on one machine) from starting a binary another one is still writing.
 */
export async function launchBrowser(dir: string): Promise<Browser> {
  const unpackTo = join(dir, 'chromium-unpacked');
  mkdirSync(unpackTo, { recursive: true });
  const before = process.env.TMPDIR;
  process.env.TMPDIR = unpackTo;
  let executablePath: string;
  try {
    executablePath = await chromium.executablePath();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
  return puppeteer.launch({
    executablePath,
    headless: true,
    // The machine's network is closed: without these Chromium keeps trying Google's hosts.
    args: [
      ...chromium.args,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--user-data-dir=${join(dir, 'chrome-profile')}`,
    ],
    env: { ...process.env, TMPDIR: unpackTo },
  });
}
