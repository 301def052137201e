import { Injectable } from '@nestjs/common';

/**
 * The time rules that depend on "now" read it here (which month is still running, whether a
 * statement can be paid, an agreement's start, an event from the future), so a test can pin it
 * instead of depending on today's date. Production uses the system clock.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stays at `at` until moved with `set`: for tests. */
export class PinnedClock extends Clock {
  constructor(private at: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.at.getTime());
  }

  set(at: Date): void {
    this.at = at;
  }
}
