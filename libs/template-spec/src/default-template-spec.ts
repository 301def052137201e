// The spec a new template starts from: a standing portrait that validates and renders as is.
import { FACE_PASS_DEFAULT_DENOISE, type BaseModel, type Keypoint, type TemplateSpec } from './template-spec.schema.js';

// A figure standing facing the camera, arms relaxed; COCO-18 order, so the subject's right is image left.
const STANDING_PORTRAIT_KEYPOINTS: readonly (readonly [number, number])[] = [
  [0.5, 0.14], // nose
  [0.5, 0.22], // neck
  [0.36, 0.235], // right shoulder
  [0.33, 0.39], // right elbow
  [0.32, 0.53], // right wrist
  [0.64, 0.235], // left shoulder
  [0.67, 0.39], // left elbow
  [0.68, 0.53], // left wrist
  [0.41, 0.53], // right hip
  [0.42, 0.71], // right knee
  [0.42, 0.89], // right ankle
  [0.59, 0.53], // left hip
  [0.58, 0.71], // left knee
  [0.58, 0.89], // left ankle
  [0.465, 0.125], // right eye
  [0.535, 0.125], // left eye
  [0.435, 0.135], // right ear
  [0.565, 0.135], // left ear
];

// Both are the usual portrait (2:3-ish) resolutions each model was trained around.
const CANVAS_BY_BASE_MODEL: Readonly<Record<BaseModel, { width: number; height: number }>> = {
  sdxl: { width: 832, height: 1216 },
  sd15: { width: 512, height: 768 },
};

/** A base model -> a fresh, valid portrait spec (nothing shared between calls, so callers may mutate it). */
export function makeDefaultTemplateSpec(baseModel: BaseModel = 'sdxl'): TemplateSpec {
  return {
    schemaVersion: 1,
    baseModel,
    canvas: { ...CANVAS_BY_BASE_MODEL[baseModel] },
    prompt: {
      positive:
        'portrait photo of {subject}, {gender}, {age} years old, standing, natural skin texture, ' +
        'soft studio light, 85mm lens, sharp focus',
      negative:
        'cartoon, illustration, plastic skin, airbrushed, deformed hands, extra fingers, blurry, watermark, text',
    },
    subject: {
      frame: { x: 0.2, y: 0.04, w: 0.6, h: 0.9 },
      likeness: { default: 0.9, max: 1.2 },
      // A portrait's face is small in a full-body frame: new templates re-sample it by default.
      facePass: { enabled: true, denoise: FACE_PASS_DEFAULT_DENOISE },
    },
    pose: {
      keypoints: STANDING_PORTRAIT_KEYPOINTS.map((point): Keypoint => [point[0], point[1]]),
      strength: 1,
    },
    lighting: {
      lights: [
        { id: 'key', kind: 'key', x: 0.28, y: 0.2, radius: 0.45, intensity: 1, colorTemperatureK: 5600 },
        { id: 'fill', kind: 'fill', x: 0.78, y: 0.3, radius: 0.6, intensity: 0.4, colorTemperatureK: 5600 },
      ],
      strength: 0.5,
    },
    styleLoras: [],
    reference: null,
    sampler: { steps: 30, cfg: 5, sampler: 'dpmpp_2m', scheduler: 'karras', denoise: 1 },
  };
}
