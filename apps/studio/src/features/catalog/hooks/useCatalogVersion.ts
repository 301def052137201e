import { useMemo } from 'react';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { collectTriggerWords } from '../catalog-version-details';
import {
  CATALOG_LORAS_QUERY,
  CATALOG_VERSION_QUERY,
  type CatalogLorasData,
  type CatalogVersionData,
  type CatalogVersionVariables,
} from '../graphql/catalog.graphql';

/** One pinned version as an app receives it, plus the trigger words its graph appends (named via the LoRA registry). */
export function useCatalogVersion(versionId: string) {
  const version = useGqlQuery<CatalogVersionData, CatalogVersionVariables>(CATALOG_VERSION_QUERY, { id: versionId });
  const loras = useGqlQuery<CatalogLorasData, Record<string, never>>(CATALOG_LORAS_QUERY, {});
  const data = version.data?.catalogVersion ?? null;
  const triggerWords = useMemo(() => (data && loras.data ? collectTriggerWords(data.spec, loras.data.loras) : null), [data, loras.data]);
  return {
    version: data,
    /** True once the API answered and found no such published version. */
    isMissing: !version.isLoading && !version.error && version.data !== null && data === null,
    isLoading: version.isLoading,
    error: version.error ?? loras.error,
    /** Null while the LoRA registry loads. */
    triggerWords,
    reload: () => {
      version.reload();
      loras.reload();
    },
  };
}
