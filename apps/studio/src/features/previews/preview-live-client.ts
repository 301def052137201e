import { createClient, type Client } from 'graphql-ws';
import { GRAPHQL_ENDPOINT } from '../../lib/graphql-client';
import { CSRF_HEADER, readSessionCsrfToken } from '../../lib/studio-session';
import { PreviewBatchUpdatedDocument, type PreviewBatchUpdatedSubscription } from '../../gql/graphql';
import type { PreviewBatchView } from './graphql/previews.graphql';

export interface PreviewBatchWatch {
  /** The batch as it is now, then again after every change of one of its jobs. */
  next: (batch: PreviewBatchView) => void;
  /** The socket failed or the server refused: the caller falls back to polling. */
  error: (error: unknown) => void;
}

/** The seam tests replace: watch one preview batch live; returns the unsubscribe. */
export interface PreviewLiveClient {
  watchBatch(batchId: string, watch: PreviewBatchWatch): () => void;
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_ENDPOINT}`;
}

/**
 * The browser's graphql-ws client on /graphql, signed in by the session cookie plus its CSRF token in
 * connectionParams (browsers cannot set headers on a WebSocket). One socket for the whole studio, opened lazily.
 */
export function createGraphqlWsPreviewClient(url: string = socketUrl()): PreviewLiveClient {
  let client: Client | null = null;
  const ensureClient = () => {
    client ??= createClient({
      url,
      lazy: true,
      // A failed socket hands over to polling straight away instead of retrying quietly.
      retryAttempts: 0,
      connectionParams: () => {
        // The upgrade request carries the session cookie; the CSRF token proves it is the studio's page.
        const csrfToken = readSessionCsrfToken();
        return csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
      },
    });
    return client;
  };
  return {
    watchBatch(batchId, watch) {
      let isDone = false;
      const unsubscribe = ensureClient().subscribe<PreviewBatchUpdatedSubscription>(
        { query: String(PreviewBatchUpdatedDocument), variables: { batchId } },
        {
          next: (result) => {
            if (isDone) return;
            if (result.errors?.length || !result.data) {
              isDone = true;
              watch.error(result.errors ?? new Error('empty subscription result'));
              return;
            }
            watch.next(result.data.previewBatchUpdated);
          },
          error: (error) => {
            if (isDone) return;
            isDone = true;
            watch.error(error);
          },
          complete: () => undefined,
        },
      );
      return () => {
        isDone = true;
        unsubscribe();
      };
    },
  };
}
