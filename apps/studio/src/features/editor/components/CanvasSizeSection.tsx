import { CANVAS_ASPECT_PRESETS, checkCanvasSize, findCanvasAspectPreset, type EditorCommand, type EditorState } from '@atelier/editor-core';
import { CANVAS_MAX_SIDE, CANVAS_MIN_SIDE } from '@atelier/template-spec';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import '../editor.css';

interface CanvasSizeSectionProps {
  state: EditorState;
  onCommand: (command: EditorCommand) => void;
}

/** The output frame: aspect presets (3:4, 2:3, 1:1, 9:16) or a custom size, checked by the spec's own rules. */
export function CanvasSizeSection({ state, onCommand }: CanvasSizeSectionProps) {
  const { t, formatNumber } = useI18n();
  const { canvas } = state.document.spec;
  const activePreset = findCanvasAspectPreset(canvas);
  const [width, setWidth] = useState(String(canvas.width));
  const [height, setHeight] = useState(String(canvas.height));
  const [error, setError] = useState<string | null>(null);
  const ids = { width: useId(), height: useId() };

  // Undo, a preset or the other tab's save change the size: the inputs follow.
  useEffect(() => {
    setWidth(String(canvas.width));
    setHeight(String(canvas.height));
    setError(null);
  }, [canvas.width, canvas.height]);

  const applyCustomSize = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const size = { width: Number(width), height: Number(height) };
    if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || checkCanvasSize(size).length > 0) {
      setError(t('editor.canvas.sizeInvalid', { min: CANVAS_MIN_SIDE, max: CANVAS_MAX_SIDE }));
      return;
    }
    setError(null);
    onCommand({ type: 'setCanvasSize', width: size.width, height: size.height });
  };

  return (
    <section className="panel-section" data-testid="canvas-size-section">
      <h2 className="panel-heading">{t('editor.canvas.heading')}</h2>
      <div className="chip-grid" role="group" aria-label={t('editor.canvas.aspect')}>
        {CANVAS_ASPECT_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="chip-button"
            aria-pressed={activePreset === preset.id}
            data-testid={`canvas-aspect-${preset.id}`}
            onClick={() => onCommand({ type: 'setCanvasAspect', presetId: preset.id })}
          >
            {preset.id}
          </button>
        ))}
      </div>
      <form className="canvas-size-form" onSubmit={applyCustomSize} noValidate>
        <label className="canvas-size-field" htmlFor={ids.width}>
          <span>{t('editor.canvas.width')}</span>
          <input id={ids.width} className="input input-small" inputMode="numeric" value={width} onChange={(e) => setWidth(e.target.value)} data-testid="canvas-width" aria-invalid={error ? true : undefined} />
        </label>
        <span aria-hidden="true">×</span>
        <label className="canvas-size-field" htmlFor={ids.height}>
          <span>{t('editor.canvas.height')}</span>
          <input id={ids.height} className="input input-small" inputMode="numeric" value={height} onChange={(e) => setHeight(e.target.value)} data-testid="canvas-height" aria-invalid={error ? true : undefined} />
        </label>
        <button type="submit" className="button button-small" data-testid="canvas-size-apply">
          {t('editor.canvas.apply')}
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert" data-testid="canvas-size-error">
          {error}
        </p>
      ) : (
        <p className="panel-hint">{activePreset ? t('editor.canvas.presetHint', { preset: activePreset, megapixels: formatNumber((canvas.width * canvas.height) / 1e6, { maximumFractionDigits: 2 }) }) : t('editor.canvas.custom')}</p>
      )}
    </section>
  );
}
