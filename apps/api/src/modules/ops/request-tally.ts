// One answered request as the counters see it.
export interface CountedRequest {
  /** The HTTP status sent. */
  status: number;
  /** The distinct extensions.code values of the GraphQL errors in the answer (empty when none, or not GraphQL). */
  graphqlErrorCodes: readonly string[];
}

/** One minute's running totals of one process. */
export interface MinuteCounts {
  /** The minute's start (seconds and milliseconds zero). */
  minute: Date;
  requests: number;
  /** Answers with a 4xx status. */
  clientErrors: number;
  /** Answers with a 5xx status (503 included). */
  serverErrors: number;
  /** GraphQL answers that carried at least one error, whatever their HTTP status. */
  graphqlErrors: number;
  /** Those answers by extensions.code: an answer counts once for each distinct code it carries. */
  graphqlErrorCodes: Record<string, number>;
}

// Error codes come from our own formatGraphQLError, but a bound keeps a bug from growing the row.
const MAX_CODES_PER_MINUTE = 50;

/** A time -> the start of its minute. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/**
 * Request counts per minute, kept in memory until written. Totals only grow, so the store writes a
 * minute's whole running total (an upsert that is safe to repeat) rather than deltas that a lost
 * answer could count twice.
 */
export class RequestTally {
  private readonly minutes = new Map<number, MinuteCounts>();
  // Minutes counted since they were last written (minute -> the change number it had when read).
  private readonly changed = new Map<number, number>();
  private changes = 0;

  count(at: Date, request: CountedRequest): void {
    const minute = minuteOf(at);
    const key = minute.getTime();
    let counts = this.minutes.get(key);
    if (!counts) {
      counts = { minute, requests: 0, clientErrors: 0, serverErrors: 0, graphqlErrors: 0, graphqlErrorCodes: {} };
      this.minutes.set(key, counts);
    }
    counts.requests++;
    if (request.status >= 400 && request.status < 500) counts.clientErrors++;
    if (request.status >= 500) counts.serverErrors++;
    const codes = [...new Set(request.graphqlErrorCodes)];
    if (codes.length) counts.graphqlErrors++;
    for (const code of codes) {
      const known = code in counts.graphqlErrorCodes;
      if (!known && Object.keys(counts.graphqlErrorCodes).length >= MAX_CODES_PER_MINUTE) continue;
      counts.graphqlErrorCodes[code] = (counts.graphqlErrorCodes[code] ?? 0) + 1;
    }
    this.changed.set(key, ++this.changes);
  }

  /** The minutes counted since they were last written (copies), oldest first, and a mark to pass to `written`. */
  unwritten(): { rows: MinuteCounts[]; mark: Map<number, number> } {
    const mark = new Map(this.changed);
    const rows = [...mark.keys()].sort((a, b) => a - b).map((key) => {
      const c = this.minutes.get(key)!;
      return { ...c, graphqlErrorCodes: { ...c.graphqlErrorCodes } };
    });
    return { rows, mark };
  }

  /**
   * The rows of `unwritten()` are stored: minutes not counted since stay off the next `unwritten()`,
   * and minutes before `openSince` (over, and written) are forgotten.
   */
  written(mark: Map<number, number>, openSince: Date): void {
    for (const [key, change] of mark) if (this.changed.get(key) === change) this.changed.delete(key);
    for (const key of this.minutes.keys()) if (key < minuteOf(openSince).getTime() && !this.changed.has(key)) this.minutes.delete(key);
  }
}
