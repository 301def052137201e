import { useCallback } from 'react';
import { TemplateCategoriesDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { categoryLabel } from '../category-label';

/** The admins' category list (archived ones included) and a key -> name lookup in the reader's language. */
export function useTemplateCategories() {
  const { locale } = useI18n();
  const query = useGqlQuery(TemplateCategoriesDocument, {});
  const categories = query.data?.templateCategories;
  const labelOf = useCallback((key: string | null | undefined) => categoryLabel(categories, key, locale), [categories, locale]);
  return { categories, labelOf, query };
}
