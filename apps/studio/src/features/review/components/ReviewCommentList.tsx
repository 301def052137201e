import { useEffect, type MutableRefObject } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { ReviewPreview } from '../graphql/review.graphql';
import { pinTarget, type PinnedComment } from '../review-rules';
import '../review.css';

export interface DraftComment extends PinnedComment {
  key: string;
}

interface ReviewCommentListProps {
  comments: ReadonlyArray<{ comment: DraftComment; number: number | null }>;
  previews: readonly ReviewPreview[];
  activeKey: string | null;
  /** The key of a comment just added: its text box takes the focus once. */
  focusKey: MutableRefObject<string | null>;
  onActivate: (key: string | null) => void;
  onChange: (key: string, body: string) => void;
  onRemove: (key: string) => void;
  onAddGeneral: () => void;
  /** The longest comment the API takes (reviewPolicy.commentMaxLength). */
  maxLength: number;
}

/** The review's comments: numbered pins (canvas or a preview) and general remarks, each with its text. */
export function ReviewCommentList({ comments, previews, activeKey, focusKey, onActivate, onChange, onRemove, onAddGeneral, maxLength }: ReviewCommentListProps) {
  const { t, formatNumber } = useI18n();

  useEffect(() => {
    const key = focusKey.current;
    if (!key) return;
    focusKey.current = null;
    document.querySelector<HTMLTextAreaElement>(`[data-comment-key="${key}"] textarea`)?.focus();
  });

  const describeTarget = (comment: DraftComment) => {
    const target = pinTarget(comment);
    if (target === 'canvas') return t('review.comments.onCanvas');
    if (target === 'general') return t('review.comments.general');
    const preview = previews.find((p) => p.id === comment.previewJobId);
    return preview ? t('review.comments.onPreview', { name: preview.subject.name, seed: formatNumber(preview.seed, { useGrouping: false }) }) : t('review.comments.onPreviewUnknown');
  };

  return (
    <section className="card review-comments" data-testid="review-comments" aria-labelledby="review-comments-title">
      <header className="card-header">
        <h2 className="card-title" id="review-comments-title">
          {t('review.comments.title')}
        </h2>
        <button type="button" className="button button-small" onClick={onAddGeneral} data-testid="review-add-general-comment">
          {t('review.comments.addGeneral')}
        </button>
      </header>
      <div className="card-body">
        {comments.length === 0 ? (
          <p className="muted review-comments-empty">{t('review.comments.empty')}</p>
        ) : (
          <ol className="review-comment-list">
            {comments.map(({ comment, number }) => (
              <li
                key={comment.key}
                className={`review-comment${activeKey === comment.key ? ' review-comment-active' : ''}`}
                data-testid="review-comment"
                data-comment-key={comment.key}
                data-target={pinTarget(comment)}
                onFocus={() => onActivate(comment.key)}
              >
                <div className="review-comment-header">
                  {number !== null ? <span className="comment-pin-badge">{number}</span> : <span className="comment-pin-badge comment-pin-badge-general" aria-hidden="true">•</span>}
                  <span className="review-comment-target">{describeTarget(comment)}</span>
                  <button type="button" className="button button-small button-ghost" onClick={() => onRemove(comment.key)} aria-label={t('review.comments.remove', { number: number ?? '' })} data-testid="review-comment-remove">
                    {t('review.comments.removeShort')}
                  </button>
                </div>
                <textarea
                  className="input review-comment-body"
                  rows={2}
                  maxLength={maxLength}
                  placeholder={t('review.comments.placeholder')}
                  aria-label={number !== null ? t('review.comments.bodyLabel', { number }) : t('review.comments.general')}
                  value={comment.body}
                  onChange={(event) => onChange(comment.key, event.target.value)}
                  data-testid="review-comment-body"
                />
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
