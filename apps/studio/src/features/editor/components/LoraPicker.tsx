import { MAX_STYLE_LORAS, type StyleLora } from '@atelier/template-spec';
import type { EditorCommand } from '@atelier/editor-core';
import { useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { EditorLora } from '../graphql/loras.graphql';
import { LoraThumbnail } from '../../../lib/LoraThumbnail';
import { FieldErrors, RangeSetting } from './RangeSetting';
import '../editor.css';

// The registry only lets READY LoRAs into a spec (validateTemplateSpec's catalog rule).
const READY_STATUS = 'READY';

interface LoraPickerProps {
  styleLoras: readonly StyleLora[];
  /** LoRAs of the template's base model; null while loading. */
  catalog: readonly EditorLora[] | null;
  /** Every LoRA (any base model), to name and range the ones already in the spec. */
  registry: readonly EditorLora[] | null;
  isCatalogFailed: boolean;
  /** Issue messages at a spec path ("styleLoras", "styleLoras.1" and under it with isPrefix). */
  findIssues: (path: string, isPrefix?: boolean) => string[];
  onCommand: (command: EditorCommand) => void;
  onGestureStart: (label: string) => void;
  onGestureEnd: () => void;
}

/** Style LoRAs: search the base model's LoRAs by name, add at the default weight, weight within min..max, remove. */
export function LoraPicker({ styleLoras, catalog, registry, isCatalogFailed, findIssues, onCommand, onGestureStart, onGestureEnd }: LoraPickerProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const byId = new Map((registry ?? []).map((lora) => [lora.id, lora]));
  const chosenIds = new Set(styleLoras.map((entry) => entry.loraId));
  const isFull = styleLoras.length >= MAX_STYLE_LORAS;
  const needle = search.trim().toLowerCase();
  const options = (catalog ?? []).filter(
    (lora) => lora.status === READY_STATUS && !chosenIds.has(lora.id) && (needle === '' || lora.name.toLowerCase().includes(needle)),
  );

  return (
    <div className="lora-picker" data-testid="lora-picker">
      <h3 className="panel-subheading">{t('editor.prompt.loras')}</h3>
      <FieldErrors messages={findIssues('styleLoras')} path="styleLoras" />
      {styleLoras.length === 0 && <p className="panel-hint">{t('editor.prompt.noLoras')}</p>}
      <ul className="layer-list">
        {styleLoras.map((entry, index) => {
          const lora = byId.get(entry.loraId);
          const range = lora ? { min: lora.minWeight, max: lora.maxWeight } : undefined;
          return (
            <li key={entry.loraId} data-testid="lora-row" data-lora-id={entry.loraId} style={{ display: 'block' }}>
              <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
                <span className="lora-row-name">
                  <LoraThumbnail name={lora?.name ?? '?'} url={lora?.thumbnailUrl ?? null} />
                  <span className="layer-name">{lora?.name ?? t('editor.prompt.unknownLora')}</span>
                </span>
                <button
                  type="button"
                  className="button button-small"
                  data-testid="lora-remove"
                  aria-label={t('editor.prompt.removeLora', { name: lora?.name ?? entry.loraId })}
                  onClick={() => onCommand({ type: 'removeStyleLora', loraId: entry.loraId })}
                >
                  {t('editor.prompt.remove')}
                </button>
              </div>
              <RangeSetting
                label={t('editor.prompt.weight')}
                value={entry.weight}
                range={range ?? { min: Math.min(0, entry.weight), max: Math.max(2, entry.weight) }}
                step={0.05}
                testId="lora-weight"
                errors={findIssues(`styleLoras.${index}`, true)}
                onGestureStart={() => onGestureStart('Change LoRA weight')}
                onGestureEnd={onGestureEnd}
                onChange={(weight) => onCommand({ type: 'setStyleLoraWeight', loraId: entry.loraId, weight, range })}
              />
            </li>
          );
        })}
      </ul>
      <input
        type="search"
        className="input"
        placeholder={t('editor.prompt.searchLoras')}
        aria-label={t('editor.prompt.searchLoras')}
        value={search}
        data-testid="lora-search"
        onChange={(e) => setSearch(e.target.value)}
      />
      {isCatalogFailed && <p className="field-error">{t('editor.prompt.lorasFailed')}</p>}
      {catalog === null && !isCatalogFailed && <p className="panel-hint">{t('editor.prompt.lorasLoading')}</p>}
      {catalog !== null && options.length === 0 && <p className="panel-hint">{t('editor.prompt.noLoraMatches')}</p>}
      {isFull && <p className="panel-hint">{t('editor.prompt.loraLimit', { max: MAX_STYLE_LORAS })}</p>}
      <div className="lora-options">
        {options.map((lora) => (
          <button
            key={lora.id}
            type="button"
            className="lora-option"
            disabled={isFull}
            data-testid="lora-option"
            data-lora-id={lora.id}
            title={t('editor.prompt.addLora', { name: lora.name })}
            onClick={() => {
              onCommand({ type: 'addStyleLora', loraId: lora.id, weight: lora.defaultWeight, range: { min: lora.minWeight, max: lora.maxWeight } });
              setSearch('');
            }}
          >
            <LoraThumbnail name={lora.name} url={lora.thumbnailUrl ?? null} isLarge />
            <span className="lora-option-text">
              <span className="lora-option-name">{lora.name}</span>
              {lora.triggerWords.length > 0 && <span className="lora-option-words">{lora.triggerWords.join(', ')}</span>}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}

