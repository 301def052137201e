import { useI18n } from '../../../i18n/useI18n';
import type { ReviewPreview } from '../graphql/review.graphql';
import type { NumberedPin, ReviewPolicy, ScoreAxis, SubjectScores } from '../review-rules';
import type { SubjectGroup } from './ReviewWorkspace';
import { PinnedImage } from './PinnedImage';
import { ScoreInputs } from './ScoreInputs';
import '../review.css';

interface SubjectPreviewsProps {
  group: SubjectGroup;
  scores: Partial<SubjectScores>;
  onScore: (axis: ScoreAxis, value: number | undefined) => void;
  pins: ReadonlyArray<NumberedPin & { previewJobId: string }>;
  activePin: number | null;
  isReadOnly: boolean;
  onPlacePin: (previewJobId: string, point: { x: number; y: number }) => void;
  policy: ReviewPolicy;
  /** The version's likeness range, for the ends' labels (each preview also says what it rendered at). */
  likeness?: { default: number; max: number } | null;
}

/**
 * One preview subject on the review page: every seed's image (click to pin a comment) and the three
 * scores. Renders at the likeness max, when there are any, stand beside the default ones, each end labelled.
 */
export function SubjectPreviews({ group, scores, onScore, pins, activePin, isReadOnly, onPlacePin, policy, likeness = null }: SubjectPreviewsProps) {
  const { t, tn, formatNumber } = useI18n();
  const atDefault = group.previews.filter((preview) => preview.likenessEnd !== 'MAX');
  const atMax = group.previews.filter((preview) => preview.likenessEnd === 'MAX');
  const tiles = (previews: readonly ReviewPreview[]) => (
    <ul className="review-preview-tiles">
      {previews.map((preview) => (
        <ReviewPreviewTile
          key={preview.id}
          preview={preview}
          pins={pins.filter((pin) => pin.previewJobId === preview.id)}
          activePin={activePin}
          onPlacePin={isReadOnly ? undefined : (point) => onPlacePin(preview.id, point)}
        />
      ))}
    </ul>
  );
  const valueOf = (previews: readonly ReviewPreview[], fallback: number | undefined) => formatNumber(previews[0]?.likeness ?? fallback ?? 0, { maximumFractionDigits: 2 });
  return (
    <article className="card review-subject" data-testid="review-subject" data-subject-id={group.id}>
      <header className="card-header">
        <h3 className="card-title">{group.name}</h3>
        <span className="card-subtitle">{tn('review.previews.count', group.previews.length)}</span>
      </header>
      <div className="review-subject-body">
        {atMax.length ? (
          <div className="review-likeness-ends" title={t('review.previews.likenessEndsHint')} data-testid="review-likeness-ends">
            <section className="review-likeness-end" data-testid="review-likeness-end" data-end="DEFAULT">
              <h4 className="review-likeness-end-title">{t('review.previews.likenessDefault', { likeness: valueOf(atDefault, likeness?.default) })}</h4>
              {tiles(atDefault)}
            </section>
            <section className="review-likeness-end" data-testid="review-likeness-end" data-end="MAX">
              <h4 className="review-likeness-end-title">{t('review.previews.likenessMax', { likeness: valueOf(atMax, likeness?.max) })}</h4>
              {tiles(atMax)}
            </section>
          </div>
        ) : (
          tiles(group.previews)
        )}
        {!isReadOnly && (group.isJudgeable ? <ScoreInputs subjectId={group.id} subjectName={group.name} scores={scores} onChange={onScore} policy={policy} /> : <p className="muted review-subject-removed">{t('review.previews.subjectRemoved')}</p>)}
      </div>
    </article>
  );
}

export function ReviewPreviewTile({ preview, pins, activePin = null, onPlacePin }: { preview: ReviewPreview; pins: readonly NumberedPin[]; activePin?: number | null; onPlacePin?: (point: { x: number; y: number }) => void }) {
  const { t, formatNumber } = useI18n();
  const seed = formatNumber(preview.seed, { useGrouping: false });
  const src = preview.thumbnailUrl ?? preview.imageUrl;
  return (
    <li className="review-preview-tile" data-testid="review-preview" data-job-id={preview.id} data-state={preview.state}>
      {preview.removed ? (
        <div className="review-preview-status">{t('review.previews.removed')}</div>
      ) : preview.state === 'SUCCEEDED' && src ? (
        <PinnedImage src={src} alt={t('previews.imageAlt', { name: preview.subject.name, seed })} pins={pins} activePin={activePin} onPlacePin={onPlacePin} testId="review-preview-image" />
      ) : (
        <div className="review-preview-status">{t(`review.previews.state.${preview.state}`)}</div>
      )}
      <span className="review-preview-caption">
        <span>{t('previews.seed', { seed })}</span>
        {preview.cached && <span className="badge">{t('previews.cached')}</span>}
        {preview.imageUrl && !preview.removed && (
          <a href={preview.imageUrl} target="_blank" rel="noreferrer" className="review-preview-open">
            {t('review.previews.open')}
          </a>
        )}
      </span>
    </li>
  );
}
