import {
  LIGHT_COLOR_TEMPERATURE_RANGE,
  LIGHT_INTENSITY_RANGE,
  LIGHT_RADIUS_RANGE,
  parseElementId,
  POSE_PRESETS,
  type EditorCommand,
  type EditorLayer,
  type EditorState,
  type StackedLayer,
} from '@atelier/editor-core';
import { kelvinToRgb, rgbToCss } from '@atelier/scene-maps';
import { LIGHT_KINDS, MAX_LIGHTS, type LightKind } from '@atelier/template-spec';
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { MessageKey } from '../../../i18n/types';
import type { ReferenceImageLoad } from '../hooks/useReferenceImage';
import { CanvasSizeSection } from './CanvasSizeSection';
import { PoseToolsSection } from './PoseToolsSection';
import { ReferencePanel } from './ReferencePanel';
import '../editor.css';

const LAYER_LABELS: Record<EditorLayer, MessageKey> = {
  reference: 'editor.layer.reference',
  subjectFrame: 'editor.layer.subjectFrame',
  pose: 'editor.layer.pose',
  lights: 'editor.layer.lights',
  guides: 'editor.layer.guides',
};

/** The layers as a designer reads a layers panel: the top one first (guides, the stacked layers, the reference photo). */
export function listLayersTopFirst(state: EditorState): EditorLayer[] {
  return ['guides', ...[...state.layerOrder].reverse(), 'reference'];
}

const NO_REFERENCE_IMAGE: ReferenceImageLoad = { status: 'none' };

interface EditorSidePanelProps {
  state: EditorState;
  /** One command = one undo step (a slider's input events each make one; typing a number makes one). */
  onCommand: (command: EditorCommand) => void;
  /** A slider drag is one undo step: opened on pointer down, closed on pointer up. */
  onGestureStart: (label: string) => void;
  onGestureEnd: () => void;
  /** How the reference photo's image is loading (for the reference section). */
  referenceImageLoad?: ReferenceImageLoad;
  /** More sections below the built-in ones (the prompt & settings panel). */
  children?: ReactNode;
}

/** Layers, the selected light's settings, pose presets and the add-light buttons. */
export function EditorSidePanel({ state, onCommand, onGestureStart, onGestureEnd, referenceImageLoad = NO_REFERENCE_IMAGE, children }: EditorSidePanelProps) {
  const { t } = useI18n();
  const { spec, lightIds } = state.document;
  const selectedLightId = state.selection.map((id) => parseElementId(id)).find((parsed) => parsed?.kind === 'light');
  const lightIndex = selectedLightId?.kind === 'light' ? lightIds.indexOf(selectedLightId.lightId) : -1;
  const light = lightIndex >= 0 ? spec.lighting.lights[lightIndex] : undefined;
  const lightId = lightIndex >= 0 ? lightIds[lightIndex]! : null;
  const isAtLightLimit = spec.lighting.lights.length >= MAX_LIGHTS;
  const areLightsLocked = state.layers.lights.isLocked;
  const isPoseLocked = state.layers.pose.isLocked;

  return (
    <aside className="editor-panel" data-testid="editor-panel">
      <section className="panel-section">
        <h2 className="panel-heading">{t('editor.panel.layers')}</h2>
        <ul className="layer-list" data-testid="layer-list">
          {listLayersTopFirst(state).map((layer) => {
            const { isVisible, isLocked } = state.layers[layer];
            const name = t(LAYER_LABELS[layer]);
            const stackIndex = state.layerOrder.indexOf(layer as StackedLayer);
            return (
              <li key={layer} className={`layer-row${isVisible ? '' : ' layer-row-hidden'}`} data-testid={`layer-${layer}`}>
                <span className="layer-name">{name}</span>
                {stackIndex >= 0 && (
                  <>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={stackIndex === state.layerOrder.length - 1}
                      title={t('editor.layer.forward', { layer: name })}
                      aria-label={t('editor.layer.forward', { layer: name })}
                      data-testid={`layer-up-${layer}`}
                      onClick={() => onCommand({ type: 'moveLayer', layer, direction: 'up' })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={stackIndex === 0}
                      title={t('editor.layer.backward', { layer: name })}
                      aria-label={t('editor.layer.backward', { layer: name })}
                      data-testid={`layer-down-${layer}`}
                      onClick={() => onCommand({ type: 'moveLayer', layer, direction: 'down' })}
                    >
                      ↓
                    </button>
                  </>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-pressed={!isVisible}
                  title={t(isVisible ? 'editor.layer.hide' : 'editor.layer.show', { layer: name })}
                  aria-label={t(isVisible ? 'editor.layer.hide' : 'editor.layer.show', { layer: name })}
                  data-testid={`layer-visibility-${layer}`}
                  onClick={() => onCommand({ type: 'setLayerVisibility', layer, isVisible: !isVisible })}
                >
                  {isVisible ? <EyeIcon /> : <EyeOffIcon />}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-pressed={isLocked}
                  title={t(isLocked ? 'editor.layer.unlock' : 'editor.layer.lock', { layer: name })}
                  aria-label={t(isLocked ? 'editor.layer.unlock' : 'editor.layer.lock', { layer: name })}
                  data-testid={`layer-lock-${layer}`}
                  onClick={() => onCommand({ type: 'setLayerLock', layer, isLocked: !isLocked })}
                >
                  <LockIcon isLocked={isLocked} />
                </button>
              </li>
            );
          })}
        </ul>
      </section>

      <ReferencePanel state={state} imageLoad={referenceImageLoad} onCommand={onCommand} onGestureStart={onGestureStart} onGestureEnd={onGestureEnd} />

      <CanvasSizeSection state={state} onCommand={onCommand} />

      <section className="panel-section">
        <h2 className="panel-heading">{t('editor.panel.light')}</h2>
        {light && lightId ? (
          <div className="light-settings" data-testid="light-settings">
            <div className="light-settings-kind">
              <span className="light-swatch" style={{ background: rgbToCss(kelvinToRgb(light.colorTemperatureK)) }} aria-hidden="true" />
              {t(`editor.light.kind.${light.kind}` as MessageKey)}
            </div>
            <NumberSetting
              label={t('editor.light.intensity')}
              value={light.intensity}
              range={LIGHT_INTENSITY_RANGE}
              step={0.01}
              disabled={areLightsLocked}
              onGestureStart={() => onGestureStart('Adjust light')}
              onGestureEnd={onGestureEnd}
              testId="light-intensity"
              onChange={(intensity) => onCommand({ type: 'setLightIntensity', lightId, intensity })}
            />
            <NumberSetting
              label={t('editor.light.temperature')}
              value={light.colorTemperatureK}
              range={LIGHT_COLOR_TEMPERATURE_RANGE}
              step={100}
              disabled={areLightsLocked}
              onGestureStart={() => onGestureStart('Adjust light')}
              onGestureEnd={onGestureEnd}
              testId="light-temperature"
              onChange={(kelvin) => onCommand({ type: 'setLightColorTemperature', lightId, kelvin: Math.round(kelvin) })}
            />
            <NumberSetting
              label={t('editor.light.radius')}
              value={light.radius}
              range={LIGHT_RADIUS_RANGE}
              step={0.01}
              disabled={areLightsLocked}
              onGestureStart={() => onGestureStart('Adjust light')}
              onGestureEnd={onGestureEnd}
              testId="light-radius"
              onChange={(radius) => onCommand({ type: 'setLightRadius', lightId, radius })}
            />
          </div>
        ) : (
          <p className="panel-hint">{t('editor.light.none')}</p>
        )}
        <h3 className="panel-subheading">{t('editor.panel.lights')}</h3>
        <div className="chip-grid">
          {LIGHT_KINDS.map((kind: LightKind) => (
            <button
              key={kind}
              type="button"
              className="chip-button"
              disabled={isAtLightLimit || areLightsLocked}
              data-testid={`add-light-${kind}`}
              onClick={() => onCommand({ type: 'addLight', kind })}
            >
              + {t(`editor.light.kind.${kind}` as MessageKey)}
            </button>
          ))}
        </div>
        {isAtLightLimit && <p className="panel-hint">{t('editor.light.limit', { max: MAX_LIGHTS })}</p>}
      </section>

      <section className="panel-section">
        <h2 className="panel-heading">{t('editor.panel.pose')}</h2>
        <div className="chip-grid chip-grid-single">
          {POSE_PRESETS.map((preset) => (
            <button
              key={preset.id}
              type="button"
              className="chip-button"
              disabled={isPoseLocked}
              data-testid={`pose-preset-${preset.id}`}
              onClick={() => onCommand({ type: 'applyPosePreset', presetId: preset.id })}
            >
              {t(`editor.pose.preset.${preset.id}` as MessageKey)}
            </button>
          ))}
        </div>
        <button type="button" className="button button-small button-block" disabled={isPoseLocked} data-testid="mirror-pose" onClick={() => onCommand({ type: 'mirrorPose' })}>
          {t('editor.pose.mirror')}
        </button>
        <PoseToolsSection state={state} onCommand={onCommand} />
      </section>
      {children}
    </aside>
  );
}

interface NumberSettingProps {
  label: string;
  value: number;
  range: { min: number; max: number };
  step: number;
  disabled: boolean;
  testId: string;
  onChange: (value: number) => void;
  onGestureStart: () => void;
  onGestureEnd: () => void;
}

function NumberSetting({ label, value, range, step, disabled, testId, onChange, onGestureStart, onGestureEnd }: NumberSettingProps) {
  const commit = (raw: string) => {
    const parsed = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(parsed)) onChange(Math.min(range.max, Math.max(range.min, parsed)));
  };
  return (
    <label className="number-setting">
      <span className="number-setting-label">{label}</span>
      <span className="number-setting-controls">
        <input
          type="range"
          min={range.min}
          max={range.max}
          step={step}
          value={value}
          disabled={disabled}
          onPointerDown={onGestureStart}
          onPointerUp={onGestureEnd}
          onBlur={onGestureEnd}
          onChange={(e) => commit(e.target.value)}
          aria-label={label}
        />
        <input
          type="number"
          className="input input-compact"
          min={range.min}
          max={range.max}
          step={step}
          value={Number(value.toFixed(step < 1 ? 2 : 0))}
          disabled={disabled}
          data-testid={testId}
          onChange={(e) => commit(e.target.value)}
        />
      </span>
    </label>
  );
}

function EyeIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8Z" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <circle cx="8" cy="8" r="2" fill="currentColor" />
    </svg>
  );
}

function EyeOffIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8Z" fill="none" stroke="currentColor" strokeWidth="1.3" opacity="0.5" />
      <path d="M2.5 13.5 13.5 2.5" stroke="currentColor" strokeWidth="1.3" />
    </svg>
  );
}

function LockIcon({ isLocked }: { isLocked: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="3.5" y="7" width="9" height="6.5" rx="1.2" fill={isLocked ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.3" />
      <path d={isLocked ? 'M5.5 7V5a2.5 2.5 0 0 1 5 0v2' : 'M5.5 7V5a2.5 2.5 0 0 1 4.9-.7'} fill="none" stroke="currentColor" strokeWidth="1.3" />
    </svg>
  );
}
