import { act, useState } from 'react';
import { describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { applyCommand, beginGesture, createEditorState, endGesture, undo, type EditorState } from '@atelier/editor-core';
import { makeDefaultTemplateSpec, type StyleLora } from '@atelier/template-spec';
import { I18nProvider } from '../../../i18n/I18nProvider';
import type { GraphQLInputIssue } from '../../../lib/graphql-client';
import { allByTestId, byTestId, click, render, stubGraphQL, waitFor } from '../../../test/dom-test-utils';
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
function renderPanel({ locale = 'en', apiIssues = [], styleLoras = [] }: { locale?: 'en' | 'zh-CN'; apiIssues?: GraphQLInputIssue[]; styleLoras?: StyleLora[] } = {}) {
  const current: { state: EditorState } = { state: createEditorState({ ...makeDefaultTemplateSpec('sdxl'), styleLoras }) };
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
  const container = render(<Harness />);
  return { container, current };
}

function typeText(element: HTMLTextAreaElement | HTMLInputElement, value: string) {
  const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value')?.set;
  act(() => {
    setValue!.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('PromptPanel', () => {
  it('asks for the LoRAs of the template\'s base model and shows it', async () => {
    const calls = stubLoras();
    const { container } = renderPanel();
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
    expect(calls[0]!.variables).toEqual({});
    expect(allByTestId(container, 'lora-option').map((option) => option.dataset.loraId)).toEqual([FILM, INK]);
    expect(byTestId(container, 'base-model').textContent).toBe('Base model: SDXL');
  });

  it('shows each LoRA with its picture (or a monogram) and trigger words', async () => {
    stubLoras();
    const { container } = renderPanel();
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
    const [film, ink] = allByTestId(container, 'lora-option');
    expect(film!.querySelector<HTMLImageElement>('[data-testid="lora-thumbnail"]')!.src).toBe('https://s3.test/film.png');
    expect(film!.textContent).toContain('film grain, kodak');
    expect(ink!.querySelector('[data-testid="lora-monogram"]')!.textContent).toBe('IW');
  });

  it('flags an unknown slot as you type, with the spec validator\'s message, and one undo step per pause', async () => {
    stubLoras();
    useFakeTimersFor(['setTimeout', 'clearTimeout']);
    try {
      const { container, current } = renderPanel();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(0);
      });
      const before = current.state.document.spec.prompt.positive;
      const prompt = byTestId<HTMLTextAreaElement>(container, 'prompt-positive');
      typeText(prompt, 'portrait of {hair');
      typeText(prompt, 'portrait of {hair}');
      expect(byTestId(container, 'field-error').dataset.path).toBe('prompt.positive');
      expect(byTestId(container, 'field-error').textContent).toBe('Unknown slot {hair} — allowed slots are {subject} {gender} {age}');
      act(() => jest.advanceTimersByTime(TYPING_PAUSE_MS + 10));
      typeText(prompt, 'portrait of {subject}');
      act(() => jest.advanceTimersByTime(TYPING_PAUSE_MS + 10));
      expect(container.querySelector('[data-testid="field-error"]')).toBeNull();
      expect(current.state.history.undoStack).toHaveLength(2);
      expect(undo(current.state).document.spec.prompt.positive).toBe('portrait of {hair}');
      expect(undo(undo(current.state)).document.spec.prompt.positive).toBe(before);
    } finally {
      jest.useRealTimers();
    }
  });

  it('inserts a slot at the caret', async () => {
    stubLoras();
    const { container, current } = renderPanel();
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
    const prompt = byTestId<HTMLTextAreaElement>(container, 'prompt-positive');
    typeText(prompt, 'photo of  smiling');
    act(() => {
      prompt.focus();
      prompt.setSelectionRange(9, 9);
    });
    click(byTestId(container, 'prompt-slot-subject'));
    expect(current.state.document.spec.prompt.positive).toBe('photo of {subject} smiling');
    expect(prompt.selectionStart).toBe(18);
  });

  it('searches LoRAs by name, adds one at its default weight, clamps its weight, offers its trigger words and removes it', async () => {
    stubLoras();
    const { container, current } = renderPanel();
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
    typeText(byTestId<HTMLInputElement>(container, 'lora-search'), 'film');
    expect(allByTestId(container, 'lora-option').map((option) => option.querySelector('.lora-option-name')!.textContent)).toEqual(['Film Grain']);
    click(byTestId(container, 'lora-option'));
    expect(current.state.document.spec.styleLoras).toEqual([{ loraId: FILM, weight: 0.7 }]);

    typeText(byTestId<HTMLInputElement>(container, 'lora-weight'), '5');
    expect(current.state.document.spec.styleLoras[0]!.weight).toBe(1.2);

    const prompt = byTestId<HTMLTextAreaElement>(container, 'prompt-positive');
    typeText(prompt, 'portrait');
    act(() => {
      prompt.focus();
      prompt.setSelectionRange(8, 8);
    });
    expect(allByTestId(container, 'trigger-word').map((chip) => chip.dataset.word)).toEqual(['film grain', 'kodak']);
    click(allByTestId(container, 'trigger-word')[0]!);
    expect(current.state.document.spec.prompt.positive).toBe('portrait, film grain');

    click(byTestId(container, 'lora-remove'));
    expect(current.state.document.spec.styleLoras).toEqual([]);
    expect(allByTestId(container, 'trigger-word')).toHaveLength(0);
  });

  it('keeps likeness default <= max and clamps the sampler to the schema', async () => {
    stubLoras();
    const { container, current } = renderPanel();
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
    typeText(byTestId<HTMLInputElement>(container, 'likeness-default'), '1.4');
    expect(current.state.document.spec.subject.likeness).toEqual({ default: 1.4, max: 1.4 });
    typeText(byTestId<HTMLInputElement>(container, 'likeness-max'), '0.5');
    expect(current.state.document.spec.subject.likeness).toEqual({ default: 0.5, max: 0.5 });
    typeText(byTestId<HTMLInputElement>(container, 'sampler-steps'), '400');
    const scheduler = byTestId<HTMLSelectElement>(container, 'sampler-scheduler');
    act(() => {
      scheduler.value = 'exponential';
      scheduler.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(current.state.document.spec.sampler).toMatchObject({ steps: 150, scheduler: 'exponential' });
  });

  it('puts the API\'s issues on their fields, a LoRA weight issue on that LoRA\'s row', async () => {
    stubLoras();
    const { container } = renderPanel({
      apiIssues: [
        { path: ['sampler', 'cfg'], message: 'CFG is off' },
        { path: ['styleLoras', 0, 'weight'], message: 'Weight 3 is outside 0..1.2' },
      ],
    });
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
    click(allByTestId(container, 'lora-option')[0]!);
    const errors = allByTestId(container, 'field-error');
    expect(errors.map((error) => [error.dataset.path, error.textContent])).toEqual([
      ['lora-weight', 'Weight 3 is outside 0..1.2'],
      ['sampler-cfg', 'CFG is off'],
    ]);
    expect(byTestId(container, 'lora-row').contains(errors[0]!)).toBe(true);
  });

  it('names a LoRA of another base model already in the spec and says why it does not fit, on its row', async () => {
    stubLoras();
    const { container } = renderPanel({ styleLoras: [{ loraId: SD15_LORA, weight: 0.5 }] });
    await waitFor(() => expect(byTestId(container, 'lora-row').textContent).toContain('Old Film'));
    expect(byTestId(container, 'field-error').textContent).toBe('Style LoRA "Old Film" is made for SD 1.5, but this template uses SDXL');
    expect(byTestId(container, 'lora-row').contains(byTestId(container, 'field-error'))).toBe(true);
  });

  it('speaks Chinese', async () => {
    stubLoras();
    const { container } = renderPanel({ locale: 'zh-CN' });
    expect(container.querySelector('h2')!.textContent).toBe('提示词与设置');
    expect(byTestId(container, 'base-model').textContent).toBe('基础模型：SDXL');
    typeText(byTestId<HTMLTextAreaElement>(container, 'prompt-negative'), 'no {hair}');
    expect(byTestId(container, 'field-error').textContent).toBe('未知占位符 {hair}，可用的占位符：{subject} {gender} {age}');
    await waitFor(() => expect(allByTestId(container, 'lora-option')).toHaveLength(2));
  });
});
