import type { PreviewBatchView, PreviewJobView } from './graphql/previews.graphql';

export type PreviewTileStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'removed';

/** What a tile shows for a job: waiting in the queue, rendering, the image, or why there is none. */
export function describePreviewTile(job: PreviewJobView): PreviewTileStatus {
  if (job.removed) return 'removed';
  switch (job.state) {
    case 'QUEUED':
      return 'queued';
    case 'LEASED':
      return 'running';
    case 'SUCCEEDED':
      return 'done';
    case 'FAILED':
    case 'DEAD':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
  }
}

/** True once no job of the batch can change any more (polling stops then). */
export function isPreviewBatchSettled(batch: PreviewBatchView): boolean {
  return batch.jobs.every((job) => job.state !== 'QUEUED' && job.state !== 'LEASED');
}
