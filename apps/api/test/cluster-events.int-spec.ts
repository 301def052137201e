import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../../../testing/poll.js';
import { CLUSTER_CHANNEL, CLUSTER_EVENTS_APPLICATION_NAME, ClusterEventsService, type ClusterEvent } from '../src/common/cluster-events.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The bus that keeps API processes' caches in agreement, over real PostgreSQL LISTEN/NOTIFY: each
// ClusterEventsService here stands for one more API process on the same database.

interface Heard {
  events: ClusterEvent[];
  resyncs: number;
}

describe('cluster events between API processes', () => {
  let t: TestApp;
  const started: ClusterEventsService[] = [];

  async function startProcess(): Promise<{ bus: ClusterEventsService; heard: Heard }> {
    const bus = new ClusterEventsService(t.config, t.dataSource);
    started.push(bus);
    const heard: Heard = { events: [], resyncs: 0 };
    bus.subscribe('agreements', { apply: (e) => heard.events.push(e), resync: () => heard.resyncs++ });
    bus.subscribe('catalog', { apply: (e) => heard.events.push(e), resync: () => heard.resyncs++ });
    await bus.onApplicationBootstrap();
    return { bus, heard };
  }

  const listening = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [CLUSTER_EVENTS_APPLICATION_NAME])).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    for (const bus of started) await bus.onModuleDestroy();
    await t?.close();
  });

  it('applies an event at once where it was published, and in every other process when its NOTIFY arrives', async () => {
    const one = await startProcess();
    const other = await startProcess();
    // The app's own, and these two.
    expect(await listening()).toBe(3);

    await one.bus.publish({ topic: 'agreements', templateId: 'tpl-1' });
    expect(one.heard.events).toEqual([{ topic: 'agreements', templateId: 'tpl-1' }]);
    await expectPoll(() => other.heard.events, { timeout: 2_000 }).toEqual([{ topic: 'agreements', templateId: 'tpl-1' }]);
    // Its own notification comes back to the publisher too, and is not applied twice.
    await one.bus.publish({ topic: 'catalog' });
    await expectPoll(() => other.heard.events.length, { timeout: 2_000 }).toBe(2);
    expect(one.heard.events).toEqual([{ topic: 'agreements', templateId: 'tpl-1' }, { topic: 'catalog' }]);
  });

  it('ignores notifications it cannot read or whose topic it does not know', async () => {
    const one = await startProcess();
    const other = await startProcess();
    await t.sql.query(`SELECT pg_notify($1, 'not json')`, [CLUSTER_CHANNEL]);
    await t.sql.query(`SELECT pg_notify($1, $2)`, [CLUSTER_CHANNEL, JSON.stringify({ origin: 'a newer process', event: { topic: 'somethingNew' } })]);
    await one.bus.publish({ topic: 'catalog' });
    await expectPoll(() => other.heard.events, { timeout: 2_000 }).toEqual([{ topic: 'catalog' }]);
    expect(other.bus.isListening).toBe(true);
  });

  it('after its listening connection is cut, forgets everything (notifications may have been missed) and hears again', async () => {
    const one = await startProcess();
    const other = await startProcess();
    const before = other.heard.resyncs;
    const processes = await listening();
    await t.sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [CLUSTER_EVENTS_APPLICATION_NAME]);
    await expectPoll(() => other.heard.resyncs, { timeout: 5_000 }).toBeGreaterThan(before);
    await expectPoll(listening, { timeout: 5_000 }).toBe(processes);
    expect(other.bus.isListening).toBe(true);
    await one.bus.publish({ topic: 'agreements', templateId: 'tpl-2' });
    await expectPoll(() => other.heard.events, { timeout: 2_000 }).toEqual([{ topic: 'agreements', templateId: 'tpl-2' }]);
  });
});
