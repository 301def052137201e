import { useI18n } from '../../../i18n/useI18n';
import { VersionStateBadge } from '../../templates/components/VersionStateBadge';
import { VersionReviewsDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import type { HistoryReview, HistoryVersion } from '../graphql/versions.graphql';
import type { VersionAction } from '../version-actions';
import '../versions.css';

interface VersionListProps {
  versions: readonly HistoryVersion[];
  publishedVersionId: string | null;
  comparedIds: readonly string[];
  actionFor: (version: HistoryVersion) => VersionAction | null;
  onAction: (version: HistoryVersion, action: VersionAction) => void;
  /** Compare this version with the one before it. */
  onCompareWithPrevious: (version: HistoryVersion, previous: HistoryVersion) => void;
}

/** Every version, newest first: state, number, author, times, the latest review decision and its button. */
export function VersionList({ versions, publishedVersionId, comparedIds, actionFor, onAction, onCompareWithPrevious }: VersionListProps) {
  const { t, tn } = useI18n();
  return (
    <section className="card history-list" aria-label={t('versions.listTitle')}>
      <header className="history-card-header">
        <h2 className="history-card-title">{t('versions.listTitle')}</h2>
        <span className="muted">{tn('versions.count', versions.length)}</span>
      </header>
      <ol className="history-versions">
        {versions.map((version, index) => (
          <VersionItem
            key={version.id}
            version={version}
            isLive={version.id === publishedVersionId}
            isCompared={comparedIds.includes(version.id)}
            action={actionFor(version)}
            onAction={(action) => onAction(version, action)}
            previous={versions[index + 1] ?? null}
            isComparedWithPrevious={versions[index + 1] !== undefined && comparedIds[0] === versions[index + 1]!.id && comparedIds[1] === version.id}
            onCompareWithPrevious={(previous) => onCompareWithPrevious(version, previous)}
          />
        ))}
      </ol>
    </section>
  );
}

interface VersionItemProps {
  version: HistoryVersion;
  isLive: boolean;
  isCompared: boolean;
  action: VersionAction | null;
  onAction: (action: VersionAction) => void;
  previous: HistoryVersion | null;
  isComparedWithPrevious: boolean;
  onCompareWithPrevious: (previous: HistoryVersion) => void;
}

function VersionItem({ version, isLive, isCompared, action, onAction, previous, isComparedWithPrevious, onCompareWithPrevious }: VersionItemProps) {
  const { t, formatDate } = useI18n();
  const times = [
    ['created', version.createdAt],
    ['submitted', version.submittedAt],
    ['decided', version.decidedAt],
    ['published', version.publishedAt],
  ] as const;
  const hasReview = version.reviews.length > 0;
  return (
    <li
      className={`history-version${isLive ? ' history-version-live' : ''}${isCompared ? ' history-version-compared' : ''}`}
      data-testid="history-version"
      data-version-id={version.id}
      data-version-number={version.number}
      data-state={version.state}
      data-live={isLive || undefined}
    >
      <div className="history-version-head">
        <span className="history-version-number">{t('versions.number', { number: version.number })}</span>
        <VersionStateBadge state={version.state} />
        {isLive && (
          <span className="badge history-live-badge" data-testid="history-live-badge">
            {t('versions.liveBadge')}
          </span>
        )}
        <span className="history-version-author muted">{t('versions.by', { name: version.author.displayName })}</span>
      </div>
      <dl className="history-times">
        {times.map(([key, iso]) =>
          iso ? (
            <div key={key} className="history-time">
              <dt>{t(`versions.time.${key}`)}</dt>
              <dd>
                <time dateTime={iso}>{formatDate(iso)}</time>
              </dd>
            </div>
          ) : null,
        )}
      </dl>
      {hasReview && <ReviewSummary versionId={version.id} decision={version.reviews.at(-1)!.decision} />}
      {(action || (previous && !isComparedWithPrevious)) && (
        <div className="history-version-actions">
          {action && (
            <button
              type="button"
              className={`button button-small${action === 'publish' ? ' button-primary' : ''}`}
              onClick={() => onAction(action)}
              data-testid={action === 'publish' ? 'history-publish' : 'history-rollback'}
            >
              {action === 'publish' ? t('versions.publish') : t('versions.rollback')}
            </button>
          )}
          {previous && !isComparedWithPrevious && (
            <button type="button" className="button button-small button-ghost" onClick={() => onCompareWithPrevious(previous)} data-testid="history-compare-previous">
              {t('versions.compareWithPrevious', { number: previous.number })}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

// The latest decision at once; its average scores and first comment as soon as they load.
function ReviewSummary({ versionId, decision }: { versionId: string; decision: HistoryReview['decision'] }) {
  const { t, tn, formatNumber } = useI18n();
  const query = useGqlQuery(VersionReviewsDocument, { id: versionId });
  const review = query.data?.templateVersion?.reviews.at(-1);
  const average = (pick: (score: HistoryReview['scores'][number]) => number) =>
    review?.scores.length ? formatNumber(review.scores.reduce((sum, score) => sum + pick(score), 0) / review.scores.length, { maximumFractionDigits: 0 }) : '—';
  const firstComment = review?.comments[0]?.body;
  return (
    <div className={`history-review history-review-${decision.toLowerCase().replaceAll('_', '-')}`} data-testid="history-review" data-decision={decision}>
      <strong>{t(`versions.review.${decision}`)}</strong>
      {review && (
        <span className="history-review-reviewer" data-testid="history-review-reviewer">
          {t('versions.review.reviewer', { name: review.reviewer.displayName })}
        </span>
      )}
      {review && review.scores.length > 0 && <span>{t('versions.review.scores', { real: average((s) => s.real), like: average((s) => s.like), beautiful: average((s) => s.beautiful) })}</span>}
      {review && review.comments.length > 0 && <span className="muted">{tn('versions.review.comments', review.comments.length)}</span>}
      {firstComment && <q className="history-review-comment">{firstComment}</q>}
    </div>
  );
}
