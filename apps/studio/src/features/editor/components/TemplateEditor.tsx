import {
  applyCommand,
  beginGesture,
  endGesture,
  canRedo,
  canUndo,
  fitCanvasToViewport,
  resolveShortcut,
  runEditorAction,
  toTemplateSpec,
  type EditorAction,
  type EditorCommand,
  type EditorState,
} from '@atelier/editor-core';
import type { TemplateSpec } from '@atelier/template-spec';
import { useCallback, useEffect, useRef, useState } from 'react';
import { editorHref, historyHref, routeHref } from '../../../app/routes';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import { EditorTemplateDocument, SaveAsNewTemplateDocument, type BaseModel } from '../../../gql/graphql';
import { isActivatableTarget, isTypingTarget, type CanvasSize } from '../../../editor/canvas-geometry';
import { describeView, EditorCanvas } from '../../../editor/EditorCanvas';
import { useCanvasLabels } from '../../../editor/useCanvasLabels';
import { useDraftAutosave } from '../hooks/useDraftAutosave';
import { useEditorState } from '../hooks/useEditorState';
import { useReferenceImage } from '../hooks/useReferenceImage';
import { ConflictDialog, type ConflictChoice } from './ConflictDialog';
import { EditorSidePanel } from './EditorSidePanel';
import { PromptPanel } from './PromptPanel';
import { SaveStatus } from './SaveStatus';
import { ShortcutSheet } from './ShortcutSheet';
import { SHORTCUT_SHEET_KEY } from '../shortcut-sheet';
import { PreviewActions } from '../../previews/components/PreviewActions';
import { PreviewGallery } from '../../previews/components/PreviewGallery';
import { useEditorPreviews } from '../../previews/hooks/useEditorPreviews';
import { feedbackCanvasOverlay, ReviewFeedbackPanel } from '../../review/components/ReviewFeedbackPanel';
import { useReviewFeedback } from '../../review/hooks/useReviewFeedback';
import { TemplateStandingSummary } from '../../templates/components/TemplateStandingSummary';
import { TemplateDetailsDialog, type TemplateDetails } from '../../metadata/components/TemplateDetailsDialog';
import type { TemplateStanding } from '../../templates/graphql/templates.graphql';
import '../editor.css';

const NO_ISSUES: never[] = [];

interface TemplateEditorProps {
  templateId: string;
  title: string;
  /** Title, description, category and tags: the Details dialog edits them. */
  details: TemplateDetails;
  baseModel: BaseModel;
  initialSpec: TemplateSpec;
  initialRevision: number;
  /** The draft version: what Preview renders and "Submit for review" submits. */
  draftId: string;
  /** Where the template stands (e.g. version 1 in review, or sent back with the reviewer's note, while this draft is edited). */
  standing?: TemplateStanding | null;
}

/** The editor screen: header (title, save status, undo/redo, zoom), the Konva canvas and the side panel. */
export function TemplateEditor({ templateId, title, details, baseModel, initialSpec, initialRevision, draftId, standing = null }: TemplateEditorProps) {
  const { t } = useI18n();
  const queryClient = useStudioQueryClient();
  const autosave = useDraftAutosave<TemplateSpec>(templateId, initialRevision);
  const { edit } = autosave;
  const onDocumentChange = useCallback((next: EditorState) => edit(toTemplateSpec(next)), [edit]);
  const { state, update, reset } = useEditorState(initialSpec, onDocumentChange);
  const viewportRef = useRef<CanvasSize>({ width: 800, height: 600 });
  const { flush, hasUnsavedChanges } = autosave;
  const saveDraftNow = useCallback(async () => {
    await flush();
    return !hasUnsavedChanges();
  }, [flush, hasUnsavedChanges]);
  // Read when Preview is pressed (after the save), so the batch asks for the ends of the saved range.
  const likenessRef = useRef(state.document.spec.subject.likeness);
  likenessRef.current = state.document.spec.subject.likeness;
  const currentLikeness = useCallback(() => likenessRef.current, []);
  const previews = useEditorPreviews({
    versionId: draftId,
    saveDraftNow,
    currentRevision: autosave.baseRevision,
    savedRevision: autosave.status.kind === 'saved' ? autosave.status.revision : null,
    currentLikeness,
  });
  const reviewFeedback = useReviewFeedback(templateId);
  const referenceImage = useReferenceImage(state.document.spec.reference?.assetId ?? null);
  const [isSpacePanning, setIsSpacePanning] = useState(false);
  const [isShortcutSheetOpen, setIsShortcutSheetOpen] = useState(false);
  const [isResolving, setIsResolving] = useState(false);
  const [conflictError, setConflictError] = useState<string | null>(null);
  const [isDetailsOpen, setIsDetailsOpen] = useState(false);

  const onViewportSize = useCallback((size: CanvasSize) => {
    viewportRef.current = size;
  }, []);

  const runAction = useCallback((action: EditorAction) => update((current) => runEditorAction(current, action, viewportRef.current)), [update]);
  const runCommand = useCallback((command: EditorCommand) => update((current) => applyCommand(current, command)), [update]);

  useEffect(() => {
    // How the focused control got its focus: Tab (Space presses it) or a click (Space still pans the canvas).
    let isFocusFromKeyboard = false;
    const onPointerDown = () => {
      isFocusFromKeyboard = false;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Tab') isFocusFromKeyboard = true;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      // Hold space and drag to pan over shapes too, as in Figma.
      if (event.key === ' ' && !event.ctrlKey && !event.metaKey && !event.altKey && !(isFocusFromKeyboard && isActivatableTarget(event.target))) {
        event.preventDefault();
        setIsSpacePanning(true);
        return;
      }
      if (event.key === SHORTCUT_SHEET_KEY && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setIsShortcutSheetOpen(true);
        return;
      }
      const shortcut = resolveShortcut({ key: event.key, mod: event.ctrlKey || event.metaKey, shift: event.shiftKey, alt: event.altKey });
      if (!shortcut) return;
      event.preventDefault();
      runAction(shortcut.action);
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key === ' ') setIsSpacePanning(false);
    };
    const onBlur = () => setIsSpacePanning(false);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [runAction]);

  const onConflictChoice = async (choice: ConflictChoice) => {
    setIsResolving(true);
    setConflictError(null);
    try {
      if (choice === 'overwrite') {
        await autosave.overwrite();
      } else if (choice === 'load-theirs') {
        const data = await gqlRequest(EditorTemplateDocument, { id: templateId });
        const draft = data.template?.draft;
        if (!draft) throw new Error(t('editor.noDraft'));
        reset(draft.spec as TemplateSpec);
        autosave.acceptTheirs(draft.revision);
      } else {
        const spec = autosave.unsavedSpec() ?? toTemplateSpec(state);
        const data = await gqlRequest(SaveAsNewTemplateDocument, {
          input: { title: t('editor.conflict.newTitle', { title }), baseModel, spec },
        });
        void invalidateGqlQueries(queryClient, 'MyTemplates');
        window.location.hash = editorHref(data.createTemplate.id);
      }
    } catch (error) {
      setConflictError(t('editor.conflict.choiceFailed', { message: describeError(error, t) }));
    } finally {
      setIsResolving(false);
    }
  };

  const { canvas } = state.document.spec;
  const canvasLabels = useCanvasLabels();
  const isGuidesVisible = state.layers.guides.isVisible;
  return (
    <div className="editor-shell" data-testid="editor" data-template-id={templateId}>
      <header className="editor-header">
        <div className="editor-header-start">
          <a className="back-link" href={routeHref('templates')} data-testid="editor-back">
            ← {t('editor.back')}
          </a>
          <span className="editor-header-divider" aria-hidden="true" />
          <h1 className="editor-title" data-testid="editor-title">
            {title}
          </h1>
          <button type="button" className="tool-button tool-button-text" onClick={() => setIsDetailsOpen(true)} title={t('metadata.dialog.openHint')} data-testid="editor-details">
            {t('metadata.dialog.open')}
          </button>
          {standing && <TemplateStandingSummary standing={standing} isCompact testId="editor-standing" />}
          <span className="editor-canvas-size">{t('editor.canvasSize', { width: canvas.width, height: canvas.height })}</span>
          <a className="tool-button tool-button-text" href={historyHref(templateId)} title={t('versions.historyLinkHint')} data-testid="editor-history">
            {t('versions.historyLink')}
          </a>
        </div>
        <div className="editor-header-end">
          <SaveStatus status={autosave.status} onRetry={() => void autosave.retry()} />
          <span className="editor-header-divider" aria-hidden="true" />
          <div className="toolbar-group">
            <button type="button" className="tool-button" onClick={() => runAction({ type: 'undo' })} disabled={!canUndo(state)} title={t('editor.undo')} aria-label={t('editor.undo')} data-testid="editor-undo">
              <UndoIcon />
            </button>
            <button type="button" className="tool-button" onClick={() => runAction({ type: 'redo' })} disabled={!canRedo(state)} title={t('editor.redo')} aria-label={t('editor.redo')} data-testid="editor-redo">
              <UndoIcon isRedo />
            </button>
          </div>
          <div className="toolbar-group">
            <button type="button" className="tool-button" onClick={() => runAction({ type: 'zoomOut' })} title={t('editor.zoomOut')} aria-label={t('editor.zoomOut')}>
              −
            </button>
            <span className="zoom-readout" data-testid="zoom-readout">
              {describeView(state.view)}
            </span>
            <button type="button" className="tool-button" onClick={() => runAction({ type: 'zoomIn' })} title={t('editor.zoomIn')} aria-label={t('editor.zoomIn')}>
              +
            </button>
            <button
              type="button"
              className="tool-button tool-button-text"
              onClick={() => update((current) => applyCommand(current, { type: 'setView', view: fitCanvasToViewport(current.document.spec.canvas, viewportRef.current) }))}
              title={t('editor.fitHint')}
              data-testid="editor-fit"
            >
              {t('editor.fit')}
            </button>
          </div>
          <button
            type="button"
            className="tool-button tool-button-text"
            aria-pressed={isGuidesVisible}
            onClick={() => runCommand({ type: 'setLayerVisibility', layer: 'guides', isVisible: !isGuidesVisible })}
            data-testid="toggle-guides"
          >
            {t('editor.layer.guides')}
          </button>
          <button
            type="button"
            className="tool-button"
            onClick={() => setIsShortcutSheetOpen(true)}
            title={`${t('editor.shortcuts.open')} (${SHORTCUT_SHEET_KEY})`}
            aria-label={t('editor.shortcuts.open')}
            data-testid="open-shortcut-sheet"
          >
            <KeyboardIcon />
          </button>
          <PreviewActions previews={previews} />
        </div>
      </header>
      <div className="editor-body">
        <EditorCanvas
          isPanning={isSpacePanning}
          state={state}
          update={update}
          label={t('editor.canvasLabel')}
          labels={canvasLabels}
          onViewportSize={onViewportSize}
          referenceImage={referenceImage.status === 'ready' ? referenceImage.image : null}
          overlay={feedbackCanvasOverlay(reviewFeedback, state)}
        />
        <EditorSidePanel
          state={state}
          onCommand={runCommand}
          onGestureStart={(label) => update((current) => (current.history.gesture ? current : beginGesture(current, label)))}
          onGestureEnd={() => update((current) => (current.history.gesture ? endGesture(current) : current))}
          referenceImageLoad={referenceImage}
        >
          <PromptPanel
            state={state}
            apiIssues={autosave.status.kind === 'failed' ? autosave.status.issues : NO_ISSUES}
            onCommand={runCommand}
            onGestureStart={(label) => update((current) => (current.history.gesture ? current : beginGesture(current, label)))}
            onGestureEnd={() => update((current) => (current.history.gesture ? endGesture(current) : current))}
          />
        </EditorSidePanel>
      </div>
      <ReviewFeedbackPanel feedback={reviewFeedback} />
      <PreviewGallery previews={previews} />
      {autosave.status.kind === 'conflict' && (
        <ConflictDialog templateTitle={title} message={describeError(autosave.status.error, t)} busy={isResolving} onChoose={(choice) => void onConflictChoice(choice)} />
      )}
      {isShortcutSheetOpen && <ShortcutSheet onClose={() => setIsShortcutSheetOpen(false)} />}
      {isDetailsOpen && <TemplateDetailsDialog template={details} onSaved={() => setIsDetailsOpen(false)} onCancel={() => setIsDetailsOpen(false)} />}
      {conflictError && (
        <div className="banner banner-error editor-floating-banner" role="alert">
          {conflictError}
        </div>
      )}
    </div>
  );
}

function KeyboardIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="1.5" y="3.5" width="13" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M4 6.5h1M7.5 6.5h1M11 6.5h1M4 9.5h8" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}

function UndoIcon({ isRedo = false }: { isRedo?: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" style={isRedo ? { transform: 'scaleX(-1)' } : undefined}>
      <path d="M5.5 3.5 2.5 6.5l3 3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M2.5 6.5h7a4 4 0 0 1 0 8h-2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
