// The browser tests drive Debian's Chromium (CHROMIUM_PATH overrides): install it, and a CJK font so
// the studio's Simplified Chinese renders as text (not boxes) in screenshots, where we can (CI runs
// as root). `npm test` calls this first; the e2e project's global set-up calls it for `npx jest`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Returns Chromium's path once it is there; throws with what to do where it cannot be installed. */
export function ensureChromium() {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!existsSync(CHROMIUM)) {
    if (!canApt) throw new Error(`Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
    console.log('Installing Chromium for the browser tests (apt-get install chromium fonts-wqy-microhei)...');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null'], { stdio: 'inherit' });
  } else if (!existsSync(CJK_FONT) && canApt) {
    console.log('Installing a Chinese font for the browser tests (apt-get install fonts-wqy-microhei)...');
    spawnSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null)'], { stdio: 'inherit' });
  }
  return CHROMIUM;
}
