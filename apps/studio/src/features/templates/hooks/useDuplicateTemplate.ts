import { useCallback, useState } from 'react';
import { DuplicateTemplateDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';

/** Calls `duplicateTemplate`; `duplicatingId` is the source being copied (one at a time). Errors are thrown. */
export function useDuplicateTemplate() {
  const queryClient = useStudioQueryClient();
  const [duplicatingId, setDuplicatingId] = useState<string | null>(null);

  const duplicateTemplate = useCallback(
    async (templateId: string, title: string) => {
      setDuplicatingId(templateId);
      try {
        const data = await gqlRequest(DuplicateTemplateDocument, { templateId, title });
        void invalidateGqlQueries(queryClient, 'MyTemplates');
        return data.duplicateTemplate;
      } finally {
        setDuplicatingId(null);
      }
    },
    [queryClient],
  );

  return { duplicateTemplate, duplicatingId };
}
