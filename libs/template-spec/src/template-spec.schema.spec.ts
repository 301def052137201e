import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec } from './default-template-spec.js';
import { PROMPT_SLOTS, findPromptSlots, identityModeOf, templateSpecSchema } from './template-spec.schema.js';
import { describeSpecPath } from './spec-issue-messages.js';

describe('templateSpecSchema', () => {
  it('accepts the default spec unchanged', () => {
    const spec = makeDefaultTemplateSpec();
    expect(templateSpecSchema.parse(spec)).toEqual(spec);
  });

  it('reads a spec without an identity mode as the identity LoRA, and keeps a given mode', () => {
    const spec = makeDefaultTemplateSpec();
    const parsed = templateSpecSchema.parse(spec);
    expect('identity' in parsed.subject).toBe(false);
    expect(identityModeOf(parsed)).toBe('lora');
    const instantId = { ...spec, subject: { ...spec.subject, identity: { mode: 'instantid' } } };
    expect(identityModeOf(templateSpecSchema.parse(instantId))).toBe('instantid');
  });

  it('gives designer-readable messages when parsed directly', () => {
    const spec = { ...makeDefaultTemplateSpec(), canvas: { width: 1001, height: 1216 } };
    const result = templateSpecSchema.safeParse(spec);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Canvas width must be a multiple of 8 (got 1001).']);
  });

  it('keeps an unknown key as an error instead of dropping it', () => {
    const spec = { ...makeDefaultTemplateSpec(), sampler: { ...makeDefaultTemplateSpec().sampler, seed: 42 } };
    const result = templateSpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['sampler'], message: expect.stringContaining('"seed"') });
  });
});

describe('findPromptSlots', () => {
  it('lists every {word} with its position and whether it is a known slot', () => {
    expect(findPromptSlots('{subject}, {hair} hair')).toEqual([
      { name: 'subject', isKnownSlot: true, start: 0, end: 9 },
      { name: 'hair', isKnownSlot: false, start: 11, end: 17 },
    ]);
  });

  it('ignores braces that are not a single word', () => {
    expect(findPromptSlots('{red|blue} dress, { } and {two words}')).toEqual([]);
  });

  it('offers exactly the subject, gender and age slots', () => {
    expect(PROMPT_SLOTS).toEqual(['subject', 'gender', 'age']);
  });
});

describe('describeSpecPath', () => {
  it.each([
    [['canvas', 'width'], 'Canvas width'],
    [['lighting', 'lights', 1, 'intensity'], 'Light 2 intensity'],
    [['styleLoras', 0, 'weight'], 'Style LoRA 1 weight'],
    [['pose', 'keypoints', 3], 'Right elbow (keypoint 3)'],
    [['pose', 'keypoints', 17, 1], 'Left ear (keypoint 17) y'],
    [[], 'Template spec'],
    [['canvas', 'depth'], 'canvas.depth'],
  ])('labels %j as "%s"', (path, label) => {
    expect(describeSpecPath(path)).toBe(label);
  });
});
