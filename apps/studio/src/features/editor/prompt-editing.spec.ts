import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { collectSpecIssues, findIssueMessages, findPromptProblems, insertAtCaret, toSpecIssues } from './prompt-editing';

describe('insertAtCaret', () => {
  it('puts a slot exactly at the caret, replacing a selection', () => {
    expect(insertAtCaret('portrait of  smiling', 12, 12, '{subject}')).toEqual({ text: 'portrait of {subject} smiling', caret: 21 });
    expect(insertAtCaret('a XX b', 2, 4, '{age}')).toEqual({ text: 'a {age} b', caret: 7 });
  });

  it('separates a trigger word with a comma unless it starts the prompt or follows one', () => {
    expect(insertAtCaret('portrait', 8, 8, 'film grain', true).text).toBe('portrait, film grain');
    expect(insertAtCaret('portrait, ', 10, 10, 'film grain', true).text).toBe('portrait, film grain');
    expect(insertAtCaret('', 0, 0, 'film grain', true)).toEqual({ text: 'film grain', caret: 10 });
  });
});

describe('issues', () => {
  it('finds the validator\'s unknown-slot issue under the prompt and merges API issues without duplicates', () => {
    const spec = { ...makeDefaultTemplateSpec('sdxl'), prompt: { positive: 'a {hair} portrait', negative: '' } };
    const api = toSpecIssues([{ path: ['styleLoras', 1, 'weight'], message: 'Too heavy' }]);
    const issues = collectSpecIssues(spec, null, [...api, ...collectSpecIssues(spec, null, [])]);
    expect(findIssueMessages(issues, 'prompt.positive')).toEqual(['Unknown slot {hair} — allowed slots are {subject}, {gender}, {age}']);
    expect(findIssueMessages(issues, 'styleLoras.1', true)).toEqual(['Too heavy']);
    expect(issues).toHaveLength(2);
  });
});

describe('findPromptProblems', () => {
  it('finds each unknown slot once and an empty positive prompt, with the validator\'s messages they stand for', () => {
    const spec = { ...makeDefaultTemplateSpec('sdxl'), prompt: { positive: ' ', negative: '{hair} {hair} {age} {eyes}' } };
    const result = collectSpecIssues(spec, null, []);
    const negative = findPromptProblems(spec.prompt.negative, false);
    expect(negative.problems).toEqual([{ kind: 'unknownSlot', slot: 'hair' }, { kind: 'unknownSlot', slot: 'eyes' }]);
    expect(findIssueMessages(result, 'prompt.negative').every((message) => negative.coveredMessages.has(message))).toBe(true);
    const positive = findPromptProblems(spec.prompt.positive, true);
    expect(positive.problems).toEqual([{ kind: 'empty' }]);
    expect(findIssueMessages(result, 'prompt.positive').every((message) => positive.coveredMessages.has(message))).toBe(true);
  });
});
