import {
  FACE_PASS_DENOISE_RANGE,
  LIKENESS_RANGE,
  SAMPLER_CFG_RANGE,
  SAMPLER_DENOISE_RANGE,
  SAMPLER_STEPS_RANGE,
  type EditorCommand,
  type EditorState,
} from '@atelier/editor-core';
import { FACE_PASS_DEFAULT_DENOISE, IDENTITY_MODES, PROMPT_SLOTS, SAMPLER_NAMES, SCHEDULER_NAMES, identityModeOf, type IdentityMode, type LoraCatalogEntry, type SamplerName, type SchedulerName } from '@atelier/template-spec';
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { EditorLorasDocument, type BaseModel, type EditorLorasQueryVariables } from '../../../gql/graphql';
import { describeIssue } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import type { GraphQLInputIssue } from '../../../lib/graphql-client';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { collectSpecIssues, findIssuesAt, insertAtCaret, toSpecIssues } from '../prompt-editing';
import { LoraPicker } from './LoraPicker';
import { FieldErrors, RangeSetting } from './RangeSetting';
import '../editor.css';

// Typing is one undo step per pause: the gesture closes this long after the last keystroke (or on blur).
export const TYPING_PAUSE_MS = 800;

type PromptField = 'positive' | 'negative';

const ALL_LORAS: EditorLorasQueryVariables = {};

const PROMPT_COMMANDS = { positive: 'setPrompt', negative: 'setNegativePrompt' } as const;

interface PromptPanelProps {
  state: EditorState;
  /** The API's last refusal (autosave status `failed`), placed on the fields by path. */
  apiIssues: readonly GraphQLInputIssue[];
  onCommand: (command: EditorCommand) => void;
  onGestureStart: (label: string) => void;
  onGestureEnd: () => void;
}

/** "Prompt & settings": prompts with slot and trigger-word chips, style LoRAs, likeness and identity mode, sampler and base model. */
export function PromptPanel({ state, apiIssues, onCommand, onGestureStart, onGestureEnd }: PromptPanelProps) {
  const { t } = useI18n();
  const { spec } = state.document;
  // The whole registry, so a LoRA of another base model already in the spec is named and flagged as the API
  // would flag it; the picker offers only the template's base model.
  const loras = useGqlQuery(EditorLorasDocument, ALL_LORAS);
  const registry = loras.data?.loras ?? null;
  const baseModel = spec.baseModel.toUpperCase() as BaseModel;
  const catalog = useMemo(() => registry?.filter((lora) => lora.baseModel === baseModel) ?? null, [registry, baseModel]);
  const catalogEntries = useMemo(() => {
    if (!registry) return null;
    return new Map<string, LoraCatalogEntry>(
      registry.map((lora) => [
        lora.id,
        // A deprecated LoRA the draft already has stays (the picker never offers it, the API refuses it anywhere new).
        { baseModel: lora.baseModel === 'SDXL' ? 'sdxl' : 'sd15', minWeight: lora.minWeight, maxWeight: lora.maxWeight, name: lora.name, status: lora.status === 'DEPRECATED' ? 'READY' : lora.status },
      ]),
    );
  }, [registry]);
  const issues = useMemo(() => collectSpecIssues(spec, catalogEntries, toSpecIssues(apiIssues)), [spec, catalogEntries, apiIssues]);
  // The studio's own issues and the API's alike, in the designer's language.
  const findIssues = (path: string, isPrefix = false) => findIssuesAt(issues, path, isPrefix).map((issue) => describeIssue(issue, t));

  // The open typing gesture (if any) and its pause timer.
  const typing = useRef<{ timer: ReturnType<typeof setTimeout> | null; isOpen: boolean }>({ timer: null, isOpen: false });
  const textareas = useRef<Record<PromptField, HTMLTextAreaElement | null>>({ positive: null, negative: null });
  const lastField = useRef<PromptField>('positive');
  const pendingCaret = useRef<{ field: PromptField; caret: number } | null>(null);

  const endTyping = () => {
    const current = typing.current;
    if (current.timer) clearTimeout(current.timer);
    current.timer = null;
    if (current.isOpen) {
      current.isOpen = false;
      onGestureEnd();
    }
  };
  const endTypingRef = useRef(endTyping);
  endTypingRef.current = endTyping;
  useEffect(() => () => endTypingRef.current(), []);

  const onType = (field: PromptField, text: string) => {
    const current = typing.current;
    if (!current.isOpen) {
      current.isOpen = true;
      onGestureStart(field === 'positive' ? 'Edit prompt' : 'Edit negative prompt');
    }
    onCommand({ type: PROMPT_COMMANDS[field], text });
    if (current.timer) clearTimeout(current.timer);
    current.timer = setTimeout(() => endTypingRef.current(), TYPING_PAUSE_MS);
  };

  // A chip inserts at the caret of the prompt box last used, as its own undo step.
  const insert = (token: string, isWord: boolean) => {
    endTyping();
    const field = lastField.current;
    const element = textareas.current[field];
    const text = spec.prompt[field];
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    const next = insertAtCaret(text, start, end, token, isWord);
    pendingCaret.current = { field, caret: next.caret };
    onCommand({ type: PROMPT_COMMANDS[field], text: next.text });
  };

  useEffect(() => {
    const pending = pendingCaret.current;
    if (!pending) return;
    pendingCaret.current = null;
    const element = textareas.current[pending.field];
    if (!element) return;
    element.focus();
    element.setSelectionRange(pending.caret, pending.caret);
  });

  const triggerWords = [...new Set(spec.styleLoras.flatMap((entry) => registry?.find((lora) => lora.id === entry.loraId)?.triggerWords ?? []))];
  const { likeness } = spec.subject;
  // A spec saved before the face pass has none: off.
  const facePass = spec.subject.facePass ?? { enabled: false, denoise: FACE_PASS_DEFAULT_DENOISE };
  const identityMode = identityModeOf(spec);
  const { sampler } = spec;
  const slider = (label: string) => ({ onGestureStart: () => onGestureStart(label), onGestureEnd });

  const promptBox = (field: PromptField) => {
    const path = `prompt.${field}`;
    const errors = findIssues(path);
    const label = t(field === 'positive' ? 'editor.prompt.positive' : 'editor.prompt.negative');
    return (
      <label className="field">
        <span className="field-label">{label}</span>
        <textarea
          ref={(element) => {
            textareas.current[field] = element;
          }}
          className="input"
          rows={field === 'positive' ? 4 : 2}
          style={{ height: 'auto', resize: 'vertical' }}
          value={spec.prompt[field]}
          aria-invalid={errors.length > 0 || undefined}
          data-testid={`prompt-${field}`}
          onFocus={() => {
            lastField.current = field;
          }}
          onBlur={endTyping}
          onChange={(e) => onType(field, e.target.value)}
        />
        <FieldErrors messages={errors} path={path} />
      </label>
    );
  };

  // Chips keep the textarea's caret: the mouse-down would otherwise move focus to the button.
  const keepCaret = (e: MouseEvent) => e.preventDefault();

  return (
    <section className="panel-section" data-testid="prompt-panel">
      <h2 className="panel-heading">{t('editor.panel.prompt')}</h2>
      <p className="panel-hint" data-testid="base-model">
        {t('editor.prompt.baseModel', { model: t(spec.baseModel === 'sdxl' ? 'editor.prompt.baseModel.sdxl' : 'editor.prompt.baseModel.sd15') })}
      </p>
      <FieldErrors messages={findIssues('baseModel')} path="baseModel" />
      {promptBox('positive')}
      <div className="chip-grid" aria-label={t('editor.prompt.slots')}>
        {PROMPT_SLOTS.map((slot) => (
          <button key={slot} type="button" className="chip-button" data-testid={`prompt-slot-${slot}`} title={t('editor.prompt.insertSlot')} onMouseDown={keepCaret} onClick={() => insert(`{${slot}}`, false)}>
            {`{${slot}}`}
          </button>
        ))}
      </div>
      {triggerWords.length > 0 && (
        <>
          <h3 className="panel-subheading">{t('editor.prompt.triggerWords')}</h3>
          <div className="chip-grid">
            {triggerWords.map((word) => (
              <button key={word} type="button" className="chip-button" data-testid="trigger-word" data-word={word} onMouseDown={keepCaret} onClick={() => insert(word, true)}>
                + {word}
              </button>
            ))}
          </div>
        </>
      )}
      {promptBox('negative')}
      <FieldErrors messages={findIssues('prompt')} path="prompt" />

      <LoraPicker
        styleLoras={spec.styleLoras}
        catalog={catalog}
        registry={registry}
        isCatalogFailed={loras.error !== null && loras.error !== undefined}
        findIssues={findIssues}
        onCommand={onCommand}
        onGestureStart={onGestureStart}
        onGestureEnd={onGestureEnd}
      />

      <h3 className="panel-subheading">{t('editor.prompt.likeness')}</h3>
      <label className="field">
        <span className="field-label">{t('editor.prompt.identityMode')}</span>
        <select className="input" value={identityMode} data-testid="identity-mode" onChange={(e) => onCommand({ type: 'setIdentityMode', mode: e.target.value as IdentityMode })}>
          {IDENTITY_MODES.map((mode) => (
            // InstantID's models exist for SDXL only; a spec already set to it on SD1.5 keeps showing it, with the validator's message.
            <option key={mode} value={mode} disabled={mode === 'instantid' && spec.baseModel !== 'sdxl' && identityMode !== 'instantid'}>
              {t(`editor.prompt.identityMode.${mode}`)}
            </option>
          ))}
        </select>
        <span className="field-hint" data-testid="identity-mode-hint">{t(`editor.prompt.identityModeHint.${identityMode}`)}</span>
        {spec.baseModel !== 'sdxl' && <span className="field-hint">{t('editor.prompt.identityModeSdxlOnly')}</span>}
        <FieldErrors messages={findIssues('subject.identity', true)} path="subject.identity.mode" />
      </label>
      <RangeSetting
        label={t('editor.prompt.likenessDefault')}
        value={likeness.default}
        range={LIKENESS_RANGE}
        step={0.05}
        testId="likeness-default"
        errors={findIssues('subject.likeness.default')}
        {...slider('Change likeness')}
        onChange={(value) => onCommand({ type: 'setLikeness', likeness: { default: value } })}
      />
      <RangeSetting
        label={t('editor.prompt.likenessMax')}
        value={likeness.max}
        range={LIKENESS_RANGE}
        step={0.05}
        testId="likeness-max"
        errors={[...findIssues('subject.likeness.max'), ...findIssues('subject.likeness')]}
        {...slider('Change likeness')}
        onChange={(value) => onCommand({ type: 'setLikeness', likeness: { max: value } })}
      />

      <h3 className="panel-subheading">{t('editor.prompt.facePass')}</h3>
      <label className="toggle-row">
        <input type="checkbox" checked={facePass.enabled} data-testid="face-pass-toggle" onChange={(e) => onCommand({ type: 'setFacePass', facePass: { enabled: e.target.checked } })} />
        <span>{t('editor.prompt.facePassToggle')}</span>
      </label>
      <p className="panel-hint">{t('editor.prompt.facePassHint')}</p>
      {facePass.enabled && (
        <RangeSetting
          label={t('editor.prompt.facePassDenoise')}
          value={facePass.denoise}
          range={FACE_PASS_DENOISE_RANGE}
          step={0.01}
          testId="face-pass-denoise"
          errors={findIssues('subject.facePass.denoise')}
          {...slider('Change face pass')}
          onChange={(denoise) => onCommand({ type: 'setFacePass', facePass: { denoise } })}
        />
      )}
      <FieldErrors messages={[...findIssues('subject.facePass.enabled'), ...findIssues('subject.facePass')]} path="subject.facePass" />

      <h3 className="panel-subheading">{t('editor.prompt.sampler')}</h3>
      <RangeSetting
        label={t('editor.prompt.steps')}
        value={sampler.steps}
        range={SAMPLER_STEPS_RANGE}
        step={1}
        testId="sampler-steps"
        errors={findIssues('sampler.steps')}
        {...slider('Change sampler settings')}
        onChange={(steps) => onCommand({ type: 'setSampler', settings: { steps } })}
      />
      <RangeSetting
        label={t('editor.prompt.cfg')}
        value={sampler.cfg}
        range={SAMPLER_CFG_RANGE}
        step={0.5}
        testId="sampler-cfg"
        errors={findIssues('sampler.cfg')}
        {...slider('Change sampler settings')}
        onChange={(cfg) => onCommand({ type: 'setSampler', settings: { cfg } })}
      />
      <RangeSetting
        label={t('editor.prompt.denoise')}
        value={sampler.denoise}
        range={SAMPLER_DENOISE_RANGE}
        step={0.01}
        testId="sampler-denoise"
        errors={findIssues('sampler.denoise')}
        {...slider('Change sampler settings')}
        onChange={(denoise) => onCommand({ type: 'setSampler', settings: { denoise } })}
      />
      <label className="field">
        <span className="field-label">{t('editor.prompt.samplerName')}</span>
        <select className="input" value={sampler.sampler} data-testid="sampler-name" onChange={(e) => onCommand({ type: 'setSampler', settings: { sampler: e.target.value as SamplerName } })}>
          {SAMPLER_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <FieldErrors messages={findIssues('sampler.sampler')} path="sampler.sampler" />
      </label>
      <label className="field">
        <span className="field-label">{t('editor.prompt.scheduler')}</span>
        <select className="input" value={sampler.scheduler} data-testid="sampler-scheduler" onChange={(e) => onCommand({ type: 'setSampler', settings: { scheduler: e.target.value as SchedulerName } })}>
          {SCHEDULER_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <FieldErrors messages={findIssues('sampler.scheduler')} path="sampler.scheduler" />
      </label>
    </section>
  );
}
