import { useCallback, useState } from 'react';
import { gqlRequest } from '../../../lib/graphql-client';
import { DUPLICATE_TEMPLATE_MUTATION, type DuplicateTemplateData, type DuplicateTemplateVariables } from '../graphql/templates.graphql';

/** Calls `duplicateTemplate`; `duplicatingId` is the source being copied (one at a time). Errors are thrown. */
export function useDuplicateTemplate() {
  const [duplicatingId, setDuplicatingId] = useState<string | null>(null);

  const duplicateTemplate = useCallback(async (templateId: string, title: string): Promise<DuplicateTemplateData['duplicateTemplate']> => {
    setDuplicatingId(templateId);
    try {
      const data = await gqlRequest<DuplicateTemplateData, DuplicateTemplateVariables>(DUPLICATE_TEMPLATE_MUTATION, { templateId, title });
      return data.duplicateTemplate;
    } finally {
      setDuplicatingId(null);
    }
  }, []);

  return { duplicateTemplate, duplicatingId };
}
