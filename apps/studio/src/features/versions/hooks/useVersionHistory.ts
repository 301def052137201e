import { useMemo } from 'react';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import {
  HISTORY_LORAS_QUERY,
  VERSION_HISTORY_QUERY,
  VERSION_PREVIEWS_QUERY,
  type HistoryLorasData,
  type VersionHistoryData,
  type VersionHistoryVariables,
  type VersionPreviewsData,
  type VersionPreviewsVariables,
} from '../graphql/versions.graphql';

const NO_VARIABLES = {};

/** The template's versions (newest first), who is asking, and LoRA names by id for the diff. */
export function useVersionHistory(templateId: string) {
  const history = useGqlQuery<VersionHistoryData, VersionHistoryVariables>(VERSION_HISTORY_QUERY, { id: templateId });
  const loras = useGqlQuery<HistoryLorasData, Record<string, never>>(HISTORY_LORAS_QUERY, NO_VARIABLES);
  const loraNames = useMemo(() => new Map((loras.data?.loras ?? []).map((lora) => [lora.id, lora.name])), [loras.data]);
  return { history, loraNames };
}

/** The previews of the two versions being compared; null ids skip the request. */
export function useVersionPreviews(olderId: string | null, newerId: string | null) {
  return useGqlQuery<VersionPreviewsData, VersionPreviewsVariables>(VERSION_PREVIEWS_QUERY, olderId && newerId ? { olderId, newerId } : null);
}
