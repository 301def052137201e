// Scheduler benchmark: replays the same generated trace of preview jobs against W simulated GPU
// workers under FIFO, the Atelier policy (pickNextJob + selectLeasableJobs, the real code) and an
// ideal pool where switching models costs nothing. Goal, per pool size: Atelier GPU efficiency
// >= 0.90, p95 wait <= FIFO's, Jain >= 0.9 and max waits within the aging bounds.
//
// Run with `npm run bench:scheduler`. Deterministic: the same output on every run and machine.
// See libs/scheduler/README.md for how the trace is built and how to read the table.
import {
  DEFAULT_PICK_OPTIONS,
  DEFAULT_SWAP_COSTS,
  generateTrace,
  makeWorkerSpecs,
  simulate,
  type SimulationPolicy,
  type SimulationResult,
  type Trace,
} from '@atelier/scheduler';

const SEED = 42;
const HOURS = 4;
const IMAGE_MS = 4_000;
const POOL_SIZES = [4, 8];
const GOAL = { minEfficiency: 0.9, minJain: 0.9 };
// Once a job passes its aging bound it still waits for a GPU to free up and for older overdue
// jobs; "bounded" allows this much on top of the bound.
const AGING_DRAIN_ALLOWANCE_MS = 120_000;
const POLICIES: readonly { policy: SimulationPolicy; label: string }[] = [
  { policy: 'FIFO', label: 'FIFO' },
  { policy: 'ATELIER', label: 'Atelier' },
  { policy: 'IDEAL', label: 'Ideal (no swaps)' },
];

// A pool of W GPUs serves 2 designers per GPU, a reviewer per 2 GPUs and one 200-job bulk burst
// per 8 GPU-hours: busy (offered load about 0.65 of what the pool can render), not overloaded.
function makePoolTrace(workers: number, designersPerWorker = 2): Trace {
  return generateTrace({
    seed: SEED,
    designers: designersPerWorker * workers,
    reviewers: Math.max(1, Math.round(workers / 2)),
    bulkBurstsPerHour: workers / 8,
    durationMs: HOURS * 3_600_000,
  });
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const offeredLoad = (trace: Trace, workers: number) => (trace.jobs.length * IMAGE_MS) / (workers * trace.durationMs);

function runPolicies(trace: Trace, workers: number): Map<SimulationPolicy, SimulationResult> {
  return new Map(POLICIES.map(({ policy }) => [policy, simulate(trace, { workers, policy, imageMs: IMAGE_MS })]));
}

function formatTable(results: Map<SimulationPolicy, SimulationResult>): string[] {
  const header = `${'policy'.padEnd(18)}${'efficiency'.padStart(10)}${'jobs/h'.padStart(8)}${'p50 s'.padStart(8)}${'p95 s'.padStart(8)}${'max s'.padStart(8)}${'Jain'.padStart(7)}`;
  const rows = POLICIES.map(({ policy, label }) => {
    const r = results.get(policy)!;
    return (
      label.padEnd(18) +
      r.gpuEfficiency.toFixed(3).padStart(10) +
      r.jobsPerHour.toFixed(0).padStart(8) +
      seconds(r.wait.p50Ms).padStart(8) +
      seconds(r.wait.p95Ms).padStart(8) +
      seconds(r.wait.maxMs).padStart(8) +
      r.jainSlowdown.toFixed(3).padStart(7)
    );
  });
  return [header, ...rows];
}

function checkGoal(results: Map<SimulationPolicy, SimulationResult>): { met: boolean; lines: string[] } {
  const atelier = results.get('ATELIER')!;
  const fifo = results.get('FIFO')!;
  const interactiveMaxMs = Math.max(atelier.waitByPriority.REVIEW.maxMs, atelier.waitByPriority.INTERACTIVE.maxMs);
  const interactiveBoundMs = DEFAULT_PICK_OPTIONS.maxWaitMs + AGING_DRAIN_ALLOWANCE_MS;
  const bulkBoundMs = DEFAULT_PICK_OPTIONS.bulkMaxWaitMs + AGING_DRAIN_ALLOWANCE_MS;
  const checks: [boolean, string][] = [
    [atelier.gpuEfficiency >= GOAL.minEfficiency, `efficiency ${atelier.gpuEfficiency.toFixed(3)} >= ${GOAL.minEfficiency} (FIFO ${fifo.gpuEfficiency.toFixed(3)})`],
    [atelier.wait.p95Ms <= fifo.wait.p95Ms, `p95 wait ${seconds(atelier.wait.p95Ms)} s <= FIFO ${seconds(fifo.wait.p95Ms)} s`],
    [atelier.jainSlowdown >= GOAL.minJain, `Jain ${atelier.jainSlowdown.toFixed(3)} >= ${GOAL.minJain}`],
    [
      interactiveMaxMs <= interactiveBoundMs && atelier.waitByPriority.BULK.maxMs <= bulkBoundMs,
      `max wait review/interactive ${seconds(interactiveMaxMs)} s <= ${seconds(interactiveBoundMs)} s (FIFO ${seconds(Math.max(fifo.waitByPriority.REVIEW.maxMs, fifo.waitByPriority.INTERACTIVE.maxMs))} s), ` +
        `bulk ${seconds(atelier.waitByPriority.BULK.maxMs)} s <= ${seconds(bulkBoundMs)} s`,
    ],
  ];
  return { met: checks.every(([ok]) => ok), lines: checks.map(([ok, text]) => `  ${ok ? 'ok  ' : 'FAIL'} ${text}`) };
}

function main(): number {
  const { loraMs, checkpointMs } = DEFAULT_SWAP_COSTS;
  console.log(
    `scheduler simulation | seed ${SEED} | ${HOURS} h of traffic | image ${seconds(IMAGE_MS)} s, LoRA switch ${seconds(loraMs)} s, ` +
      `checkpoint switch ${seconds(checkpointMs)} s (+ LoRA) | every 4th GPU sdxl-only`,
  );
  let allMet = true;
  for (const workers of POOL_SIZES) {
    const trace = makePoolTrace(workers);
    const bulk = trace.jobs.filter((job) => job.priority === 'BULK').length;
    const gpus = makeWorkerSpecs(workers);
    const sdxlOnly = gpus.filter((gpu) => !gpu.baseModels.includes('sd15')).length;
    console.log(
      `\nW=${workers} GPUs (${sdxlOnly} sdxl-only), ${trace.designerIds.length} designers: ${trace.jobs.length} jobs (${bulk} bulk), ` +
        `offered load ${offeredLoad(trace, workers).toFixed(2)}`,
    );
    const results = runPolicies(trace, workers);
    for (const line of formatTable(results)) console.log(line);
    const goal = checkGoal(results);
    allMet &&= goal.met;
    console.log(`goal: ${goal.met ? 'MET' : 'NOT MET'}`);
    for (const line of goal.lines) console.log(line);
  }

  // How the comparison moves with traffic: the same pool, fewer and more designers per GPU.
  const sweepWorkers = 8;
  console.log(`\nload sweep, W=${sweepWorkers}, FIFO -> Atelier: efficiency; p95 wait of all jobs and of INTERACTIVE ones (s)`);
  for (const designersPerWorker of [1, 1.5, 2, 2.5]) {
    const trace = makePoolTrace(sweepWorkers, designersPerWorker);
    const fifo = simulate(trace, { workers: sweepWorkers, policy: 'FIFO', imageMs: IMAGE_MS });
    const atelier = simulate(trace, { workers: sweepWorkers, policy: 'ATELIER', imageMs: IMAGE_MS });
    console.log(
      `  ${String(trace.designerIds.length).padStart(2)} designers, load ${offeredLoad(trace, sweepWorkers).toFixed(2)}: ` +
        `efficiency ${fifo.gpuEfficiency.toFixed(3)} -> ${atelier.gpuEfficiency.toFixed(3)}, ` +
        `p95 ${seconds(fifo.wait.p95Ms)} -> ${seconds(atelier.wait.p95Ms)}, ` +
        `interactive p95 ${seconds(fifo.waitByPriority.INTERACTIVE.p95Ms)} -> ${seconds(atelier.waitByPriority.INTERACTIVE.p95Ms)}`,
    );
  }

  console.log(`\ngoal (every W): ${allMet ? 'MET' : 'NOT MET'}`);
  return allMet ? 0 : 1;
}

process.exitCode = main();
