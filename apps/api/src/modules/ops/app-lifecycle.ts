import { Injectable } from '@nestjs/common';

// Whether this process is on its way down: readiness fails first, so a load balancer stops sending
// new requests while the ones in flight finish (see main.ts's shutdown order).
@Injectable()
export class AppLifecycle {
  private stoppingSince: Date | null = null;

  get isShuttingDown(): boolean {
    return this.stoppingSince !== null;
  }

  beginShutdown(): void {
    this.stoppingSince ??= new Date();
  }
}
