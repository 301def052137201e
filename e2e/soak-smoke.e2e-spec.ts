import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// The soak (`npm run soak`, bench/soak.bench.ts) compressed into its --smoke variant, so it cannot rot:
// 45 s of designers and a consumer app against two API processes behind the soak's proxy and two
// draft workers, with a PostgreSQL restart, a worker SIGKILL and an API SIGKILL in the middle. The
// soak checks its invariants itself; this reads its JSON report and says which one broke.
// Its report and the processes' logs stay in test-output/soak-smoke/ (git ignores it).
const OUT_DIR = join(process.cwd(), 'test-output', 'soak-smoke');
const REPORT = join(OUT_DIR, 'soak.json');

interface SoakReport {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  timeline: { faults: Array<{ kind: string; held?: Array<{ id: string }> }> };
  recovery: Array<{ fault: string; firstWriteMs: number | null; firstReadMs: number | null; firstLeaseMs: number | null; readyzBothMs: number | null }>;
  verification: {
    acknowledgedWrites: { total: number; kept: number; saves: number; previewJobs: number; usageEvents: number };
    jobs: { byState: Record<string, number>; completionsCounted: number; workerDoneLines: number };
    usage: { rows: number; acknowledged: number; landedWithoutAnswer: number };
  };
}

describe('soak smoke: a minute of load with every fault', () => {
  it('keeps every acknowledged write, finishes each preview job once and counts each use once across a PostgreSQL restart, a worker kill and an API kill', async () => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    mkdirSync(OUT_DIR, { recursive: true });
    const child = spawn(process.execPath, ['scripts/run-bench.mjs', 'soak', '--smoke', '--out', REPORT], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    let report: SoakReport;
    try {
      report = JSON.parse(readFileSync(REPORT, 'utf8')) as SoakReport;
    } catch {
      throw new Error(`the soak wrote no report (exit ${code}):\n${output.slice(-6000)}`);
    }
    // Every invariant, named, so a failure says which one broke and why.
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(0);

    expect(report.timeline.faults.map((f) => f.kind)).toEqual(['postgres-restart', 'worker-kill', 'api-kill']);
    // The worker died holding a lease: the path where a job is leased again after expiry ran.
    expect(report.timeline.faults[1]!.held!.length).toBeGreaterThan(0);
    for (const r of report.recovery) expect([r.fault, r.firstWriteMs, r.firstReadMs, r.firstLeaseMs, r.readyzBothMs].includes(null)).toBe(false);

    // Enough happened for the checks to mean something.
    const v = report.verification;
    expect(v.acknowledgedWrites.kept).toBe(v.acknowledgedWrites.total);
    expect(v.acknowledgedWrites.saves).toBeGreaterThan(20);
    expect(v.acknowledgedWrites.previewJobs).toBeGreaterThan(5);
    expect(v.acknowledgedWrites.usageEvents).toBeGreaterThan(50);
    expect(v.jobs.byState['SUCCEEDED']).toBeGreaterThan(5);
    expect(v.jobs.completionsCounted).toBe(v.jobs.workerDoneLines);
    expect(v.usage.rows).toBe(v.usage.acknowledged + v.usage.landedWithoutAnswer);
  }, 180_000);
});
