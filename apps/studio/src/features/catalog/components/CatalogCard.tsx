import { useI18n } from '../../../i18n/useI18n';
import type { CatalogTemplate } from '../graphql/catalog.graphql';
import { CatalogCover } from './CatalogCover';
import { CatalogVersionBadge } from './CatalogVersionBadge';
import { CopyButton } from './CopyButton';
import '../catalog.css';

interface CatalogCardProps {
  /** The template's category in the reader's language (null: none). */
  categoryLabel?: string | null;
  template: CatalogTemplate;
  activeTag: string | null;
  onOpen: () => void;
  onFilterByTag: (tag: string) => void;
}

/** One published template as apps list it: cover, title, tags, base model, date and the pinned version. */
export function CatalogCard({ template, activeTag, categoryLabel = null, onOpen, onFilterByTag }: CatalogCardProps) {
  const { t, formatDate } = useI18n();
  const version = template.publishedVersion;
  return (
    <article className="catalog-card" data-testid="catalog-card" data-template-id={template.id}>
      <button type="button" className="catalog-card-cover" onClick={onOpen} aria-label={t('catalog.openDetails', { title: template.title })}>
        <CatalogCover url={version.coverUrl} title={template.title} />
      </button>
      <div className="catalog-card-body">
        <div className="catalog-card-head">
          <h2 className="catalog-card-title" data-testid="catalog-card-title">
            {template.title}
          </h2>
          <span className="model-chip">{t(`catalog.baseModel.${template.baseModel}`)}</span>
          {categoryLabel && (
            <span className="model-chip" data-testid="catalog-card-category">
              {categoryLabel}
            </span>
          )}
        </div>
        {template.tags.length > 0 && (
          <ul className="tag-list catalog-card-tags">
            {template.tags.map((tag) => (
              <li key={tag}>
                <button
                  type="button"
                  className={`tag catalog-tag-button${tag === activeTag ? ' is-active' : ''}`}
                  onClick={() => onFilterByTag(tag)}
                  title={t('catalog.filterByTag', { tag })}
                >
                  {tag}
                </button>
              </li>
            ))}
          </ul>
        )}
        {template.description && <p className="catalog-card-description">{template.description}</p>}
        <dl className="catalog-meta">
          <div className="catalog-meta-row">
            <dt>{t('catalog.published')}</dt>
            <dd>{formatDate(template.publishedAt, { dateStyle: 'medium' })}</dd>
          </div>
          <div className="catalog-meta-block">
            <dt>{t('catalog.pinnedVersion')}</dt>
            <dd className="catalog-id-box">
              <code className="catalog-id" data-testid="catalog-card-version-id">
                {version.id}
              </code>
              <CopyButton text={version.id} label={t('catalog.pinnedVersion')} testId="copy-version-id" />
            </dd>
          </div>
        </dl>
        <div className="catalog-card-footer">
          <CatalogVersionBadge number={version.number} current={version.current} />
          <button type="button" className="button button-small" onClick={onOpen} data-testid="catalog-open">
            {t('catalog.details')}
          </button>
        </div>
      </div>
    </article>
  );
}
