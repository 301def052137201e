import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { applyCommand, beginGesture, createEditorState, endGesture, undo, type EditorState } from '@atelier/editor-core';
import { makeDefaultTemplateSpec, type StyleLora } from '@atelier/template-spec';
import { I18nProvider } from '../../../i18n/I18nProvider';
import type { GraphQLInputIssue } from '../../../lib/graphql-client';
import { stubGraphQL } from '../../../test/stub-graphql';
import { PromptPanel, TYPING_PAUSE_MS } from './PromptPanel';

const FILM = '11111111-1111-4111-8111-111111111111';
const INK = '22222222-2222-4222-8222-222222222222';
const SD15_LORA = '33333333-3333-4333-8333-333333333333';

const LORAS = [
  { id: FILM, name: 'Film Grain', baseModel: 'SDXL', defaultWeight: 0.7, minWeight: 0, maxWeight: 1.2, triggerWords: ['film grain', 'kodak'], status: 'READY', thumbnailUrl: 'https://s3.test/film.png' },
  { id: INK, name: 'Ink Wash', baseModel: 'SDXL', defaultWeight: 1, minWeight: -1, maxWeight: 2, triggerWords: ['ink'], status: 'READY' },
  { id: SD15_LORA, name: 'Old Film', baseModel: 'SD15', defaultWeight: 1, minWeight: 0, maxWeight: 1, triggerWords: [], status: 'READY' },
];

function stubLoras() {
  return stubGraphQL({ EditorLoras: () => ({ body: { data: { loras: LORAS } } }) });
}

// The panel wired like TemplateEditor wires it: commands and gestures on an EditorState.
function renderPanel({ locale = 'en', apiIssues = [], styleLoras = [], baseModel = 'sdxl' }: { locale?: 'en' | 'zh-CN'; apiIssues?: GraphQLInputIssue[]; styleLoras?: StyleLora[]; baseModel?: 'sdxl' | 'sd15' } = {}) {
  const current: { state: EditorState } = { state: createEditorState({ ...makeDefaultTemplateSpec(baseModel), styleLoras }) };
  function Harness() {
    const [state, setState] = useState(current.state);
    const update = (change: (s: EditorState) => EditorState) => {
      current.state = change(current.state);
      setState(current.state);
    };
    return (
      <I18nProvider initialLocale={locale}>
        <PromptPanel
          state={state}
          apiIssues={apiIssues}
          onCommand={(command) => update((s) => applyCommand(s, command))}
          onGestureStart={(label) => update((s) => (s.history.gesture ? s : beginGesture(s, label)))}
          onGestureEnd={() => update((s) => (s.history.gesture ? endGesture(s) : s))}
        />
      </I18nProvider>
    );
  }
  render(<Harness />);
  return { current };
}

// Number boxes commit (and clamp) on every change, so a new value is pasted over the selected old one
// instead of typed key by key (typing "0.5" would commit 0 first, and 0 pulls the default down with it).
async function replaceNumber(user: UserEvent, input: HTMLElement, value: string) {
  await user.tripleClick(input);
  await user.paste(value);
}

const loraOptions = () => screen.queryAllByTestId('lora-option');

describe('PromptPanel', () => {
  it('asks for the LoRAs of the template\'s base model and shows it', async () => {
    const calls = stubLoras();
    renderPanel();
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    expect(calls[0]!.variables).toEqual({});
    expect(loraOptions().map((option) => option.dataset.loraId)).toEqual([FILM, INK]);
    expect(screen.getByTestId('base-model').textContent).toBe('Base model: SDXL');
  });

  it('shows each LoRA with its picture (or a monogram) and trigger words', async () => {
    stubLoras();
    renderPanel();
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    const [film, ink] = loraOptions();
    expect(within(film!).getByTestId<HTMLImageElement>('lora-thumbnail').src).toBe('https://s3.test/film.png');
    expect(film!.textContent).toContain('film grain, kodak');
    expect(within(ink!).getByTestId('lora-monogram').textContent).toBe('IW');
  });

  it('flags an unknown slot as you type, with the spec validator\'s message, and one undo step per pause', async () => {
    stubLoras();
    useFakeTimersFor(['setTimeout', 'clearTimeout']);
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      const { current } = renderPanel();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(0);
      });
      const before = current.state.document.spec.prompt.positive;
      const prompt = screen.getByRole('textbox', { name: 'Prompt' });
      // One typing gesture: the slot is unknown while it is typed ("{{" types a literal "{").
      await user.clear(prompt);
      await user.type(prompt, 'portrait of {{hair}');
      expect(screen.getByTestId('field-error').dataset.path).toBe('prompt.positive');
      expect(screen.getByTestId('field-error').textContent).toBe('Unknown slot {hair} — allowed slots are {subject}, {gender}, {age}.');
      act(() => jest.advanceTimersByTime(TYPING_PAUSE_MS + 10));
      await user.clear(prompt);
      await user.type(prompt, 'portrait of {{subject}');
      act(() => jest.advanceTimersByTime(TYPING_PAUSE_MS + 10));
      expect(screen.queryByTestId('field-error')).toBeNull();
      expect(current.state.history.undoStack).toHaveLength(2);
      expect(undo(current.state).document.spec.prompt.positive).toBe('portrait of {hair}');
      expect(undo(undo(current.state)).document.spec.prompt.positive).toBe(before);
    } finally {
      jest.useRealTimers();
    }
  });

  it('inserts a slot at the caret', async () => {
    const user = userEvent.setup();
    stubLoras();
    const { current } = renderPanel();
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    const prompt = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Prompt' });
    await user.clear(prompt);
    await user.type(prompt, 'photo of  smiling');
    // The caret back between the two spaces (index 9).
    await user.keyboard('{ArrowLeft>8/}');
    expect(prompt.selectionStart).toBe(9);
    await user.click(screen.getByRole('button', { name: '{subject}' }));
    expect(current.state.document.spec.prompt.positive).toBe('photo of {subject} smiling');
    expect(prompt.selectionStart).toBe(18);
  });

  it('searches LoRAs by name, adds one at its default weight, clamps its weight, offers its trigger words and removes it', async () => {
    const user = userEvent.setup();
    stubLoras();
    const { current } = renderPanel();
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    await user.type(screen.getByRole('searchbox', { name: 'Search LoRAs by name' }), 'film');
    expect(loraOptions().map((option) => option.querySelector('.lora-option-name')!.textContent)).toEqual(['Film Grain']);
    await user.click(screen.getByRole('button', { name: /^Film Grain/ }));
    expect(current.state.document.spec.styleLoras).toEqual([{ loraId: FILM, weight: 0.7 }]);

    await replaceNumber(user, screen.getByRole('spinbutton', { name: 'Weight' }), '5');
    expect(current.state.document.spec.styleLoras[0]!.weight).toBe(1.2);

    const prompt = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Prompt' });
    await user.clear(prompt);
    await user.type(prompt, 'portrait');
    // The caret stays at the end of what was typed (index 8).
    expect(prompt.selectionStart).toBe(8);
    expect(screen.getAllByTestId('trigger-word').map((chip) => chip.dataset.word)).toEqual(['film grain', 'kodak']);
    await user.click(screen.getByRole('button', { name: '+ film grain' }));
    expect(current.state.document.spec.prompt.positive).toBe('portrait, film grain');

    await user.click(screen.getByRole('button', { name: 'Remove Film Grain' }));
    expect(current.state.document.spec.styleLoras).toEqual([]);
    expect(screen.queryAllByTestId('trigger-word')).toHaveLength(0);
  });

  it('lets the designer take the identity from InstantID beside the likeness, as one undo step', async () => {
    stubLoras();
    const user = userEvent.setup();
    const { current } = renderPanel();
    const select = screen.getByTestId('identity-mode') as HTMLSelectElement;
    expect(select.value).toBe('lora');
    expect([...select.options].map((o) => o.text)).toEqual(['Identity LoRA', 'InstantID (face photo)']);
    expect(screen.getByTestId('identity-mode-hint').textContent).toBe('Likeness below is the strength of the person’s identity LoRA.');
    await user.selectOptions(select, 'instantid');
    expect(screen.getByTestId('identity-mode-hint').textContent).toBe('Likeness below is InstantID’s weight, applied from the person’s face photo.');
    expect(current.state.document.spec.subject.identity).toEqual({ mode: 'instantid' });
    expect(select.value).toBe('instantid');
    await act(async () => {
      current.state = undo(current.state);
    });
    expect('identity' in current.state.document.spec.subject).toBe(false);
  });

  it('offers InstantID on SD1.5 templates disabled, saying why, in Chinese too', () => {
    stubLoras();
    renderPanel({ locale: 'zh-CN', baseModel: 'sd15' });
    const select = screen.getByTestId('identity-mode') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.disabled])).toEqual([['lora', false], ['instantid', true]]);
    expect(select.options[1]!.text).toBe('InstantID（人脸照片）');
    expect(screen.getByTestId('identity-mode-hint').textContent).toBe('下方的相似度即本人身份 LoRA 的强度。');
    expect(screen.getByText('InstantID 仅适用于 SDXL 模板。')).toBeTruthy();
  });

  it('keeps likeness default <= max and clamps the sampler to the schema', async () => {
    const user = userEvent.setup();
    stubLoras();
    const { current } = renderPanel();
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    await replaceNumber(user, screen.getByRole('spinbutton', { name: 'Default' }), '1.4');
    expect(current.state.document.spec.subject.likeness).toEqual({ default: 1.4, max: 1.4 });
    await replaceNumber(user, screen.getByRole('spinbutton', { name: '"More like me" maximum' }), '0.5');
    expect(current.state.document.spec.subject.likeness).toEqual({ default: 0.5, max: 0.5 });
    await replaceNumber(user, screen.getByRole('spinbutton', { name: 'Steps' }), '400');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scheduler' }), 'exponential');
    expect(current.state.document.spec.sampler).toMatchObject({ steps: 150, scheduler: 'exponential' });
  });

  it('turns the face pass off and on and sets its denoise within 0.1..0.6, one undo step per change', async () => {
    const user = userEvent.setup();
    stubLoras();
    const { current } = renderPanel();
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    const toggle = screen.getByRole('checkbox', { name: 'Re-render the face after the first pass' });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    await replaceNumber(user, screen.getByRole('spinbutton', { name: 'Face denoise' }), '0.9');
    expect(current.state.document.spec.subject.facePass).toEqual({ enabled: true, denoise: 0.6 });
    await user.click(toggle);
    expect(current.state.document.spec.subject.facePass).toEqual({ enabled: false, denoise: 0.6 });
    expect(screen.queryByRole('spinbutton', { name: 'Face denoise' })).toBeNull();
    expect(undo(current.state).document.spec.subject.facePass).toEqual({ enabled: true, denoise: 0.6 });
    expect(undo(undo(current.state)).document.spec.subject.facePass).toEqual({ enabled: true, denoise: 0.35 });
  });

  it('says the face pass in Chinese', async () => {
    stubLoras();
    renderPanel({ locale: 'zh-CN' });
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    expect(screen.getByRole('checkbox', { name: '首次生成后重新绘制面部' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: '面部去噪强度' })).toBeTruthy();
  });

  it('puts the API\'s issues on their fields, a LoRA weight issue on that LoRA\'s row', async () => {
    const user = userEvent.setup();
    stubLoras();
    renderPanel({
      apiIssues: [
        { path: ['sampler', 'cfg'], message: 'CFG is off' },
        { path: ['styleLoras', 0, 'weight'], message: 'Weight 3 is outside 0..1.2' },
      ],
    });
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: /^Film Grain/ }));
    const errors = screen.getAllByTestId('field-error');
    expect(errors.map((error) => [error.dataset.path, error.textContent])).toEqual([
      ['lora-weight', 'Weight 3 is outside 0..1.2'],
      ['sampler-cfg', 'CFG is off'],
    ]);
    expect(screen.getByTestId('lora-row').contains(errors[0]!)).toBe(true);
  });

  it('names a LoRA of another base model already in the spec and says why it does not fit, on its row', async () => {
    stubLoras();
    renderPanel({ styleLoras: [{ loraId: SD15_LORA, weight: 0.5 }] });
    await waitFor(() => expect(screen.getByTestId('lora-row').textContent).toContain('Old Film'));
    expect(screen.getByTestId('field-error').textContent).toBe('Style LoRA "Old Film" is made for SD 1.5, but this template uses SDXL.');
    expect(screen.getByTestId('lora-row').contains(screen.getByTestId('field-error'))).toBe(true);
  });

  it('speaks Chinese', async () => {
    const user = userEvent.setup();
    stubLoras();
    renderPanel({ locale: 'zh-CN' });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('提示词与设置');
    expect(screen.getByTestId('base-model').textContent).toBe('基础模型：SDXL');
    const negative = screen.getByRole('textbox', { name: '反向提示词' });
    await user.clear(negative);
    await user.type(negative, 'no {{hair}');
    expect(screen.getByTestId('field-error').textContent).toBe('未知占位符 {hair}，可用的占位符：{subject}, {gender}, {age}。');
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
  });

  it('says the API\'s spec issues in Chinese on their fields, naming the field in Chinese', async () => {
    const user = userEvent.setup();
    stubLoras();
    renderPanel({
      locale: 'zh-CN',
      apiIssues: [
        { path: ['sampler', 'cfg'], message: 'CFG scale must be between 0 and 30 (got 31).', reason: 'spec.between', params: { field: 'sampler.cfg', min: 0, max: 30, got: '31' } },
        { path: ['styleLoras', 0, 'weight'], message: 'Style LoRA "Film Grain" weight must be between 0 and 1.2 (got 3).', reason: 'spec.loraWeightRange', params: { name: 'Film Grain', min: 0, max: 1.2, got: '3' } },
        { path: ['subject', 'likeness', 'max'], message: 'Maximum likeness is required.', reason: 'spec.required', params: { field: 'subject.likeness.max' } },
      ],
    });
    await waitFor(() => expect(loraOptions()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: /^Film Grain/ }));
    const errors = screen.getAllByTestId('field-error');
    expect(errors.map((error) => [error.dataset.path, error.textContent])).toEqual([
      ['lora-weight', '风格 LoRA“Film Grain”的权重必须在 0 到 1.2 之间（当前为 3）。'],
      ['likeness-max', '最大相似度为必填项。'],
      ['sampler-cfg', 'CFG 值必须在 0 到 30 之间（当前为 31）。'],
    ]);
  });
});
