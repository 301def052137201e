import { REFERENCE_SCALE_RANGE, type EditorCommand, type EditorState } from '@atelier/editor-core';
import { useRef, useState, type ChangeEvent } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { AssetUploadError, uploadAsset } from '../../../lib/asset-upload';
import type { ReferenceImageLoad } from '../hooks/useReferenceImage';
import { RangeSetting } from './RangeSetting';
import '../editor.css';

const OPACITY_RANGE = { min: 0, max: 1 };
const ACCEPTED_TYPES = 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp';

type UploadState = { kind: 'idle' } | { kind: 'uploading'; fraction: number; step: 'uploading' | 'checking' } | { kind: 'failed'; message: string };

interface ReferencePanelProps {
  state: EditorState;
  /** How the canvas is doing with the current reference's image (loading, failed...). */
  imageLoad: ReferenceImageLoad;
  onCommand: (command: EditorCommand) => void;
  onGestureStart: (label: string) => void;
  onGestureEnd: () => void;
}

/**
 * The reference photo: upload (signed form POST with a progress bar), then scale, opacity, replace and remove.
 * Moving it happens on the canvas; the layer's lock disables all of it.
 */
export function ReferencePanel({ state, imageLoad, onCommand, onGestureStart, onGestureEnd }: ReferencePanelProps) {
  const { t, formatNumber } = useI18n();
  const inputRef = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<UploadState>({ kind: 'idle' });
  const reference = state.document.spec.reference;
  const isLocked = state.layers.reference.isLocked;
  const isUploading = upload.kind === 'uploading';

  const onFileChosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUpload({ kind: 'uploading', fraction: 0, step: 'uploading' });
    try {
      const asset = await uploadAsset(file, 'REFERENCE_IMAGE', {
        onStep: (step) => setUpload((previous) => ({ kind: 'uploading', fraction: previous.kind === 'uploading' ? previous.fraction : 0, step })),
        onProgress: (fraction) => setUpload((previous) => ({ kind: 'uploading', fraction, step: previous.kind === 'uploading' ? previous.step : 'uploading' })),
      });
      onCommand({ type: 'placeReference', assetId: asset.id });
      setUpload({ kind: 'idle' });
    } catch (error) {
      const message =
        error instanceof AssetUploadError
          ? error.reason === 'rejected'
            ? t('editor.reference.rejected', { reason: error.message })
            : t('editor.reference.uploadFailed')
          : describeError(error, t);
      setUpload({ kind: 'failed', message });
    }
  };

  const percent = upload.kind === 'uploading' ? Math.round(upload.fraction * 100) : 0;
  return (
    <section className="panel-section" data-testid="reference-panel">
      <h2 className="panel-heading">{t('editor.reference.heading')}</h2>
      <input ref={inputRef} type="file" accept={ACCEPTED_TYPES} hidden data-testid="reference-file" onChange={(event) => void onFileChosen(event)} />
      {upload.kind === 'uploading' && (
        <div className="reference-upload" data-testid="reference-upload" data-step={upload.step}>
          <div className="reference-upload-label">
            <span>{upload.step === 'checking' ? t('editor.reference.checking') : t('editor.reference.uploading')}</span>
            <span className="reference-upload-percent" data-testid="reference-progress-percent">
              {formatNumber(percent / 100, { style: 'percent' })}
            </span>
          </div>
          <progress className="reference-progress" max={100} value={percent} data-testid="reference-progress" aria-label={t('editor.reference.uploading')} />
        </div>
      )}
      {upload.kind === 'failed' && (
        <p className="field-error" role="alert" data-testid="reference-error">
          {upload.message}
        </p>
      )}
      {reference ? (
        <fieldset className="reference-settings" disabled={isLocked || isUploading} data-testid="reference-settings">
          {imageLoad.status === 'loading' && <p className="panel-hint">{t('editor.reference.loading')}</p>}
          {imageLoad.status === 'failed' && (
            <p className="field-error" data-testid="reference-load-error">
              {t('editor.reference.loadFailed')}
            </p>
          )}
          <RangeSetting
            label={t('editor.reference.scale')}
            value={reference.scale}
            range={REFERENCE_SCALE_RANGE}
            step={0.01}
            testId="reference-scale"
            onGestureStart={() => onGestureStart('Scale reference image')}
            onGestureEnd={onGestureEnd}
            onChange={(scale) => onCommand({ type: 'scaleReference', scale })}
          />
          <RangeSetting
            label={t('editor.reference.opacity')}
            value={reference.opacity}
            range={OPACITY_RANGE}
            step={0.01}
            testId="reference-opacity"
            onGestureStart={() => onGestureStart('Change reference opacity')}
            onGestureEnd={onGestureEnd}
            onChange={(opacity) => onCommand({ type: 'setReferenceOpacity', opacity })}
          />
          <div className="reference-actions">
            <button type="button" className="button button-small" data-testid="reference-replace" onClick={() => inputRef.current?.click()}>
              {t('editor.reference.replace')}
            </button>
            <button type="button" className="button button-small button-ghost" data-testid="reference-remove" onClick={() => onCommand({ type: 'removeReference' })}>
              {t('editor.reference.remove')}
            </button>
          </div>
          {isLocked && <p className="panel-hint">{t('editor.reference.locked')}</p>}
        </fieldset>
      ) : (
        <>
          <button type="button" className="button button-small button-block" disabled={isUploading || isLocked} data-testid="reference-upload-button" onClick={() => inputRef.current?.click()}>
            {t('editor.reference.upload')}
          </button>
          <p className="panel-hint">{t('editor.reference.hint')}</p>
        </>
      )}
    </section>
  );
}
