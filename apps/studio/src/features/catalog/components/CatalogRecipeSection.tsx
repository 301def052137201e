import { useI18n } from '../../../i18n/useI18n';
import type { MessageKey } from '../../../i18n/types';
import { readRecipe, type RecipePlaceholderView } from '../render-recipe-view';
import { CopyButton } from './CopyButton';

const PLACEHOLDER_KEYS: Record<string, MessageKey> = {
  identityLora: 'catalog.recipe.placeholder.identityLora',
  identityTrigger: 'catalog.recipe.placeholder.identityTrigger',
  facePhoto: 'catalog.recipe.placeholder.facePhoto',
  likeness: 'catalog.recipe.placeholder.likeness',
  seed: 'catalog.recipe.placeholder.seed',
  subject: 'catalog.recipe.placeholder.slot',
  gender: 'catalog.recipe.placeholder.slot',
  age: 'catalog.recipe.placeholder.age',
};
const FILE_ROLE_KEYS: Record<string, MessageKey> = {
  styleLora: 'catalog.recipe.fileRole.styleLora',
  poseMap: 'catalog.recipe.fileRole.poseMap',
  lightMap: 'catalog.recipe.fileRole.lightMap',
};
const MODEL_ROLE_KEYS: Record<string, MessageKey> = {
  checkpoint: 'catalog.recipe.modelRole.checkpoint',
  openposeControlNet: 'catalog.recipe.modelRole.openposeControlNet',
  instantIdModel: 'catalog.recipe.modelRole.instantIdModel',
  instantIdControlNet: 'catalog.recipe.modelRole.instantIdControlNet',
};

/**
 * The version's render recipe as an app receives it (CatalogVersion.recipe): what each placeholder
 * takes, the files with their links and hashes, the models the ComfyUI box needs, and the JSON.
 */
export function CatalogRecipeSection({ recipe }: { recipe: unknown }) {
  const { t, formatNumber, formatDate } = useI18n();
  const view = readRecipe(recipe);
  if (!view) return null;
  const json = JSON.stringify(recipe, null, 2);
  const describe = (p: RecipePlaceholderView) => {
    const key = PLACEHOLDER_KEYS[p.name];
    if (!key) return '';
    return t(key, { min: formatNumber(p.min ?? 0), max: formatNumber(p.max ?? 0), default: formatNumber(p.default ?? 0), values: (p.values ?? []).join(', ') });
  };
  return (
    <section className="catalog-section">
      <details className="catalog-graph" data-testid="catalog-recipe">
        <summary>
          <span className="catalog-section-title">{t('catalog.recipe.title')}</span>
          <span className="muted">{t('catalog.recipe.summary', { placeholders: view.placeholders.length, files: view.files.length, models: view.models.length })}</span>
        </summary>
        <p className="field-hint">
          {t('catalog.recipe.hint', { until: view.linksValidUntil ? formatDate(view.linksValidUntil) : '—' })}{' '}
          <a href="/schemas/render-recipe.v1.json" target="_blank" rel="noreferrer">
            render-recipe.v1.json
          </a>
        </p>

        <h4 className="catalog-recipe-heading">{t('catalog.recipe.placeholders')}</h4>
        <ul className="catalog-recipe-list" data-testid="catalog-recipe-placeholders">
          {view.placeholders.map((p) => (
            <li key={p.token}>
              <code>{p.token}</code> {describe(p)}
            </li>
          ))}
        </ul>

        <h4 className="catalog-recipe-heading">{t('catalog.recipe.files')}</h4>
        {view.files.length ? (
          <ul className="catalog-recipe-list" data-testid="catalog-recipe-files">
            {view.files.map((f) => (
              <li key={`${f.folder}/${f.fileName}`}>
                {t(FILE_ROLE_KEYS[f.role] ?? 'catalog.recipe.fileRole.other')}
                {t('catalog.recipe.colon')}
                <code>{`${f.folder}/${f.fileName}`}</code>{' '}
                <span className="muted">
                  {t('catalog.recipe.fileFacts', { size: formatNumber(f.byteSize), sha: f.sha256.slice(0, 12) })}
                </span>{' '}
                <a href={f.url} target="_blank" rel="noreferrer">
                  {t('catalog.recipe.download')}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted" data-testid="catalog-recipe-no-files">{t('catalog.recipe.noFiles')}</p>
        )}

        <h4 className="catalog-recipe-heading">{t('catalog.recipe.models')}</h4>
        <ul className="catalog-recipe-list" data-testid="catalog-recipe-models">
          {view.models.map((m) => (
            <li key={`${m.folder}/${m.fileName}`}>
              {t(MODEL_ROLE_KEYS[m.role] ?? 'catalog.recipe.modelRole.other')}
              {t('catalog.recipe.colon')}
              <code>{`${m.folder}/${m.fileName}`}</code>{' '}
              <span className="muted">{m.sha256 ? `SHA-256 ${m.sha256.slice(0, 12)}…` : t('catalog.recipe.noHash')}</span>
            </li>
          ))}
        </ul>

        <div className="catalog-code">
          <div className="catalog-code-actions">
            <CopyButton text={json} label={t('catalog.recipe.title')} testId="copy-recipe" />
          </div>
          <pre data-testid="catalog-recipe-json">{json}</pre>
        </div>
      </details>
    </section>
  );
}
