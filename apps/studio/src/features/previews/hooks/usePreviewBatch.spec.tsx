import { act } from 'react';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { render, stubGraphQL } from '../../../test/dom-test-utils';
import type { PreviewBatchView } from '../graphql/previews.graphql';
import type { PreviewLiveClient } from '../preview-live-client';
import { PreviewLiveClientContext } from '../preview-live-context';
import { PREVIEW_POLL_INTERVAL_MS, usePreviewBatch } from './usePreviewBatch';

function batchWith(state: string): PreviewBatchView {
  return {
    id: 'batch-1',
    versionId: 'version-1',
    specHash: 'hash',
    jobs: [{ id: 'job-1', state, subject: { id: 's', name: 'Mei' }, seed: 1, cached: false, imageUrl: null, thumbnailUrl: null, queuePosition: 0, etaSeconds: 5, progress: 0, error: null, removed: false }],
  } as PreviewBatchView;
}

function Probe({ initial }: { initial: PreviewBatchView }) {
  const { batch, connection } = usePreviewBatch(initial);
  return <output data-state={batch?.jobs[0]?.state} data-connection={connection} />;
}

afterEach(() => {
  jest.useRealTimers();
});

describe('usePreviewBatch', () => {
  it('polls previewBatch every 2 s after the socket fails, and stops once no job can change', async () => {
    useFakeTimersFor(['setTimeout', 'clearTimeout']);
    const answers = [batchWith('QUEUED'), batchWith('LEASED'), batchWith('SUCCEEDED')];
    let polls = 0;
    stubGraphQL({ PreviewBatch: () => ({ body: { data: { previewBatch: answers[Math.min(polls++, answers.length - 1)] } } }) });
    let failSocket: () => void = () => undefined;
    const live: PreviewLiveClient = {
      watchBatch: (_id, watch) => {
        failSocket = () => watch.error(new Error('closed'));
        return () => undefined;
      },
    };
    const view = render(
      <PreviewLiveClientContext.Provider value={live}>
        <Probe initial={batchWith('QUEUED')} />
      </PreviewLiveClientContext.Provider>,
    );
    const output = () => view.querySelector('output')!;
    expect(output().dataset.connection).toBe('live');

    act(() => failSocket());
    expect(output().dataset.connection).toBe('polling');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(polls).toBe(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PREVIEW_POLL_INTERVAL_MS);
    });
    expect(polls).toBe(2);
    expect(output().dataset.state).toBe('LEASED');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PREVIEW_POLL_INTERVAL_MS);
    });
    expect(output().dataset.state).toBe('SUCCEEDED');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PREVIEW_POLL_INTERVAL_MS * 3);
    });
    expect(polls).toBe(3);
  });
});
