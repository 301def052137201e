import { describe, expect, it } from '@jest/globals';
import { RequestTally, minuteOf } from './request-tally.js';

const at = (iso: string) => new Date(iso);

describe('RequestTally', () => {
  it('counts requests per minute: 4xx, 5xx (503 too) and GraphQL answers with errors by distinct code', () => {
    const tally = new RequestTally();
    tally.count(at('2026-12-03T10:00:05Z'), { status: 200, graphqlErrorCodes: [] });
    tally.count(at('2026-12-03T10:00:40Z'), { status: 200, graphqlErrorCodes: ['FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND'] });
    tally.count(at('2026-12-03T10:00:59.999Z'), { status: 400, graphqlErrorCodes: ['BAD_USER_INPUT'] });
    tally.count(at('2026-12-03T10:01:00Z'), { status: 503, graphqlErrorCodes: ['SERVICE_UNAVAILABLE'] });
    tally.count(at('2026-12-03T10:01:30Z'), { status: 404, graphqlErrorCodes: [] });
    tally.count(at('2026-12-03T10:01:31Z'), { status: 500, graphqlErrorCodes: [] });
    expect(tally.unwritten().rows).toEqual([
      { minute: at('2026-12-03T10:00:00Z'), requests: 3, clientErrors: 1, serverErrors: 0, graphqlErrors: 2, graphqlErrorCodes: { FORBIDDEN: 1, NOT_FOUND: 1, BAD_USER_INPUT: 1 } },
      { minute: at('2026-12-03T10:01:00Z'), requests: 3, clientErrors: 1, serverErrors: 2, graphqlErrors: 1, graphqlErrorCodes: { SERVICE_UNAVAILABLE: 1 } },
    ]);
  });

  it('offers a minute again only once it is counted again, with its running total, and forgets minutes that are over and written', () => {
    const tally = new RequestTally();
    tally.count(at('2026-12-03T10:00:05Z'), { status: 200, graphqlErrorCodes: [] });
    tally.count(at('2026-12-03T10:01:05Z'), { status: 200, graphqlErrorCodes: [] });
    const first = tally.unwritten();
    // Counted while the write ran: still unwritten afterwards.
    tally.count(at('2026-12-03T10:01:10Z'), { status: 500, graphqlErrorCodes: [] });
    tally.written(first.mark, at('2026-12-03T10:01:20Z'));
    expect(tally.unwritten().rows).toEqual([{ minute: at('2026-12-03T10:01:00Z'), requests: 2, clientErrors: 0, serverErrors: 1, graphqlErrors: 0, graphqlErrorCodes: {} }]);
    tally.written(tally.unwritten().mark, at('2026-12-03T10:01:20Z'));
    expect(tally.unwritten().rows).toEqual([]);
    // The open minute is kept: its next write carries the whole total, not the new request alone.
    tally.count(at('2026-12-03T10:01:40Z'), { status: 200, graphqlErrorCodes: [] });
    expect(tally.unwritten().rows.map((r) => r.requests)).toEqual([3]);
    // A write that failed (written() never called) leaves everything to write next time.
    tally.count(at('2026-12-03T10:02:00Z'), { status: 200, graphqlErrorCodes: [] });
    expect(tally.unwritten().rows.map((r) => r.minute.toISOString())).toEqual(['2026-12-03T10:01:00.000Z', '2026-12-03T10:02:00.000Z']);
  });

  it('hands out copies, so a write in progress never sees later counts', () => {
    const tally = new RequestTally();
    tally.count(at('2026-12-03T10:00:05Z'), { status: 200, graphqlErrorCodes: ['INTERNAL'] });
    const { rows } = tally.unwritten();
    tally.count(at('2026-12-03T10:00:06Z'), { status: 200, graphqlErrorCodes: ['INTERNAL'] });
    expect(rows[0]).toMatchObject({ requests: 1, graphqlErrorCodes: { INTERNAL: 1 } });
  });

  it('truncates times to their minute', () => {
    expect(minuteOf(at('2026-12-03T10:07:59.999Z')).toISOString()).toBe('2026-12-03T10:07:00.000Z');
  });
});
