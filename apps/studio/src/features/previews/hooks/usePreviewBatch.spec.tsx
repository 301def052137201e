import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { stubGraphQL } from '../../../test/stub-graphql';
import type { PreviewBatchView } from '../graphql/previews.graphql';
import type { PreviewLiveClient } from '../preview-live-client';
import { PreviewLiveClientContext } from '../preview-live-context';
import { PREVIEW_POLL_INTERVAL_MS, usePreviewBatch } from './usePreviewBatch';

function batchWith(state: string): PreviewBatchView {
  return {
    id: 'batch-1',
    versionId: 'version-1',
    specHash: 'hash',
    jobs: [{ id: 'job-1', state, subject: { id: 's', name: 'Mei' }, seed: 1, cached: false, imageUrl: null, thumbnailUrl: null, queuePosition: 0, etaSeconds: 5, waitingForWorker: false, waitingReason: null, progress: 0, error: null, removed: false }],
  } as PreviewBatchView;
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
    const initial = batchWith('QUEUED');
    const { result } = renderHook(() => usePreviewBatch(initial), {
      wrapper: ({ children }: { children: ReactNode }) => <PreviewLiveClientContext.Provider value={live}>{children}</PreviewLiveClientContext.Provider>,
    });
    expect(result.current.connection).toBe('live');

    act(() => failSocket());
    expect(result.current.connection).toBe('polling');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(polls).toBe(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PREVIEW_POLL_INTERVAL_MS);
    });
    expect(polls).toBe(2);
    expect(result.current.batch?.jobs[0]?.state).toBe('LEASED');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PREVIEW_POLL_INTERVAL_MS);
    });
    expect(result.current.batch?.jobs[0]?.state).toBe('SUCCEEDED');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PREVIEW_POLL_INTERVAL_MS * 3);
    });
    expect(polls).toBe(3);
  });
});
