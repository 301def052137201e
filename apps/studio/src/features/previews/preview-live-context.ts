import { createContext, useContext } from 'react';
import { createGraphqlWsPreviewClient, type PreviewLiveClient } from './preview-live-client';

let defaultClient: PreviewLiveClient | null = null;

/** Tests provide a fake client here to push batch updates; the app uses graphql-ws. */
export const PreviewLiveClientContext = createContext<PreviewLiveClient | null>(null);

export function usePreviewLiveClient(): PreviewLiveClient {
  const provided = useContext(PreviewLiveClientContext);
  if (provided) return provided;
  defaultClient ??= createGraphqlWsPreviewClient();
  return defaultClient;
}
