import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { collectSpecIssues, findIssuesAt, insertAtCaret, toSpecIssues } from './prompt-editing';

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
  it('finds the validator\'s unknown-slot issue under the prompt, with its reason, and merges API issues without duplicates', () => {
    const spec = { ...makeDefaultTemplateSpec('sdxl'), prompt: { positive: 'a {hair} portrait', negative: '' } };
    const api = toSpecIssues([{ path: ['styleLoras', 1, 'weight'], message: 'Too heavy' }]);
    const issues = collectSpecIssues(spec, null, [...api, ...collectSpecIssues(spec, null, [])]);
    expect(findIssuesAt(issues, 'prompt.positive')).toEqual([
      {
        path: 'prompt.positive',
        message: 'Unknown slot {hair} — allowed slots are {subject}, {gender}, {age}.',
        reason: 'spec.unknownPromptSlot',
        params: { slot: '{hair}', allowed: '{subject}, {gender}, {age}' },
      },
    ]);
    expect(findIssuesAt(issues, 'styleLoras.1', true)).toEqual([{ path: 'styleLoras.1.weight', message: 'Too heavy' }]);
    expect(issues).toHaveLength(2);
  });

  it('keeps the reason and parameters of an API issue', () => {
    const params = { field: 'sampler.cfg', min: 0, max: 30, got: '31' };
    expect(toSpecIssues([{ path: ['sampler', 'cfg'], message: 'CFG scale must be between 0 and 30 (got 31).', reason: 'spec.between', params }])).toEqual([
      { path: 'sampler.cfg', message: 'CFG scale must be between 0 and 30 (got 31).', reason: 'spec.between', params },
    ]);
  });
});
