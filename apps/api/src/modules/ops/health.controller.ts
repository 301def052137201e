import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../../common/access.decorator.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { StorageService } from '../asset/storage.service.js';
import { PreviewJobEventsService } from '../preview-job/preview-job-events.service.js';
import { AppLifecycle } from './app-lifecycle.js';

// A readiness check that has not answered in this long counts as down (a hung database must not
// hang the load balancer's probe too).
const CHECK_TIMEOUT_MS = 2_000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

// /healthz: the process is alive. /readyz: it can serve (PostgreSQL, S3 and the LISTEN connections that
// carry live preview updates and other processes' cache invalidations all answer, and it is not
// shutting down); 503 names what failed.
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly events: PreviewJobEventsService,
    private readonly cluster: ClusterEventsService,
    private readonly lifecycle: AppLifecycle,
  ) {}

  @Get('healthz')
  @Public()
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Public()
  @HealthCheck()
  ready() {
    if (this.lifecycle.isShuttingDown) throw new ServiceUnavailableException({ status: 'shutting_down', error: { process: { status: 'down', message: 'shutting down' } } });
    return this.health.check([
      () => this.probe('database', async () => void (await this.dataSource.query('SELECT 1'))),
      () => this.probe('storage', () => this.storage.checkReachable()),
      () => this.probe('listen', async () => {
        if (!this.events.isListening) throw new Error('not listening for preview job changes');
        if (!this.cluster.isListening) throw new Error('not listening for cache invalidations');
      }),
    ]);
  }

  private async probe(key: string, check: () => Promise<void>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await within(CHECK_TIMEOUT_MS, check());
      return indicator.up();
    } catch (e) {
      return indicator.down({ message: e instanceof Error ? e.message : String(e) });
    }
  }
}
