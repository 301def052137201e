import { useMemo } from 'react';
import '../metadata.css';
import { useI18n } from '../../../i18n/useI18n';
import type { TemplateMetadata } from '../graphql/metadata.graphql';
import { useTemplateCategories } from '../hooks/useTemplateCategories';
import { diffMetadata, type MetadataField } from '../metadata-changes';

interface MetadataSummaryProps {
  metadata: TemplateMetadata;
  /** The version before, to mark what changed since it. */
  previous?: { number: number; metadata: TemplateMetadata } | null;
  testId?: string;
}

/** A version's title, description, category and tags as submitted (what apps will show), with what changed since the version before. */
export function MetadataSummary({ metadata, previous = null, testId = 'metadata-summary' }: MetadataSummaryProps) {
  const { t } = useI18n();
  const { labelOf } = useTemplateCategories();
  const changes = useMemo(() => new Map((previous ? diffMetadata(previous.metadata, metadata, labelOf) : []).map((c) => [c.field, c])), [previous, metadata, labelOf]);
  const values: Record<MetadataField, string> = {
    title: metadata.title,
    description: metadata.description,
    category: labelOf(metadata.category) ?? '',
    tags: metadata.tags.join(', '),
  };

  return (
    <section className="card metadata-summary" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <header className="card-header">
        <div>
          <h2 className="card-title" id={`${testId}-title`}>
            {t('metadata.summary.title')}
          </h2>
          <p className="card-subtitle">{t(metadata.frozen ? 'metadata.summary.frozen' : 'metadata.summary.draft')}</p>
        </div>
      </header>
      <dl className="metadata-list">
        {(['title', 'description', 'category', 'tags'] as const).map((field) => {
          const change = changes.get(field);
          return (
            <div key={field} className="metadata-row" data-testid={`metadata-${field}`} data-changed={change ? 'true' : undefined}>
              <dt>
                {t(`metadata.field.${field}`)}
                {change && previous && <span className="badge badge-state-submitted metadata-changed">{t('metadata.summary.changed', { number: previous.number })}</span>}
              </dt>
              <dd>
                {values[field] || <span className="muted">{t('metadata.summary.empty')}</span>}
                {change && <span className="metadata-before">{t('metadata.summary.was', { value: change.before || t('metadata.summary.empty') })}</span>}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
