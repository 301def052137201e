import { diffSpecs, makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { createTranslator } from '../../i18n/translator';
import { describeSpecChanges } from './describe-spec-changes';

const FILM = '3f8a2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const SOFT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OIL = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const loraNames = new Map([
  [FILM, 'Film grain'],
  [SOFT, 'Soft focus'],
]);

function describeIn(locale: 'en' | 'zh-CN', older: TemplateSpec, newer: TemplateSpec) {
  const { t, formatNumber } = createTranslator(locale);
  return describeSpecChanges(diffSpecs(older, newer), { t, formatNumber, newer, loraNames });
}

describe('describeSpecChanges', () => {
  it('says nothing for equal specs and leaves prompt edits to the text diff', () => {
    const older = makeDefaultTemplateSpec();
    expect(describeIn('en', older, makeDefaultTemplateSpec())).toEqual([]);
    const newer = { ...older, prompt: { ...older.prompt, positive: 'something else' } };
    expect(describeIn('en', older, newer)).toEqual([]);
  });

  it('says when the face pass was turned on or off and its denoise changed, and nothing for settings that render the same', () => {
    const on = makeDefaultTemplateSpec();
    const { facePass: _facePass, ...subject } = on.subject;
    const saved = { ...on, subject };
    const off = { ...on, subject: { ...on.subject, facePass: { enabled: false, denoise: 0.35 } } };
    const stronger = { ...on, subject: { ...on.subject, facePass: { enabled: true, denoise: 0.5 } } };
    expect(describeIn('en', saved, on)).toEqual([{ section: 'subject', tone: 'added', text: 'Turned the face pass on (denoise 0.35)' }]);
    expect(describeIn('en', on, saved)).toEqual([{ section: 'subject', tone: 'removed', text: 'Turned the face pass off' }]);
    expect(describeIn('en', on, off)).toEqual([{ section: 'subject', tone: 'removed', text: 'Turned the face pass off' }]);
    expect(describeIn('en', on, stronger)).toEqual([{ section: 'subject', tone: 'changed', text: 'Face pass denoise: 0.35 → 0.5' }]);
    expect(describeIn('zh-CN', off, on)).toEqual([{ section: 'subject', tone: 'added', text: '开启了面部精修（去噪强度 0.35）' }]);
    expect(describeIn('en', saved, off)).toEqual([]);
  });

  it('names LoRAs added, removed and reweighted by their registry names', () => {
    const older = { ...makeDefaultTemplateSpec(), styleLoras: [{ loraId: FILM, weight: 0.6 }, { loraId: OIL, weight: 0.3 }] };
    const newer = { ...makeDefaultTemplateSpec(), styleLoras: [{ loraId: FILM, weight: 0.8 }, { loraId: SOFT, weight: 0.5 }] };
    expect(describeIn('en', older, newer)).toEqual([
      { section: 'loras', tone: 'removed', text: 'Removed LoRA a1b2c3d4… (weight 0.3)' },
      { section: 'loras', tone: 'changed', text: 'Film grain: weight 0.6 → 0.8' },
      { section: 'loras', tone: 'added', text: 'Added Soft focus at weight 0.5' },
    ]);
  });

  it('reports a moved joint by its name and a light moved on both axes once, in both languages', () => {
    const older = makeDefaultTemplateSpec();
    const newer = makeDefaultTemplateSpec();
    newer.pose!.keypoints[3] = [0.3, 0.4];
    newer.lighting.lights[1] = { ...newer.lighting.lights[1]!, x: 0.7, y: 0.4, colorTemperatureK: 3200 };
    expect(describeIn('en', older, newer).map((line) => [line.section, line.text])).toEqual([
      ['pose', 'Moved the right elbow'],
      ['lights', 'Moved the light: Fill'],
      ['lights', 'Light Fill, colour temperature: 5,600 K → 3,200 K'],
    ]);
    expect(describeIn('zh-CN', older, newer).map((line) => line.text)).toEqual(['移动了右肘', '移动了灯光：补光', '补光 色温：5,600 K → 3,200 K']);
  });

  it('turns sampler, likeness, canvas and frame fields into labelled before → after lines', () => {
    const older = makeDefaultTemplateSpec();
    const newer = makeDefaultTemplateSpec();
    newer.sampler = { ...newer.sampler, steps: 40, sampler: 'euler' };
    newer.subject.likeness = { default: 1, max: 1.2 };
    newer.subject.frame = { ...newer.subject.frame, w: 0.5 };
    newer.canvas = { width: 1024, height: 1216 };
    expect(describeIn('en', older, newer)).toEqual([
      { section: 'canvas', tone: 'changed', text: 'Width: 832 → 1,024' },
      { section: 'subject', tone: 'changed', text: 'Subject frame width: 60% → 50%' },
      { section: 'subject', tone: 'changed', text: 'Likeness: 0.9 → 1' },
      { section: 'sampler', tone: 'changed', text: 'Steps: 30 → 40' },
      { section: 'sampler', tone: 'changed', text: 'Sampler: dpmpp_2m → euler' },
    ]);
  });

  it('names a change of identity mode in both languages', () => {
    const older = makeDefaultTemplateSpec();
    const newer: TemplateSpec = { ...older, subject: { ...older.subject, identity: { mode: 'instantid' } } };
    expect(describeIn('en', older, newer)).toEqual([{ section: 'subject', tone: 'changed', text: 'Identity: identity LoRA → InstantID' }]);
    expect(describeIn('zh-CN', newer, older).map((line) => line.text)).toEqual(['身份：InstantID → 身份 LoRA']);
  });

  it('describes lights added and removed, a hidden joint and a removed pose', () => {
    const older = makeDefaultTemplateSpec();
    const newer = makeDefaultTemplateSpec();
    newer.lighting.lights = [newer.lighting.lights[0]!, { id: 'rim', kind: 'rim', x: 0.9, y: 0.1, radius: 0.3, intensity: 0.8, colorTemperatureK: 6500 }];
    newer.pose!.keypoints[16] = null;
    expect(describeIn('en', older, newer).map((line) => [line.tone, line.text])).toEqual([
      ['removed', 'Hid the right ear'],
      ['removed', 'Removed a light: Fill'],
      ['added', 'Added a light: Rim'],
    ]);
    expect(describeIn('en', older, { ...older, pose: null }).map((line) => line.text)).toEqual(['Removed the pose']);
  });
});
