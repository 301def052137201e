// The browser tests' global set-up: Chromium (installed where it can be), then the API's servers.
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import startTestServers from '../../apps/api/test/setup/global-setup.mjs';

export default async function globalSetup() {
  process.env.CHROMIUM_PATH = ensureChromium();
  await startTestServers();
}
