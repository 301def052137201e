import { useI18n } from '../../../i18n/useI18n';
import { averageScore, completeScores, parseScore, SCORE_AXES, type ReviewPolicy, type ScoreAxis, type SubjectScores } from '../review-rules';
import '../review.css';

interface ScoreInputsProps {
  subjectId: string;
  subjectName: string;
  scores: Partial<SubjectScores>;
  onChange: (axis: ScoreAxis, value: number | undefined) => void;
  policy: ReviewPolicy;
}

/** Real / like / beautiful for one subject: a slider over the policy's range (0-100) and a number field per axis, and the average. */
export function ScoreInputs({ subjectId, subjectName, scores, onChange, policy }: ScoreInputsProps) {
  const { t, formatNumber } = useI18n();
  const complete = completeScores(scores);
  return (
    <div className="score-inputs" data-testid="score-inputs" data-subject-id={subjectId}>
      {SCORE_AXES.map((axis) => {
        const value = scores[axis];
        const id = `score-${subjectId}-${axis}`;
        const isBelowBar = value !== undefined && value < policy.scoreBar;
        return (
          <div key={axis} className={`score-row${value === undefined ? ' score-row-unset' : ''}${isBelowBar ? ' score-row-below' : ''}`}>
            <label className="score-label" htmlFor={id} title={t(`review.score.${axis}Hint`)}>
              {t(`review.score.${axis}`)}
            </label>
            <input
              type="range"
              className="score-slider"
              min={policy.scoreMin}
              max={policy.scoreMax}
              step={1}
              value={value ?? policy.scoreBar}
              aria-label={t('review.score.sliderLabel', { axis: t(`review.score.${axis}`), name: subjectName })}
              onChange={(event) => onChange(axis, parseScore(event.target.value, policy) ?? undefined)}
              data-testid={`score-slider-${axis}`}
            />
            <input
              id={id}
              type="number"
              className="input input-compact score-number"
              min={policy.scoreMin}
              max={policy.scoreMax}
              step={1}
              inputMode="numeric"
              placeholder="—"
              value={value ?? ''}
              onChange={(event) => onChange(axis, parseScore(event.target.value, policy) ?? undefined)}
              data-testid={`score-${axis}`}
            />
          </div>
        );
      })}
      <div className="score-average" data-testid="score-average">
        <span>{t('review.score.average')}</span>
        <strong className={complete && averageScore(complete) < policy.scoreBar ? 'score-average-below' : undefined}>
          {complete ? formatNumber(averageScore(complete), { maximumFractionDigits: 1 }) : '—'}
        </strong>
      </div>
    </div>
  );
}
