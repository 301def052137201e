import { useId, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { GRAPHQL_ENDPOINT } from '../../../lib/graphql-client';
import { buildAppQueryExample, countGraphNodes, readPositivePrompt } from '../catalog-version-details';
import { useCatalogVersion } from '../hooks/useCatalogVersion';
import { CatalogRecipeSection } from './CatalogRecipeSection';
import { CatalogVersionBadge } from './CatalogVersionBadge';
import { CopyButton } from './CopyButton';
import { useModalDialog } from '../../../lib/useModalDialog';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../catalog.css';

interface CatalogVersionDrawerProps {
  versionId: string;
  onClose: () => void;
}

/** A side panel with exactly what an app receives for one pinned version, and the query it sends for it. */
export function CatalogVersionDrawer({ versionId, onClose }: CatalogVersionDrawerProps) {
  const { t, tn, formatDate } = useI18n();
  const dialogRef = useModalDialog();
  const headingId = useId();
  const { version, isMissing, isLoading, error, triggerWords, reload } = useCatalogVersion(versionId);
  const [exampleKind, setExampleKind] = useState<'graphql' | 'curl'>('graphql');

  const apiKeyPlaceholder = t('catalog.drawer.apiKeyPlaceholder');
  const example = buildAppQueryExample(versionId, new URL(GRAPHQL_ENDPOINT, window.location.href).href, apiKeyPlaceholder);
  const graphJson = version ? JSON.stringify(version.comfyGraph, null, 2) : '';
  const positivePrompt = version ? readPositivePrompt(version.comfyGraph) : null;

  return (
    <dialog
      ref={dialogRef}
      className="catalog-drawer"
      aria-labelledby={headingId}
      data-testid="catalog-drawer"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside the panel) closes it.
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <div className="catalog-drawer-panel">
        <header className="catalog-drawer-header">
          <div className="catalog-drawer-heading">
            <p className="catalog-drawer-eyebrow">{t('catalog.drawer.eyebrow')}</p>
            <h2 id={headingId} className="dialog-title" data-testid="catalog-drawer-title">
              {version?.title ?? t('common.loading')}
            </h2>
            {version && (
              <div className="catalog-drawer-status">
                <CatalogVersionBadge number={version.number} current={version.current} />
                {version.publishedAt && <span className="muted">{t('catalog.drawer.publishedOn', { date: formatDate(version.publishedAt) })}</span>}
              </div>
            )}
          </div>
          <button type="button" className="icon-button catalog-drawer-close" onClick={onClose} aria-label={t('catalog.drawer.close')} data-testid="catalog-drawer-close">
            <svg viewBox="0 0 16 16" aria-hidden="true" width="14" height="14">
              <path d="M3.5 3.5l9 9M12.5 3.5l-9 9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
          </button>
        </header>

        <div className="catalog-drawer-body">
          {Boolean(error) && (
            <RetryBanner error={error} onRetry={reload} />
          )}
          {isMissing && (
            <div className="banner banner-warning" role="status">
              {t('catalog.drawer.missing')}
            </div>
          )}
          {isLoading && !version && (
            <div className="loading-state loading-state-compact" aria-busy="true">
              {t('common.loading')}
            </div>
          )}

          {version && (
            <>
              <section className="catalog-section">
                <h3 className="catalog-section-title">{t('catalog.pinnedVersion')}</h3>
                <div className="catalog-id-block">
                  <code className="catalog-id catalog-id-full" data-testid="catalog-drawer-version-id">
                    {version.id}
                  </code>
                  <CopyButton text={version.id} label={t('catalog.pinnedVersion')} testId="copy-drawer-version-id" />
                </div>
                <dl className="catalog-facts">
                  <div>
                    <dt>{t('catalog.drawer.versionNumber')}</dt>
                    <dd>{t('catalog.versionNumber', { number: String(version.number) })}</dd>
                  </div>
                  <div>
                    <dt>{t('catalog.drawer.specHash')}</dt>
                    <dd>
                      <code title={version.specHash}>{version.specHash.slice(0, 16)}…</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('catalog.drawer.status')}</dt>
                    <dd>{t(version.current ? 'catalog.drawer.statusCurrent' : 'catalog.drawer.statusSuperseded')}</dd>
                  </div>
                </dl>
              </section>

              <section className="catalog-section">
                <h3 className="catalog-section-title">{t('catalog.drawer.triggerWords')}</h3>
                {triggerWords === null ? (
                  <p className="muted">{t('common.loading')}</p>
                ) : triggerWords.length === 0 ? (
                  <p className="muted" data-testid="catalog-trigger-words-none">
                    {t('catalog.drawer.noTriggerWords')}
                  </p>
                ) : (
                  <ul className="tag-list catalog-trigger-words" data-testid="catalog-trigger-words">
                    {triggerWords.map((word) => (
                      <li key={word} className="tag catalog-trigger-word" data-testid="catalog-trigger-word">
                        {word}
                      </li>
                    ))}
                  </ul>
                )}
                {positivePrompt !== null && (
                  <div className="catalog-prompt">
                    <div className="catalog-prompt-label">{t('catalog.drawer.promptInGraph')}</div>
                    <p className="catalog-prompt-text" data-testid="catalog-prompt">
                      {positivePrompt}
                    </p>
                  </div>
                )}
              </section>

              <section className="catalog-section">
                <h3 className="catalog-section-title">
                  {t('catalog.drawer.previews')} <span className="catalog-count">{version.previews.length}</span>
                </h3>
                {version.previews.length === 0 ? (
                  <p className="muted" data-testid="catalog-previews-none">
                    {t('catalog.drawer.noPreviews')}
                  </p>
                ) : (
                  <ul className="catalog-previews" data-testid="catalog-previews">
                    {version.previews.map((preview, index) => (
                      <li key={preview.id} className="catalog-preview">
                        <a href={preview.url} target="_blank" rel="noreferrer" aria-label={t('catalog.drawer.openPreview', { index: index + 1, width: preview.width, height: preview.height })}>
                          <img src={preview.url} alt="" loading="lazy" width={preview.width} height={preview.height} />
                        </a>
                        <span className="catalog-preview-size">
                          {t('catalog.drawer.previewSize', { width: preview.width, height: preview.height })}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>

              <section className="catalog-section">
                <details className="catalog-graph" data-testid="catalog-graph">
                  <summary>
                    <span className="catalog-section-title">{t('catalog.drawer.comfyGraph')}</span>
                    <span className="muted">{tn('catalog.drawer.graphNodes', countGraphNodes(version.comfyGraph))}</span>
                  </summary>
                  <p className="field-hint">{t('catalog.drawer.graphHint')}</p>
                  <div className="catalog-code">
                    <div className="catalog-code-actions">
                      <CopyButton text={graphJson} label={t('catalog.drawer.comfyGraph')} testId="copy-graph" />
                    </div>
                    <pre data-testid="catalog-graph-json">{graphJson}</pre>
                  </div>
                </details>
              </section>

              <CatalogRecipeSection recipe={version.recipe} />
            </>
          )}

          <section className="catalog-section">
            <div className="catalog-example-header">
              <h3 className="catalog-section-title">{t('catalog.drawer.example')}</h3>
              <div className="segmented-buttons" role="group" aria-label={t('catalog.drawer.exampleFormat')}>
                {(['graphql', 'curl'] as const).map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    aria-pressed={exampleKind === kind}
                    className="segmented-button"
                    onClick={() => setExampleKind(kind)}
                    data-testid={`catalog-example-${kind}`}
                  >
                    {t(kind === 'graphql' ? 'catalog.drawer.exampleGraphql' : 'catalog.drawer.exampleCurl')}
                  </button>
                ))}
              </div>
            </div>
            <p className="field-hint">{t('catalog.drawer.exampleHint')}</p>
            {exampleKind === 'graphql' ? (
              <>
                <div className="catalog-code">
                  <div className="catalog-code-actions">
                    <CopyButton text={example.query} label={t('catalog.drawer.example')} testId="copy-example-query" />
                  </div>
                  <pre data-testid="catalog-example-query">{example.query}</pre>
                </div>
                <div className="catalog-code-pair">
                  <div className="catalog-code">
                    <div className="catalog-code-label">{t('catalog.drawer.variables')}</div>
                    <pre data-testid="catalog-example-variables">{JSON.stringify(example.variables, null, 2)}</pre>
                  </div>
                  <div className="catalog-code">
                    <div className="catalog-code-label">{t('catalog.drawer.headers')}</div>
                    <pre data-testid="catalog-example-headers">{JSON.stringify(example.headers, null, 2)}</pre>
                  </div>
                </div>
              </>
            ) : (
              <div className="catalog-code">
                <div className="catalog-code-actions">
                  <CopyButton text={example.curl} label={t('catalog.drawer.exampleCurl')} testId="copy-example-curl" />
                </div>
                <pre data-testid="catalog-example-curl">{example.curl}</pre>
              </div>
            )}
          </section>
        </div>
      </div>
    </dialog>
  );
}
