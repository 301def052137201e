import { StudioCatalogVersionDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';

/** One pinned version exactly as an app receives it (trigger words included). */
export function useCatalogVersion(versionId: string) {
  const version = useGqlQuery(StudioCatalogVersionDocument, { id: versionId });
  const data = version.data?.catalogVersion ?? null;
  return {
    version: data,
    /** True once the API answered and found no such published version. */
    isMissing: !version.isLoading && !version.error && version.data !== null && data === null,
    isLoading: version.isLoading,
    error: version.error,
    /** Null while loading. */
    triggerWords: data?.triggerWords ?? null,
    reload: version.reload,
  };
}
