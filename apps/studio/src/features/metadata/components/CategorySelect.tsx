import { useI18n } from '../../../i18n/useI18n';
import { categoryName } from '../category-label';
import type { TemplateCategory } from '../graphql/metadata.graphql';

interface CategorySelectProps {
  id: string;
  value: string | null;
  onChange: (key: string | null) => void;
  categories: readonly TemplateCategory[] | undefined;
  /** The template's category now: it stays selectable even when archived (templates keep theirs). */
  kept?: string | null;
  invalid?: boolean;
  describedBy?: string;
  testId?: string;
}

/** "No category" and the admins' list in the reader's language; archived categories only when the template already has one. */
export function CategorySelect({ id, value, onChange, categories, kept = null, invalid, describedBy, testId }: CategorySelectProps) {
  const { t, locale } = useI18n();
  const choices = (categories ?? []).filter((c) => !c.archived || c.key === kept || c.key === value);
  const isUnlisted = value !== null && categories !== undefined && !choices.some((c) => c.key === value);
  return (
    <select id={id} className="input input-select" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} data-testid={testId} disabled={categories === undefined}>
      <option value="">{t('metadata.category.none')}</option>
      {choices.map((category) => (
        <option key={category.key} value={category.key}>
          {category.archived ? t('metadata.category.archivedOption', { name: categoryName(category, locale) }) : categoryName(category, locale)}
        </option>
      ))}
      {isUnlisted && <option value={value}>{value}</option>}
    </select>
  );
}
