import type { Logger } from '@nestjs/common';

/**
 * Runs `task` every `ms` in the background (the timer does not keep the process alive); a failure is
 * logged as "<what> failed: <message>" and the next run comes as usual. Clear it with clearInterval.
 */
export function runEvery(ms: number, task: () => Promise<unknown>, logger: Logger, what: string): NodeJS.Timeout {
  const timer = setInterval(() => {
    task().catch((e: unknown) => logger.warn(`${what} failed: ${e instanceof Error ? e.message : String(e)}`));
  }, ms);
  timer.unref();
  return timer;
}

/** One run at a time: a call while one is running gets that run's answer. */
export class SingleFlight<T> {
  private running: Promise<T> | null = null;

  run(work: () => Promise<T>): Promise<T> {
    this.running ??= work().finally(() => (this.running = null));
    return this.running;
  }
}
