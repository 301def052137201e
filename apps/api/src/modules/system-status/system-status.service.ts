import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import type { SystemStatusObject } from './system-status.object.js';
import { SystemStatusRepository } from './system-status.repository.js';
import { BUCKET_MINUTES, statusWindowOf } from './system-window.js';

// The admins' system page: the last hour of the preview queue and of the API's requests, in
// five-minute buckets, with the figures of now. Read from PostgreSQL, so every API process answers
// the same whichever one the balancer picks.
@Injectable()
export class SystemStatusService {
  constructor(
    private readonly repository: SystemStatusRepository,
    private readonly clock: Clock,
  ) {}

  async systemStatus(): Promise<SystemStatusObject> {
    const now = this.clock.now();
    const window = statusWindowOf(now);
    const [queue, requests, queueNow, workers] = await Promise.all([
      this.repository.queueHistory(window, now),
      this.repository.requestHistory(window),
      this.repository.queueNow(),
      this.repository.workers(now),
    ]);
    const sum = (pick: (b: (typeof requests.buckets)[number]) => number) => requests.buckets.reduce((n, b) => n + pick(b), 0);
    return {
      at: now,
      from: window.from,
      bucketMinutes: BUCKET_MINUTES,
      buckets: window.buckets.map((b, i) => ({ ...b, ...queue[i]!, ...requests.buckets[i]! })),
      queue: queueNow,
      workers: {
        online: workers.reduce((n, w) => n + w.online, 0),
        offline: workers.reduce((n, w) => n + w.offline, 0),
        byBackend: workers.filter((w) => w.online > 0).map((w) => ({ backend: w.backend, online: w.online })),
      },
      requests: {
        requests: sum((b) => b.requests),
        clientErrors: sum((b) => b.clientErrors),
        serverErrors: sum((b) => b.serverErrors),
        graphqlErrors: sum((b) => b.graphqlErrors),
        graphqlErrorCodes: requests.codes,
        processes: requests.processes,
      },
    };
  }
}
