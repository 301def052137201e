import { describe, expect, it } from '@jest/globals';
import { createRandom, createZipfSampler } from './random.js';
import { SD15_CHECKPOINT, generateTrace, simulate, summariseWaits, type Trace, type TraceJob } from './simulator.js';

const HOUR = 3_600_000;
const trace = generateTrace({ seed: 7, designers: 6, reviewers: 2, bulkBurstsPerHour: 1, durationMs: 2 * HOUR });
const burstOf = (job: TraceJob) => job.burstId;
function groupByBurst(jobs: readonly TraceJob[]): Map<string, TraceJob[]> {
  const groups = new Map<string, TraceJob[]>();
  for (const job of jobs) groups.set(burstOf(job), [...(groups.get(burstOf(job)) ?? []), job]);
  return groups;
}

describe('generateTrace', () => {
  it('gives the same trace for the same seed and another for another seed', () => {
    const again = generateTrace({ seed: 7, designers: 6, reviewers: 2, bulkBurstsPerHour: 1, durationMs: 2 * HOUR });
    expect(again).toEqual(trace);
    expect(generateTrace({ seed: 8, designers: 6, durationMs: 2 * HOUR }).jobs).not.toEqual(trace.jobs);
  });

  it('sorts jobs by arrival and gives them unique ids', () => {
    const ids = new Set(trace.jobs.map((job) => job.id));
    expect(ids.size).toBe(trace.jobs.length);
    for (let i = 1; i < trace.jobs.length; i++) expect(trace.jobs[i].enqueuedAt).toBeGreaterThanOrEqual(trace.jobs[i - 1].enqueuedAt);
    expect(trace.jobs.at(-1)!.enqueuedAt).toBeLessThan(2 * HOUR);
  });

  it('has designers iterate in bursts of 2-16 jobs that share one LoRA set', () => {
    const bursts = groupByBurst(trace.jobs.filter((job) => job.priority === 'INTERACTIVE'));
    expect(bursts.size).toBeGreaterThan(100);
    for (const jobs of bursts.values()) {
      expect(jobs.length).toBeGreaterThanOrEqual(2);
      expect(jobs.length).toBeLessThanOrEqual(16);
      expect(new Set(jobs.map((job) => job.loraKey)).size).toBe(1);
      expect(new Set(jobs.map((job) => job.enqueuedAt)).size).toBe(1);
    }
  });

  it('adds 200-job BULK bursts and REVIEW re-renders by reviewers', () => {
    const bulk = groupByBurst(trace.jobs.filter((job) => job.priority === 'BULK'));
    expect(bulk.size).toBeGreaterThan(0);
    for (const jobs of bulk.values()) expect(jobs).toHaveLength(200);
    const reviews = trace.jobs.filter((job) => job.priority === 'REVIEW');
    expect(reviews.length).toBeGreaterThan(0);
    expect(reviews.every((job) => job.submitter === 'reviewer' && job.designerId.startsWith('reviewer-'))).toBe(true);
  });

  it('uses about 40 canonical LoRA sets on two checkpoints, mostly SDXL', () => {
    const sets = new Set(trace.jobs.map((job) => job.loraKey));
    expect(sets.size).toBeGreaterThan(15);
    expect(sets.size).toBeLessThanOrEqual(40);
    for (const key of sets) expect(key.split('+')).toEqual([...key.split('+')].sort());
    const sd15 = trace.jobs.filter((job) => job.checkpoint === SD15_CHECKPOINT);
    expect(sd15.every((job) => job.baseModel === 'sd15')).toBe(true);
    expect(sd15.length / trace.jobs.length).toBeLessThan(0.3);
  });
});

describe('createZipfSampler', () => {
  it('draws rank k about (k+1)^-s as often as rank 0', () => {
    const random = createRandom(1);
    const sample = createZipfSampler(40, 1.1);
    const counts = new Array<number>(40).fill(0);
    for (let i = 0; i < 100_000; i++) counts[sample(random)]++;
    expect(counts[1] / counts[0]).toBeCloseTo(2 ** -1.1, 1);
    expect(counts[9] / counts[0]).toBeCloseTo(10 ** -1.1, 1);
  });
});

describe('simulate', () => {
  const run = (policy: 'FIFO' | 'ATELIER' | 'IDEAL', on: Trace = trace) => simulate(on, { workers: 3, policy });

  it('runs every job once and is deterministic', () => {
    for (const policy of ['FIFO', 'ATELIER', 'IDEAL'] as const) {
      const result = run(policy);
      expect(result.jobs).toBe(trace.jobs.length);
      expect(run(policy)).toEqual(result);
    }
  });

  it('counts every switch against efficiency and none in the ideal pool', () => {
    const ideal = run('IDEAL');
    expect(ideal.gpuEfficiency).toBe(1);
    const fifo = run('FIFO');
    const busyMs = trace.jobs.length * 4_000 + fifo.loraSwaps * 2_000 + fifo.checkpointSwaps * 10_000;
    expect(fifo.gpuEfficiency).toBeCloseTo((trace.jobs.length * 4_000) / busyMs, 10);
  });

  it('switches models less than FIFO and keeps the p95 wait no worse', () => {
    const fifo = run('FIFO');
    const atelier = run('ATELIER');
    expect(atelier.gpuEfficiency).toBeGreaterThan(fifo.gpuEfficiency);
    expect(atelier.wait.p95Ms).toBeLessThanOrEqual(fifo.wait.p95Ms);
    expect(atelier.jainSlowdown).toBeGreaterThanOrEqual(0.9);
  });

  it('serves a single worker in arrival order under FIFO', () => {
    const jobs: TraceJob[] = [0, 1, 2].map((i) => ({
      id: `j${i}`,
      burstId: `b${i}`,
      designerId: 'designer-01',
      submitter: 'designer',
      priority: i === 2 ? 'REVIEW' : 'BULK',
      baseModel: 'sdxl',
      checkpoint: 'ckpt',
      loraKey: `lora-${i}`,
      enqueuedAt: 0,
    }));
    const result = simulate({ jobs, durationMs: 1, designerIds: ['designer-01'] }, { workers: 1, policy: 'FIFO' });
    // Waits: 0, then 14 s (checkpoint + LoRA + image), then 14 + 6 s (LoRA + image).
    expect(result.wait).toEqual({ count: 3, p50Ms: 14_000, p95Ms: 20_000, maxMs: 20_000 });
    expect(result.makespanMs).toBe(14_000 + 6_000 + 6_000);
  });
});

describe('summariseWaits', () => {
  it('uses nearest-rank percentiles', () => {
    expect(summariseWaits(Array.from({ length: 100 }, (_, i) => i + 1))).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, maxMs: 100 });
    expect(summariseWaits([])).toEqual({ count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 });
  });
});
