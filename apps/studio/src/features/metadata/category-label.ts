import type { Locale } from '../../i18n/types';
import type { TemplateCategory } from './graphql/metadata.graphql';

/** A category's name in the reader's language (the English one when it has no Chinese name). */
export function categoryName(category: Pick<TemplateCategory, 'name' | 'nameZh'>, locale: Locale): string {
  return locale === 'zh-CN' && category.nameZh.trim() ? category.nameZh : category.name;
}

/** A category key -> its name; a key no longer on the list shows as the key itself; null -> null. */
export function categoryLabel(categories: readonly TemplateCategory[] | undefined, key: string | null | undefined, locale: Locale): string | null {
  if (!key) return null;
  const category = categories?.find((c) => c.key === key);
  return category ? categoryName(category, locale) : key;
}
