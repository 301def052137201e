import { useCallback, useEffect, useRef, useState } from 'react';
import { RenderPreviewAgainDocument, RequestPreviewsDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import type { PreviewBatchView } from '../../previews/graphql/previews.graphql';
import { usePreviewBatch } from '../../previews/hooks/usePreviewBatch';
import { likenessEndsFor } from '../../previews/likeness-ends';
import { isPreviewBatchSettled } from '../../previews/preview-job-state';

export type ReviewRerenderState =
  | { kind: 'idle' }
  | { kind: 'asking' }
  | { kind: 'failed'; error: unknown }
  /** Asked; `batch` follows its jobs live. */
  | { kind: 'asked' };

export interface ReviewRerenderProgress {
  total: number;
  done: number;
  waiting: number;
  failed: number;
  isSettled: boolean;
}

export interface ReviewRerender {
  state: ReviewRerenderState;
  batch: PreviewBatchView | null;
  progress: ReviewRerenderProgress | null;
  /** Asks for a render of every usable face on a new seed, at review priority, at both likeness ends when they differ. */
  ask: () => Promise<void>;
  /** Whether asking renders each face at the likeness max as well (the version's max is above its default). */
  rendersBothEnds: boolean;
  /** Queues the re-render's failed jobs again (the reviewer asked for them, so they may). */
  retryFailed: () => Promise<void>;
  isRetrying: boolean;
  retryError: unknown;
}

/** A seed no earlier render of the version used (in practice): 0 to 2^31 - 1. */
export function newReviewSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31);
}

function progressOf(batch: PreviewBatchView): ReviewRerenderProgress {
  const jobs = batch.jobs.filter((job) => !job.removed);
  return {
    total: jobs.length,
    done: jobs.filter((job) => job.state === 'SUCCEEDED').length,
    waiting: jobs.filter((job) => job.state === 'QUEUED' || job.state === 'LEASED').length,
    failed: jobs.filter((job) => job.state === 'FAILED' || job.state === 'DEAD' || job.state === 'CANCELLED').length,
    isSettled: isPreviewBatchSettled(batch),
  };
}

/**
 * The review page's "Ask for a re-render": one new seed for every face, ahead of designers' previews
 * (requestPreviews at REVIEW priority), at the likeness default and, when the version's max is above
 * it, at the max too, followed live; `onPreviewsChanged` reloads the version's previews whenever one
 * of them finishes, so the new images appear among the faces.
 */
export function useReviewRerender(versionId: string, onPreviewsChanged: () => void, likeness: { default: number; max: number } | null = null): ReviewRerender {
  const [requested, setRequested] = useState<PreviewBatchView | null>(null);
  const [state, setState] = useState<ReviewRerenderState>({ kind: 'idle' });
  const [isRetrying, setIsRetrying] = useState(false);
  const [retryError, setRetryError] = useState<unknown>(null);
  const { batch, applyJob } = usePreviewBatch(requested);
  const progress = batch ? progressOf(batch) : null;

  // Reload the version's previews as the re-render's jobs finish (and once it was asked for).
  const finished = progress ? progress.total - progress.waiting : null;
  const onChangedRef = useRef(onPreviewsChanged);
  useEffect(() => {
    onChangedRef.current = onPreviewsChanged;
  });
  useEffect(() => {
    if (finished !== null) onChangedRef.current();
  }, [finished, batch?.id]);

  const ask = useCallback(async () => {
    setState({ kind: 'asking' });
    setRetryError(null);
    try {
      const data = await gqlRequest(RequestPreviewsDocument, { input: { versionId, priority: 'REVIEW', seeds: [newReviewSeed()], likenessEnds: likenessEndsFor(likeness) } });
      setRequested(data.requestPreviews);
      setState({ kind: 'asked' });
    } catch (error) {
      setState({ kind: 'failed', error });
    }
  }, [versionId, likeness?.default, likeness?.max]);

  const retryFailed = useCallback(async () => {
    if (!batch) return;
    setIsRetrying(true);
    setRetryError(null);
    try {
      for (const job of batch.jobs) {
        if (job.removed || (job.state !== 'FAILED' && job.state !== 'DEAD' && job.state !== 'CANCELLED')) continue;
        applyJob((await gqlRequest(RenderPreviewAgainDocument, { id: job.id })).retryPreviewJob);
      }
    } catch (error) {
      setRetryError(error);
    } finally {
      setIsRetrying(false);
    }
  }, [applyJob, batch]);

  const rendersBothEnds = likenessEndsFor(likeness).length > 1;
  return { state, batch, progress, ask, rendersBothEnds, retryFailed, isRetrying, retryError };
}
