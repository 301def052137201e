// Child-process side of runLoad(): runs one autocannon pass and sends the summary back. Kept out of
// the process that hosts the servers so the load generator never shares their event loop.
import autocannon, { type AutocannonOptions } from 'autocannon';
import type { LoadSummary } from './load.js';

process.once('message', (opts: AutocannonOptions) => {
  void (async () => {
    try {
      const r = await autocannon({ pipelining: 1, timeout: 10, ...opts });
      const summary: LoadSummary = {
        requestsPerSec: r.requests.average,
        totalRequests: r.requests.total,
        durationSec: r.duration,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
        bytesPerSec: r.throughput.average,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
      };
      process.send!({ ok: true, summary }, () => process.exit(0));
    } catch (e) {
      process.send!({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
    }
  })();
});
