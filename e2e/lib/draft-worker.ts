// The real worker agent's lease loop with the draft (CPU) backend, run inside the test process, so
// browser tests see previews rendered exactly as `npm run worker` would render them.
import { WorkerApiClient } from '../../apps/worker/src/api-client.js';
import { DraftBackend } from '../../apps/worker/src/backends/draft/draft-backend.js';
import { runLeaseLoop } from '../../apps/worker/src/lease-loop.js';

/** Starts leasing from the API with a worker token; the returned function stops it and resolves with the loop's summary. */
export function startDraftWorker(apiUrl: string, token: string) {
  const stop = new AbortController();
  const client = new WorkerApiClient({ apiUrl, token, retry: { baseMs: 50, maxMs: 500 } });
  const loop = runLeaseLoop({
    client,
    backend: new DraftBackend(client, ['sdxl', 'sd15']),
    leaseWaitSeconds: 1,
    signal: stop.signal,
    log: { info: () => undefined, warn: () => undefined },
  });
  return async () => {
    stop.abort();
    return loop;
  };
}
