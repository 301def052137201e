import type { TemplateSpec } from '@atelier/template-spec';
import { useContext, useMemo, useRef, useState } from 'react';
import { routeHref } from '../../../app/routes';
import { useI18n } from '../../../i18n/useI18n';
import { SessionContext } from '../../auth/hooks/session-context';
import { ReviewVersionDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import { VersionStateBadge } from '../../templates/components/VersionStateBadge';
import type { ReviewPreview, ReviewVersionDetail } from '../graphql/review.graphql';
import { putReviewFlash } from '../review-flash';
import { checkDecision, completeScores, numberPins, type ReviewDecisionChoice, type ReviewPolicy, type ScoreAxis, type SubjectScores } from '../review-rules';
import { useReviewRerender } from '../hooks/useReviewRerender';
import { DecisionPanel } from './DecisionPanel';
import { ReviewCanvas } from './ReviewCanvas';
import { ReviewCommentList, type DraftComment } from './ReviewCommentList';
import { ReviewFeedbackSummary } from './ReviewFeedbackPanel';
import { ReviewRerenderPanel } from './ReviewRerenderPanel';
import { SpecSummary } from './SpecSummary';
import { MetadataSummary } from '../../metadata/components/MetadataSummary';
import { SubjectPreviews } from './SubjectPreviews';
import '../review.css';

export interface SubjectGroup {
  id: string;
  name: string;
  previews: ReviewPreview[];
  /** Some preview of the subject can still be seen (not removed with a retired subject). */
  isJudgeable: boolean;
}

/** Previews (sorted by subject name, then seed by the API; a likeness end's after the other's) -> one group per subject, in that order. */
export function groupPreviewsBySubject(previews: readonly ReviewPreview[]): SubjectGroup[] {
  const groups = new Map<string, SubjectGroup>();
  for (const preview of previews) {
    let group = groups.get(preview.subject.id);
    if (!group) {
      group = { id: preview.subject.id, name: preview.subject.name, previews: [], isJudgeable: false };
      groups.set(preview.subject.id, group);
    }
    group.previews.push(preview);
    if (!preview.removed) group.isJudgeable = true;
  }
  return [...groups.values()];
}

let nextCommentKey = 1;

interface ReviewWorkspaceProps {
  version: ReviewVersionDetail;
  spec: TemplateSpec;
  title: string | null;
  /** The rules the API enforces here (score bar, ranges), as it serves them. */
  policy: ReviewPolicy;
  /** Loads the version again: after a decision, and when a re-render asked for here added or finished previews. */
  onDecided: () => void;
}

/** The reviewer's desk for one submitted version: canvas, previews with scores, pinned comments, decision. */
export function ReviewWorkspace({ version, spec, title, policy, onDecided }: ReviewWorkspaceProps) {
  const { t, locale, formatDate } = useI18n();
  const queryClient = useStudioQueryClient();
  // Both likeness ends: each face's default renders, then its max ones (SubjectPreviews shows them side by side).
  const previews = useMemo(() => [...version.previews, ...version.maxPreviews], [version.previews, version.maxPreviews]);
  const groups = useMemo(() => groupPreviewsBySubject(previews), [previews]);
  const [scores, setScores] = useState<Record<string, Partial<SubjectScores>>>({});
  const [comments, setComments] = useState<DraftComment[]>([]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focusRef = useRef<string | null>(null);
  const isOpen = version.state === 'SUBMITTED';
  // Said up front what the API would refuse (it still decides: it also knows who edited the draft).
  const session = useContext(SessionContext)?.session;
  const me = session?.status === 'signed-in' ? session.user : null;
  const blockedReason = !me ? null : !me.roles.includes('REVIEWER') ? 'notReviewer' : version.author.id === me.id ? 'ownWork' : null;
  // Review-priority renders are for reviewers (and admins); the API decides, this only hides the button.
  const mayAskForRerender = isOpen && (!me || me.roles.includes('REVIEWER') || me.roles.includes('ADMIN'));
  const rerender = useReviewRerender(version.id, onDecided, spec.subject?.likeness ?? null);

  const numbered = numberPins(comments);
  const pinNumber = (key: string) => numbered.find((entry) => entry.comment.key === key)?.number ?? null;
  const activeNumber = activeKey ? pinNumber(activeKey) : null;
  const canvasPins = numbered.flatMap(({ comment, number }) => (number !== null && !comment.previewJobId ? [{ number, x: comment.x!, y: comment.y! }] : []));

  const addComment = (pin: { previewJobId: string | null; x: number | null; y: number | null }) => {
    if (!isOpen) return;
    const key = `comment-${nextCommentKey++}`;
    focusRef.current = key;
    setComments((previous) => [...previous, { key, body: '', ...pin }]);
    setActiveKey(key);
  };

  const setScore = (subjectId: string, axis: ScoreAxis, value: number | undefined) =>
    setScores((previous) => {
      const next = { ...previous[subjectId], [axis]: value };
      if (value === undefined) delete next[axis];
      return { ...previous, [subjectId]: next };
    });

  const judgeable = groups.filter((group) => group.isJudgeable);
  const draft = { subjectIds: judgeable.map((group) => group.id), scores, comments: comments.map((comment) => comment.body) };
  const problems: Record<ReviewDecisionChoice, ReturnType<typeof checkDecision>> = {
    APPROVE: checkDecision('APPROVE', draft, policy),
    REQUEST_CHANGES: checkDecision('REQUEST_CHANGES', draft, policy),
    REJECT: checkDecision('REJECT', draft, policy),
  };

  const decide = async (decision: ReviewDecisionChoice): Promise<boolean> => {
    setIsSubmitting(true);
    setError(null);
    try {
      const scoreInputs = Object.entries(scores).flatMap(([subjectId, partial]) => {
        const complete = completeScores(partial);
        return complete ? [{ subjectId, ...complete }] : [];
      });
      await gqlRequest(ReviewVersionDocument, {
        input: {
          versionId: version.id,
          decision,
          scores: scoreInputs,
          comments: comments.map((comment) => ({ body: comment.body.trim(), previewJobId: comment.previewJobId, x: comment.x, y: comment.y })),
        },
      });
      // The queue answers again before it is shown, so it never lists the version just decided; the
      // other screens showing the version reload in the background.
      await invalidateGqlQueries(queryClient, 'ReviewQueue');
      putReviewFlash({ decision, title: title ?? t('review.queue.untitled'), number: version.number });
      window.location.hash = routeHref('reviews');
      void invalidateGqlQueries(queryClient, 'ReviewVersionDetail', 'TemplateReviews', 'VersionHistory', 'VersionReviews', 'MyTemplates', 'EditorTemplate');
      return true;
    } catch (failure) {
      setError(failure);
      onDecided();
      return false;
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <main className="review-shell" data-testid="review-page" data-version-id={version.id} data-state={version.state}>
      <header className="review-header">
        <div className="review-header-start">
          <a className="back-link" href={routeHref('reviews')} data-testid="review-back">
            ← {t('review.backToQueue')}
          </a>
          <span className="editor-header-divider" aria-hidden="true" />
          <h1 className="editor-title" data-testid="review-title">
            {title ?? '…'}
          </h1>
          <span className="version-chip">{t('versions.number', { number: version.number })}</span>
          <VersionStateBadge state={version.state} />
        </div>
        <div className="review-header-meta">
          <span>{t('review.byDesigner', { name: version.author.displayName })}</span>
          {version.submittedAt && (
            <span title={formatDate(version.submittedAt)}>
              {t('review.submittedAt', { relative: formatRelativeTime(version.submittedAt, new Date(), locale), date: formatDate(version.submittedAt) })}
            </span>
          )}
        </div>
      </header>

      {!isOpen && (
        <div className="banner banner-warning review-closed" role="status" data-testid="review-closed">
          {t('review.closed', { state: t(`templates.state.${version.state}`) })}
        </div>
      )}

      <div className="review-layout">
        <div className="review-column review-column-canvas">
          <section className="card review-canvas-card">
            <header className="card-header">
              <h2 className="card-title">{t('review.canvas.title')}</h2>
              {isOpen && <span className="card-subtitle">{t('review.canvas.hint')}</span>}
            </header>
            <ReviewCanvas spec={spec} pins={canvasPins} activePin={activeNumber} onPlacePin={isOpen ? (point) => addComment({ previewJobId: null, ...point }) : undefined} />
          </section>
          <MetadataSummary metadata={version.metadata} previous={version.previousVersion} testId="review-metadata" />
          <SpecSummary spec={spec} />
        </div>

        <div className="review-column review-column-side">
          <section className="review-subjects" aria-labelledby="review-previews-title">
            <div className="review-section-heading">
              <h2 className="card-title" id="review-previews-title">
                {t('review.previews.title')}
              </h2>
              {isOpen && <span className="card-subtitle">{t('review.previews.hint')}</span>}
            </div>
            {mayAskForRerender && <ReviewRerenderPanel rerender={rerender} />}
            {groups.length === 0 ? (
              <div className="card card-empty" data-testid="review-no-previews">
                {t('review.previews.none')}
              </div>
            ) : (
              groups.map((group) => (
                <SubjectPreviews
                  key={group.id}
                  group={group}
                  scores={scores[group.id] ?? {}}
                  onScore={(axis, value) => setScore(group.id, axis, value)}
                  pins={numbered.flatMap(({ comment, number }) => (number !== null && comment.previewJobId ? [{ previewJobId: comment.previewJobId, number, x: comment.x!, y: comment.y! }] : []))}
                  activePin={activeNumber}
                  isReadOnly={!isOpen}
                  policy={policy}
                  onPlacePin={(previewJobId, point) => addComment({ previewJobId, ...point })}
                  likeness={spec.subject?.likeness ?? null}
                />
              ))
            )}
          </section>

          {isOpen ? (
            <>
              <ReviewCommentList
                comments={numbered}
                previews={previews}
                activeKey={activeKey}
                focusKey={focusRef}
                onActivate={setActiveKey}
                onChange={(key, body) => setComments((previous) => previous.map((comment) => (comment.key === key ? { ...comment, body } : comment)))}
                onRemove={(key) => setComments((previous) => previous.filter((comment) => comment.key !== key))}
                onAddGeneral={() => addComment({ previewJobId: null, x: null, y: null })}
                maxLength={policy.commentMaxLength}
              />
              <DecisionPanel blockedReason={blockedReason} problems={problems} groups={groups} isSubmitting={isSubmitting} error={error} onDecide={decide} commentCount={comments.length} scoreBar={policy.scoreBar} />
            </>
          ) : (
            version.reviews.map((review) => <ReviewFeedbackSummary key={review.id} review={review} previews={previews} />)
          )}
        </div>
      </div>
    </main>
  );
}
