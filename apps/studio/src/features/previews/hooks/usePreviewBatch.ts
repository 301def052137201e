import { useEffect, useState } from 'react';
import { PreviewBatchDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import type { PreviewBatchView } from '../graphql/previews.graphql';
import { isPreviewBatchSettled } from '../preview-job-state';
import { usePreviewLiveClient } from '../preview-live-context';

export const PREVIEW_POLL_INTERVAL_MS = 2000;

export type PreviewConnection = 'idle' | 'live' | 'polling';

/**
 * Keeps one preview batch up to date: live over the subscription, or by polling previewBatch every
 * 2 s once the socket fails. `initial` is what requestPreviews returned, shown until the first update.
 */
export function usePreviewBatch(initial: PreviewBatchView | null): { batch: PreviewBatchView | null; connection: PreviewConnection } {
  const live = usePreviewLiveClient();
  const [batch, setBatch] = useState<PreviewBatchView | null>(initial);
  const [connection, setConnection] = useState<PreviewConnection>('idle');
  const batchId = initial?.id ?? null;

  useEffect(() => {
    setBatch(initial);
  }, [initial]);

  useEffect(() => {
    if (!batchId) {
      setConnection('idle');
      return;
    }
    let isStopped = false;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      pollTimer = null;
      try {
        const data = await gqlRequest(PreviewBatchDocument, { id: batchId });
        if (isStopped) return;
        if (data.previewBatch) setBatch(data.previewBatch);
        if (data.previewBatch && isPreviewBatchSettled(data.previewBatch)) return;
      } catch {
        // A failed poll is retried on the next tick.
      }
      if (!isStopped) pollTimer = setTimeout(() => void poll(), PREVIEW_POLL_INTERVAL_MS);
    };
    setConnection('live');
    const unsubscribe = live.watchBatch(batchId, {
      next: (next) => {
        if (!isStopped && next.id === batchId) setBatch(next);
      },
      error: () => {
        if (isStopped) return;
        setConnection('polling');
        void poll();
      },
    });
    return () => {
      isStopped = true;
      unsubscribe();
      if (pollTimer) clearTimeout(pollTimer);
    };
  }, [batchId, live]);

  return { batch, connection };
}
