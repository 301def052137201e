import { useCallback, useState } from 'react';
import { gqlRequest } from '../../../lib/graphql-client';
import {
  CREATE_TEMPLATE_MUTATION,
  type CreateTemplateData,
  type CreateTemplateInput,
  type CreateTemplateVariables,
  type TemplateSummary,
} from '../graphql/templates.graphql';

/** Calls `createTemplate`; errors are thrown as GraphQLRequestError for the form to show. */
export function useCreateTemplate() {
  const [isCreating, setIsCreating] = useState(false);

  const createTemplate = useCallback(async (input: CreateTemplateInput): Promise<TemplateSummary> => {
    setIsCreating(true);
    try {
      const data = await gqlRequest<CreateTemplateData, CreateTemplateVariables>(CREATE_TEMPLATE_MUTATION, { input });
      return data.createTemplate;
    } finally {
      setIsCreating(false);
    }
  }, []);

  return { createTemplate, isCreating };
}
