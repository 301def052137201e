import { useCallback, useState } from 'react';
import { CreateTemplateDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import type { CreateTemplateInput, TemplateSummary } from '../graphql/templates.graphql';

/** Calls `createTemplate`; errors are thrown as GraphQLRequestError for the form to show. */
export function useCreateTemplate() {
  const queryClient = useStudioQueryClient();
  const [isCreating, setIsCreating] = useState(false);

  const createTemplate = useCallback(
    async (input: CreateTemplateInput): Promise<TemplateSummary> => {
      setIsCreating(true);
      try {
        const data = await gqlRequest(CreateTemplateDocument, { input });
        void invalidateGqlQueries(queryClient, 'MyTemplates');
        return data.createTemplate;
      } finally {
        setIsCreating(false);
      }
    },
    [queryClient],
  );

  return { createTemplate, isCreating };
}
