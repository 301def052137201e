import { diffSpecs, type TemplateSpec } from '@atelier/template-spec';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { HistoryVersion } from '../graphql/versions.graphql';
import { CHANGE_SECTIONS, describeSpecChanges } from '../describe-spec-changes';
import { DiffCanvas } from './DiffCanvas';
import { PreviewCompare } from './PreviewCompare';
import { TextDiff } from './TextDiff';
import { useTemplateCategories } from '../../metadata/hooks/useTemplateCategories';
import { diffMetadata } from '../../metadata/metadata-changes';
import '../versions.css';

/** What changed from the older to the newer version: prompts word by word, settings as lines, the canvas with ghosts, previews side by side. */
export function VersionCompare({ older, newer, loraNames }: { older: HistoryVersion; newer: HistoryVersion; loraNames: ReadonlyMap<string, string> }) {
  const { t, formatNumber } = useI18n();
  const olderSpec = older.spec as TemplateSpec;
  const newerSpec = newer.spec as TemplateSpec;
  const changes = useMemo(() => diffSpecs(olderSpec, newerSpec), [olderSpec, newerSpec]);
  const lines = useMemo(() => describeSpecChanges(changes, { t, formatNumber, newer: newerSpec, loraNames }), [changes, t, formatNumber, newerSpec, loraNames]);
  const { labelOf } = useTemplateCategories();
  const metadataChanges = useMemo(() => diffMetadata(older.metadata, newer.metadata, labelOf), [older.metadata, newer.metadata, labelOf]);
  const sections = CHANGE_SECTIONS.map((section) => ({ section, lines: lines.filter((line) => line.section === section) })).filter((group) => group.lines.length > 0);

  return (
    <div className="history-compare-body" data-testid="history-diff" data-older={older.number} data-newer={newer.number} data-change-count={changes.length}>
      <section className="card history-card" aria-label={t('versions.prompt.positive')}>
        <header className="history-card-header">
          <h2 className="history-card-title">{t('versions.diffTitle', { older: older.number, newer: newer.number })}</h2>
          <span className="history-diff-legend">
            <ins className="diff-insert">{t('versions.prompt.legendAdded', { number: newer.number })}</ins>
            <del className="diff-delete">{t('versions.prompt.legendRemoved', { number: older.number })}</del>
          </span>
        </header>
        {changes.length === 0 && metadataChanges.length === 0 && <p className="muted history-empty-line" data-testid="history-no-changes">{t('versions.noChanges')}</p>}
        <TextDiff label={t('versions.prompt.positive')} before={olderSpec.prompt.positive} after={newerSpec.prompt.positive} testId="history-prompt-diff" />
        <TextDiff label={t('versions.prompt.negative')} before={olderSpec.prompt.negative} after={newerSpec.prompt.negative} testId="history-negative-diff" />
        {metadataChanges.length > 0 && (
          <div className="history-changes" data-testid="history-metadata-changes">
            <h3 className="history-subtitle">{t('metadata.history.section')}</h3>
            <ul className="history-change-lines">
              {metadataChanges.map((change) =>
                change.field === 'tags' ? (
                  <li key={change.field} className="history-change history-change-changed" data-testid="history-metadata-change" data-field={change.field}>
                    {[change.added?.length ? t('metadata.history.tagsAdded', { tags: change.added.join(', ') }) : null, change.removed?.length ? t('metadata.history.tagsRemoved', { tags: change.removed.join(', ') }) : null].filter(Boolean).join(' · ')}
                  </li>
                ) : (
                  <li key={change.field} className="history-change history-change-changed" data-testid="history-metadata-change" data-field={change.field}>
                    {t('metadata.history.changed', { field: t(`metadata.field.${change.field}`), before: change.before || t('metadata.summary.empty'), after: change.after || t('metadata.summary.empty') })}
                  </li>
                ),
              )}
            </ul>
          </div>
        )}
        {sections.length > 0 && (
          <div className="history-changes" data-testid="history-changes">
            <h3 className="history-subtitle">{t('versions.changesTitle')}</h3>
            {sections.map(({ section, lines: sectionLines }) => (
              <div key={section} className="history-change-group" data-section={section}>
                <h4 className="history-change-section">{t(`versions.section.${section}`)}</h4>
                <ul className="history-change-lines">
                  {sectionLines.map((line, index) => (
                    <li key={index} className={`history-change history-change-${line.tone}`} data-testid="history-change" data-tone={line.tone}>
                      {line.text}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </section>
      <section className="card history-card" aria-label={t('versions.canvasTitle')}>
        <header className="history-card-header">
          <h2 className="history-card-title">{t('versions.canvasTitle')}</h2>
        </header>
        <DiffCanvas key={`${older.id}:${newer.id}`} older={{ number: older.number, spec: olderSpec }} newer={{ number: newer.number, spec: newerSpec }} />
      </section>
      <PreviewCompare key={`${older.id}:${newer.id}`} older={older} newer={newer} />
    </div>
  );
}
