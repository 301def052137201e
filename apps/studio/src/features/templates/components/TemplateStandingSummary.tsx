import { useI18n } from '../../../i18n/useI18n';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import type { TemplateStanding } from '../graphql/templates.graphql';
import '../template-standing.css';

interface TemplateStandingSummaryProps {
  standing: TemplateStanding;
  /** One line for the editor header (details in the tooltip on narrow screens); the list shows it stacked. */
  isCompact?: boolean;
  testId?: string;
}

/**
 * Where a template stands: a badge (in review, changes requested, approved, published, unpublished,
 * draft only), which version that is about, the version still live meanwhile, and the reviewer's note.
 */
export function TemplateStandingSummary({ standing, isCompact = false, testId = 'template-standing' }: TemplateStandingSummaryProps) {
  const { t, locale, formatDate } = useI18n();
  const { state, versionNumber, reviewNote, decidedAt, publishedVersionNumber } = standing;
  const detail = t(`templates.standing.detail.${state}`, { number: versionNumber });
  const isOtherVersionLive = publishedVersionNumber !== null && state !== 'PUBLISHED';
  const live = isOtherVersionLive ? t('templates.standing.live', { number: publishedVersionNumber }) : null;
  const note = reviewNote ? t('templates.standing.note', { note: reviewNote }) : null;
  const tooltip = [detail, live, note].filter(Boolean).join(' · ');
  return (
    <div
      className={`template-standing${isCompact ? ' template-standing-compact' : ''}`}
      data-testid={testId}
      data-state={state}
      data-version-number={versionNumber}
      title={isCompact ? tooltip : undefined}
    >
      <span className={`badge badge-standing-${state.toLowerCase().replaceAll('_', '-')}`}>{t(`templates.standing.${state}`)}</span>
      <span className="template-standing-detail" data-testid={`${testId}-detail`}>
        {isCompact ? t('templates.standing.version', { number: versionNumber }) : detail}
        {!isCompact && decidedAt && (
          <time dateTime={decidedAt} title={formatDate(decidedAt)}>
            {' · '}
            {formatRelativeTime(decidedAt, new Date(), locale)}
          </time>
        )}
      </span>
      {live && !isCompact && (
        <span className="template-standing-detail" data-testid={`${testId}-live`}>
          {live}
        </span>
      )}
      {note && (
        <span className="template-standing-note" data-testid={`${testId}-note`} title={reviewNote ?? undefined}>
          {note}
        </span>
      )}
    </div>
  );
}
