import { useCallback, useEffect, useRef, useState } from 'react';
import { PreviewBatchDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import type { PreviewBatchView, PreviewJobView } from '../graphql/previews.graphql';
import { isPreviewBatchSettled } from '../preview-job-state';
import { usePreviewLiveClient } from '../preview-live-context';

export const PREVIEW_POLL_INTERVAL_MS = 2000;

export type PreviewConnection = 'idle' | 'live' | 'polling';

export interface PreviewBatchState {
  batch: PreviewBatchView | null;
  connection: PreviewConnection;
  /** Shows a job as a mutation returned it (cancelled, queued again) until the next update, and wakes a settled poll. */
  applyJob: (job: PreviewJobView) => void;
}

/**
 * Keeps one preview batch up to date: live over the subscription, or by polling previewBatch every
 * 2 s once the socket fails. `initial` is what requestPreviews returned, shown until the first update.
 */
export function usePreviewBatch(initial: PreviewBatchView | null): PreviewBatchState {
  const live = usePreviewLiveClient();
  const [batch, setBatch] = useState<PreviewBatchView | null>(initial);
  const [connection, setConnection] = useState<PreviewConnection>('idle');
  const batchId = initial?.id ?? null;
  // Restarts polling that stopped once the batch settled (a job queued again unsettles it).
  const wakePollRef = useRef<(() => void) | null>(null);

  useEffect(() => {
    setBatch(initial);
  }, [initial]);

  useEffect(() => {
    if (!batchId) {
      setConnection('idle');
      return;
    }
    let isStopped = false;
    let isPolling = false;
    let isPollRunning = false;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      pollTimer = null;
      isPollRunning = true;
      try {
        const data = await gqlRequest(PreviewBatchDocument, { id: batchId });
        if (isStopped) return;
        if (data.previewBatch) setBatch(data.previewBatch);
        if (data.previewBatch && isPreviewBatchSettled(data.previewBatch)) {
          isPollRunning = false;
          return;
        }
      } catch {
        // A failed poll is retried on the next tick.
      }
      if (!isStopped) pollTimer = setTimeout(() => void poll(), PREVIEW_POLL_INTERVAL_MS);
      else isPollRunning = false;
    };
    wakePollRef.current = () => {
      if (isPolling && !isPollRunning && !isStopped) void poll();
    };
    setConnection('live');
    const unsubscribe = live.watchBatch(batchId, {
      next: (next) => {
        if (!isStopped && next.id === batchId) setBatch(next);
      },
      error: () => {
        if (isStopped) return;
        isPolling = true;
        setConnection('polling');
        void poll();
      },
    });
    return () => {
      isStopped = true;
      wakePollRef.current = null;
      unsubscribe();
      if (pollTimer) clearTimeout(pollTimer);
    };
  }, [batchId, live]);

  const applyJob = useCallback((job: PreviewJobView) => {
    setBatch((current) => (current && current.jobs.some((j) => j.id === job.id) ? { ...current, jobs: current.jobs.map((j) => (j.id === job.id ? job : j)) } : current));
    wakePollRef.current?.();
  }, []);

  return { batch, connection, applyJob };
}
