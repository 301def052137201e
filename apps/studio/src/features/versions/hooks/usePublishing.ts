import { useCallback, useState } from 'react';
import { PublishVersionDocument, RollbackTemplateDocument, UnpublishTemplateDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';

/** What the designer asked for and is confirming. */
export type PublishingRequest = { kind: 'publish' | 'rollback'; versionId: string; number: number } | { kind: 'unpublish'; number: number };

export type PublishingOutcome = { kind: 'published' | 'rolledBack'; number: number } | { kind: 'unpublished' };

/**
 * Publish / roll back / unpublish behind a confirm step. A success reloads what shows which version is
 * live: this history, the designer's templates, the catalog and the editor.
 */
export function usePublishing(templateId: string) {
  const queryClient = useStudioQueryClient();
  const [pending, setPending] = useState<PublishingRequest | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<PublishingOutcome | null>(null);

  const ask = useCallback((request: PublishingRequest) => {
    setPending(request);
    setError(null);
    setOutcome(null);
  }, []);

  const cancel = useCallback(() => {
    setPending(null);
    setError(null);
  }, []);

  const confirm = useCallback(async () => {
    if (!pending) return;
    setIsBusy(true);
    setError(null);
    try {
      if (pending.kind === 'publish') {
        await gqlRequest(PublishVersionDocument, { versionId: pending.versionId });
        setOutcome({ kind: 'published', number: pending.number });
      } else if (pending.kind === 'rollback') {
        await gqlRequest(RollbackTemplateDocument, { templateId, versionId: pending.versionId });
        setOutcome({ kind: 'rolledBack', number: pending.number });
      } else {
        await gqlRequest(UnpublishTemplateDocument, { templateId });
        setOutcome({ kind: 'unpublished' });
      }
      setPending(null);
      void invalidateGqlQueries(queryClient, 'VersionHistory', 'MyTemplates', 'StudioCatalog', 'StudioCatalogVersion', 'EditorTemplate');
    } catch (caught) {
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  }, [pending, templateId, queryClient]);

  return { pending, isBusy, error, outcome, ask, cancel, confirm, dismissOutcome: () => setOutcome(null) };
}
