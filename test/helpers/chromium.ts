/*
 * Debian's chromium (installed by scripts/ensure-chromium.sh), headless, for the tests that log in through the
 * emulator's authorize page: a fresh profile per launch, no background traffic.
 */
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.ECA_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchHeadlessChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
