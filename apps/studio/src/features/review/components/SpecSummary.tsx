import { identityModeOf, type TemplateSpec } from '@atelier/template-spec';
import { useI18n } from '../../../i18n/useI18n';
import { EditorLorasDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import '../review.css';

const NO_VARIABLES = {};

/** What the canvas cannot show: prompt, LoRAs, likeness, face pass and sampler settings of a spec, read-only. */
export function SpecSummary({ spec }: { spec: TemplateSpec }) {
  const { t, formatNumber } = useI18n();
  const loras = useGqlQuery(EditorLorasDocument, NO_VARIABLES);
  const loraName = (id: string) => loras.data?.loras.find((lora) => lora.id === id)?.name ?? t('review.spec.unknownLora');
  const { sampler, prompt, subject, styleLoras } = spec;
  return (
    <section className="card review-spec" data-testid="review-spec-summary" aria-labelledby="review-spec-title">
      <header className="card-header">
        <h2 className="card-title" id="review-spec-title">
          {t('review.spec.title')}
        </h2>
        <span className="model-chip">{spec.baseModel === 'sdxl' ? 'SDXL' : 'SD 1.5'}</span>
      </header>
      <div className="card-body review-spec-body">
        <dl className="review-spec-list">
          <dt>{t('review.spec.prompt')}</dt>
          <dd className="review-spec-prompt" data-testid="review-spec-prompt">
            {prompt.positive}
          </dd>
          <dt>{t('review.spec.negative')}</dt>
          <dd className="review-spec-prompt">{prompt.negative || <span className="muted">{t('review.spec.none')}</span>}</dd>
          <dt>{t('review.spec.loras')}</dt>
          <dd>
            {styleLoras.length === 0 ? (
              <span className="muted">{t('review.spec.none')}</span>
            ) : (
              <ul className="review-spec-loras">
                {styleLoras.map((lora) => (
                  <li key={lora.loraId}>
                    <span>{loraName(lora.loraId)}</span>
                    <span className="muted">{formatNumber(lora.weight, { maximumFractionDigits: 2 })}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('review.spec.likeness')}</dt>
          <dd>{t('review.spec.likenessValue', { value: formatNumber(subject.likeness.default, { maximumFractionDigits: 2 }), max: formatNumber(subject.likeness.max, { maximumFractionDigits: 2 }) })}</dd>
          <dt>{t('versions.field.identityMode')}</dt>
          <dd data-testid="review-spec-identity">{t(`versions.identityMode.${identityModeOf(spec)}`)}</dd>
          <dt>{t('review.spec.facePass')}</dt>
          <dd data-testid="review-spec-face-pass">
            {subject.facePass?.enabled ? t('review.spec.facePassOn', { denoise: formatNumber(subject.facePass.denoise, { maximumFractionDigits: 2 }) }) : t('review.spec.facePassOff')}
          </dd>
          <dt>{t('review.spec.sampler')}</dt>
          <dd>
            {t('review.spec.samplerValue', {
              sampler: sampler.sampler,
              scheduler: sampler.scheduler,
              steps: String(sampler.steps),
              cfg: formatNumber(sampler.cfg, { maximumFractionDigits: 1 }),
              denoise: formatNumber(sampler.denoise, { maximumFractionDigits: 2 }),
            })}
          </dd>
          <dt>{t('review.spec.canvas')}</dt>
          <dd>{t('editor.canvasSize', { width: spec.canvas.width, height: spec.canvas.height })}</dd>
        </dl>
      </div>
    </section>
  );
}
