import { useGqlQuery } from '../../../lib/useGqlQuery';
import { CATALOG_VERSION_QUERY, type CatalogVersionData, type CatalogVersionVariables } from '../graphql/catalog.graphql';

/** One pinned version exactly as an app receives it (trigger words included). */
export function useCatalogVersion(versionId: string) {
  const version = useGqlQuery<CatalogVersionData, CatalogVersionVariables>(CATALOG_VERSION_QUERY, { id: versionId });
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
