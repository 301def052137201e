const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

// The last value of a stream whose reload failed. The subscription's resolve function throws it
// (unwrapStreamValue), so the error reaches the client as a coded GraphQL error in a result, like any
// resolver error, and the subscription then completes.
export class StreamFailure {
  constructor(readonly error: unknown) {}
}

export function unwrapStreamValue<T>(value: T | StreamFailure): T {
  if (value instanceof StreamFailure) throw value.error;
  return value;
}

export interface CoalescingStreamOptions<T> {
  // Reloads what the stream hands out; called only after wake() (or at start), never twice at once.
  load: () => Promise<T[]>;
  // Start with a load (an initial snapshot) instead of waiting for the first wake().
  loadAtStart: boolean;
  // Least time between two loads, so a burst of changes costs one reload.
  minIntervalMs: number;
  // Called once when the stream stops listening (return(), a failed load, or close()).
  onClose: () => void;
}

// An async iterator of freshly loaded values for a GraphQL subscription: wake() marks it stale, and
// the next read reloads. Wakes that arrive while a load runs or before the consumer reads fold into
// one reload, so a slow client costs one query per read, never a backlog. return() ends a pending
// read at once (an async generator would wait for its next value), so an unsubscribe never leaks.
export class CoalescingStream<T> implements AsyncIterableIterator<T | StreamFailure> {
  private buffered: Array<T | StreamFailure> = [];
  private stale: boolean;
  private closed = false;
  private detached = false;
  // A load failed: hand out what is buffered (the failure), then end.
  private ending = false;
  private lastLoadAt = 0;
  private wakeUp: (() => void) | null = null;
  private delay: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: CoalescingStreamOptions<T>) {
    this.stale = options.loadAtStart;
  }

  wake(): void {
    if (this.ending) return;
    this.stale = true;
    this.resume();
  }

  async next(): Promise<IteratorResult<T | StreamFailure>> {
    for (;;) {
      if (this.closed) return DONE;
      if (this.buffered.length) return { value: this.buffered.shift()!, done: false };
      if (this.ending) {
        this.close();
        return DONE;
      }
      if (!this.stale) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        continue;
      }
      const wait = this.lastLoadAt + this.options.minIntervalMs - Date.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.delay = setTimeout(() => this.resume(), wait);
        });
        continue;
      }
      this.stale = false;
      this.lastLoadAt = Date.now();
      try {
        const values = await this.options.load();
        if (!this.closed) this.buffered.push(...values);
      } catch (e) {
        this.detach();
        this.ending = true;
        this.buffered = [new StreamFailure(e)];
      }
    }
  }

  async return(): Promise<IteratorResult<T | StreamFailure>> {
    this.close();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<T | StreamFailure>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffered = [];
    this.detach();
    this.resume();
  }

  private detach(): void {
    if (this.detached) return;
    this.detached = true;
    this.options.onClose();
  }

  private resume(): void {
    if (this.delay) clearTimeout(this.delay);
    this.delay = null;
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }
}
