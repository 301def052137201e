import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

// `npm run example:consumer` (issue 15 §4) as a developer runs it on a clean machine: the script starts
// a fresh embedded studio of its own (free ports, a temporary data directory), the example app goes
// through the catalog, its recipe, an identity upload, a render on the draft worker, the signed webhook
// and the designer's earnings, and the script stops and removes the studio again.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

describe('npm run example:consumer', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    // Only when the run did not end by itself: its whole process group (the studio, its worker).
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  });

  it('runs the consumer app end to end on a studio it starts, verifies the webhook, shows the sale and cleans up', async () => {
    // A clean environment, as on a developer's machine: none of the test servers' settings leak in.
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', CI: process.env['CI'] ?? '' };
    child = spawn(process.execPath, [join(repoRoot, 'scripts/example-consumer.mjs')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));

    if (code !== 0) throw new Error(`example:consumer exited with ${code}:\n${output}`);
    expect(output).toMatch(/\[1\/9\] An admin issues the app an API key/);
    expect(output).toMatch(/Golden Hour Film \(v1, SDXL, LORA\)/);
    expect(output).toMatch(/\{\{likeness\}\}\s+0\.9 to 1\.2/);
    expect(output).toMatch(/Asset [0-9a-f-]{36}: READY/);
    expect(output).toMatch(/Webhook verified: render\.succeeded for render [0-9a-f-]{36}/);
    expect(output).toContain('A tampered body is refused: MISMATCH');
    expect(output).toMatch(/\d+ bytes, image\/png, \d+x\d+/);
    expect(output).toMatch(/"Golden Hour Film" this month: (\d+) -> \d+ uses, gross [\d.]+ CNY -> [\d.]+ CNY/);
    expect(output).toMatch(/Sale: Golden Hour Film v1, 9\.90 CNY through Example Consumer App, Dana Designer's share [\d.]+ CNY/);
    expect(output).toMatch(/render\.succeeded DELIVERED after 1 attempt/);
    expect(output).toContain('All 9 steps held.');

    // Nothing is left behind: the studio's port is closed and its data directory gone.
    const port = Number(/The studio is running at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const dataDir = /Starting a fresh embedded studio in (\S+)/.exec(output)?.[1];
    expect(port).toBeGreaterThan(0);
    expect(await isPortOpen(port)).toBe(false);
    expect(dataDir && existsSync(dataDir)).toBe(false);
  }, 240_000);
});
