// Debian's Chromium started the same way by bench:editor and the browser tests (e2e/lib/studio-browser.ts).
import { chromium, type Browser } from 'playwright-core';

/** Headless Debian Chromium (CHROMIUM_PATH overrides), with nothing that talks to the network on its own. */
export function launchChromium({ lang }: { lang?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(lang ? [`--lang=${lang}`] : [])],
  });
}
