/**
 * Debian's Chromium (package `chromium`, which .ci/run installs; `chromium-headless-shell` works too)
 * driven by playwright-core, for the page's tests and bench. No browser is downloaded: without a
 * Chromium that starts, `launchChromium` says why, and the callers skip.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const EXECUTABLES = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'];

/** Flags for a quiet, self-contained run: no GPU, no sandbox (root in CI), nothing fetched in the background. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser | { reason: string }> {
  const executablePath = EXECUTABLES.find((p) => existsSync(p));
  if (!executablePath) return { reason: 'no Chromium installed (Debian package chromium: apt-get install chromium)' };
  const { chromium } = await import('playwright-core');
  try {
    // playwright-core starts it headless with a fresh profile directory of its own
    return await chromium.launch({ executablePath, args: FLAGS, timeout: 30_000 });
  } catch (e) {
    return { reason: `${executablePath} does not start here: ${(e as Error).message.split('\n')[0]}` };
  }
}
