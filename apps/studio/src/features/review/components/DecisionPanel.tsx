import { useState } from 'react';
import { describeError, describeIssue } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { GraphQLRequestError } from '../../../lib/graphql-client';
import type { ReviewDecisionChoice, ReviewRuleProblem } from '../review-rules';
import type { SubjectGroup } from './ReviewWorkspace';
import { useModalDialog } from '../../../lib/useModalDialog';
import '../review.css';

const DECISIONS: ReadonlyArray<{ decision: ReviewDecisionChoice; className: string }> = [
  { decision: 'APPROVE', className: 'button-primary' },
  { decision: 'REQUEST_CHANGES', className: '' },
  { decision: 'REJECT', className: 'button-danger' },
];

interface DecisionPanelProps {
  /** The signed-in user may not decide on this version (not a reviewer, or their own work). */
  blockedReason?: 'notReviewer' | 'ownWork' | null;
  problems: Record<ReviewDecisionChoice, ReviewRuleProblem[]>;
  groups: readonly SubjectGroup[];
  commentCount: number;
  isSubmitting: boolean;
  error: unknown;
  onDecide: (decision: ReviewDecisionChoice) => Promise<boolean>;
  /** The score approving needs on every axis (reviewPolicy.scoreBar). */
  scoreBar: number;
}

/** The rules each decision must meet (checked live), the three buttons, a confirmation and the API's answer. */
export function DecisionPanel({ blockedReason = null, problems, groups, commentCount, isSubmitting, error, onDecide, scoreBar }: DecisionPanelProps) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState<ReviewDecisionChoice | null>(null);
  const subjectName = (id: string) => groups.find((group) => group.id === id)?.name ?? id;

  const describeProblem = (problem: ReviewRuleProblem): string => {
    switch (problem.kind) {
      case 'unscored':
        return t('review.rules.unscored', { name: subjectName(problem.subjectId) });
      case 'partialScores':
        return t('review.rules.partial', { name: subjectName(problem.subjectId) });
      case 'belowBar':
        return t('review.rules.belowBar', { name: subjectName(problem.subjectId), axis: t(`review.score.${problem.axis}`), value: problem.value, bar: scoreBar });
      case 'invalidScore':
        return t('review.rules.invalidScore', { name: subjectName(problem.subjectId), axis: t(`review.score.${problem.axis}`) });
      case 'noSubjects':
        return t('review.rules.noSubjects');
      case 'commentNeeded':
        return t('review.rules.commentNeeded');
      case 'emptyComment':
        return t('review.rules.emptyComment', { index: problem.index + 1 });
      case 'commentTooLong':
        return t('review.rules.commentTooLong', { index: problem.index + 1 });
    }
  };

  const approveProblems = problems.APPROVE;
  const commentProblems = problems.REQUEST_CHANGES;
  return (
    <section className="card review-decision" data-testid="review-decision" aria-labelledby="review-decision-title">
      <header className="card-header">
        <h2 className="card-title" id="review-decision-title">
          {t('review.decision.title')}
        </h2>
      </header>
      <div className="card-body">
        <ul className="review-rules">
          <li className={approveProblems.length ? 'review-rule' : 'review-rule review-rule-met'} data-testid="review-rule-approve" data-met={approveProblems.length === 0}>
            <span className="review-rule-mark" aria-hidden="true">
              {approveProblems.length ? '○' : '✓'}
            </span>
            <div>
              <strong>{t('review.rules.approveTitle', { bar: scoreBar })}</strong>
              {approveProblems.length > 0 && (
                <ul className="review-rule-problems">
                  {approveProblems.slice(0, 6).map((problem, index) => (
                    <li key={index}>{describeProblem(problem)}</li>
                  ))}
                  {approveProblems.length > 6 && <li>{t('review.rules.more', { count: approveProblems.length - 6 })}</li>}
                </ul>
              )}
            </div>
          </li>
          <li className={commentProblems.length ? 'review-rule' : 'review-rule review-rule-met'} data-testid="review-rule-comment" data-met={commentProblems.length === 0}>
            <span className="review-rule-mark" aria-hidden="true">
              {commentProblems.length ? '○' : '✓'}
            </span>
            <div>
              <strong>{t('review.rules.commentTitle')}</strong>
              {commentProblems.length > 0 && (
                <ul className="review-rule-problems">
                  {commentProblems.map((problem, index) => (
                    <li key={index}>{describeProblem(problem)}</li>
                  ))}
                </ul>
              )}
            </div>
          </li>
        </ul>

        {blockedReason && (
          <div className="banner banner-warning" role="status" data-testid="review-blocked" data-reason={blockedReason}>
            {t(`review.blocked.${blockedReason}`)}
          </div>
        )}

        {Boolean(error) && (
          <div className="banner banner-error" role="alert" data-testid="review-error" data-code={error instanceof GraphQLRequestError ? error.code : undefined}>
            <span>
              {describeError(error, t)}
              {error instanceof GraphQLRequestError && error.issues.length > 1 && (
                <ul className="review-rule-problems">
                  {error.issues.slice(1).map((issue, index) => (
                    <li key={index}>{describeIssue(issue, t)}</li>
                  ))}
                </ul>
              )}
            </span>
          </div>
        )}

        <div className="review-decision-buttons">
          {DECISIONS.map(({ decision, className }) => {
            const blocking = problems[decision];
            return (
              <button
                key={decision}
                type="button"
                className={`button ${className}`.trim()}
                disabled={isSubmitting || blockedReason !== null || blocking.length > 0}
                title={blocking.length ? describeProblem(blocking[0]!) : undefined}
                onClick={() => setConfirming(decision)}
                data-testid={`review-decide-${decision}`}
              >
                {t(`review.decision.${decision}`)}
              </button>
            );
          })}
        </div>
      </div>
      {confirming && (
        <ConfirmDecisionDialog
          decision={confirming}
          commentCount={commentCount}
          isSubmitting={isSubmitting}
          onCancel={() => setConfirming(null)}
          onConfirm={async () => {
            const isDone = await onDecide(confirming);
            if (!isDone) setConfirming(null);
          }}
        />
      )}
    </section>
  );
}

function ConfirmDecisionDialog({ decision, commentCount, isSubmitting, onCancel, onConfirm }: { decision: ReviewDecisionChoice; commentCount: number; isSubmitting: boolean; onCancel: () => void; onConfirm: () => void }) {
  const { t, tn } = useI18n();
  const dialogRef = useModalDialog();
  return (
    <dialog
      ref={dialogRef}
      className="dialog review-confirm-dialog"
      aria-labelledby="review-confirm-title"
      data-testid="review-confirm"
      onCancel={(event) => {
        event.preventDefault();
        if (!isSubmitting) onCancel();
      }}
    >
      <h2 id="review-confirm-title" className="dialog-title">
        {t(`review.confirm.title.${decision}`)}
      </h2>
      <p className="dialog-text">{t(`review.confirm.text.${decision}`)}</p>
      <p className="dialog-text muted">{tn('review.confirm.comments', commentCount)}</p>
      <div className="dialog-footer">
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={isSubmitting} data-testid="review-confirm-cancel">
          {t('common.cancel')}
        </button>
        <button type="button" className={`button ${decision === 'REJECT' ? 'button-danger' : 'button-primary'}`} onClick={onConfirm} disabled={isSubmitting} data-testid="review-confirm-ok">
          {isSubmitting ? t('review.confirm.sending') : t(`review.decision.${decision}`)}
        </button>
      </div>
    </dialog>
  );
}
