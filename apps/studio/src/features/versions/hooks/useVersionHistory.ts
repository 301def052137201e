import { useMemo } from 'react';
import { HistoryLorasDocument, VersionHistoryDocument, VersionPreviewsDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';

const NO_VARIABLES = {};

/** The template's versions (newest first), who is asking, and LoRA names by id for the diff. */
export function useVersionHistory(templateId: string) {
  const history = useGqlQuery(VersionHistoryDocument, { id: templateId });
  const loras = useGqlQuery(HistoryLorasDocument, NO_VARIABLES);
  const loraNames = useMemo(() => new Map((loras.data?.loras ?? []).map((lora) => [lora.id, lora.name])), [loras.data]);
  return { history, loraNames };
}

/** The previews of the two versions being compared; null ids skip the request. */
export function useVersionPreviews(olderId: string | null, newerId: string | null) {
  return useGqlQuery(VersionPreviewsDocument, olderId && newerId ? { olderId, newerId } : null);
}
