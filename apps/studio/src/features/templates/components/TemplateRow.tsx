import { useI18n } from '../../../i18n/useI18n';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import type { TemplateSummary } from '../graphql/templates.graphql';
import { editorHref, historyHref } from '../../../app/routes';
import { TemplateStandingSummary } from './TemplateStandingSummary';
import { VersionStateBadge } from './VersionStateBadge';
import '../templates.css';

const BASE_MODEL_LABELS = { SD15: 'SD 1.5', SDXL: 'SDXL' } as const;

interface TemplateRowProps {
  template: TemplateSummary;
  /** Copies the template into a new one the designer owns (and opens it). */
  onDuplicate?: (template: TemplateSummary) => void;
  /** This row's copy is being made. */
  isDuplicating?: boolean;
  /** Another row's copy is being made. */
  isBusy?: boolean;
}

export function TemplateRow({ template, onDuplicate, isDuplicating = false, isBusy = false }: TemplateRowProps) {
  const { t, locale, formatDate } = useI18n();
  const { draft } = template;
  // The row's "last updated" is the newest of the template and its draft.
  const updatedAt = [template.updatedAt, draft?.updatedAt]
    .filter((iso): iso is string => Boolean(iso))
    .sort()
    .at(-1);

  return (
    <tr className="template-row" data-testid="template-row" data-template-id={template.id}>
      <th scope="row" className="template-cell-main">
        <a className="template-title template-title-link" href={editorHref(template.id)} data-testid="open-template">
          {template.title}
        </a>
        {template.tags.length > 0 && (
          <ul className="tag-list" aria-label={t('templates.tags')}>
            {template.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </th>
      <td>
        <span className="model-chip">{BASE_MODEL_LABELS[template.baseModel] ?? template.baseModel}</span>
      </td>
      <td className="template-cell-standing">
        <TemplateStandingSummary standing={template.standing} />
      </td>
      <td>
        {draft ? (
          <span className="draft-cell">
            <VersionStateBadge state={draft.state} />
            <span className="muted" title={t('templates.revisionTitle', { revision: draft.revision })}>
              {t('templates.revision', { revision: draft.revision })}
            </span>
          </span>
        ) : (
          <span className="muted">{t('templates.noDraft')}</span>
        )}
      </td>
      <td className="template-cell-updated">
        {updatedAt ? (
          <time dateTime={updatedAt} title={formatDate(updatedAt)}>
            {formatRelativeTime(updatedAt, new Date(), locale)}
          </time>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      {onDuplicate && (
        <td className="template-cell-actions">
          <a className="button button-small button-ghost" href={historyHref(template.id)} data-testid="template-history" title={t('versions.historyLinkHint')}>
            {t('versions.historyLink')}
          </a>
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="duplicate-template"
            onClick={() => onDuplicate(template)}
            disabled={isDuplicating || isBusy}
            aria-label={t('templates.duplicate.label', { title: template.title })}
            title={t('templates.duplicate.hint')}
          >
            {isDuplicating ? t('templates.duplicate.busy') : t('templates.duplicate.action')}
          </button>
        </td>
      )}
    </tr>
  );
}
