// Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by playwright-core: no browser
// download. Shared by the browser suites so they launch it one way.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's package puts Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether Chromium is installed. Under CI (`CI` set) a missing browser throws, since `.ci/run` installs
 * it; elsewhere the caller skips its browser tests and `name` says so once.
 */
export function haveChromium(name: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install chromium`);
  if (!present) console.warn(`${name}: the Chromium part is skipped, ${CHROMIUM} is not installed (apt-get install chromium)`);
  return present;
}

/** A headless Chromium with a throwaway profile; `close` ends it and removes the profile. */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'invocations-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
