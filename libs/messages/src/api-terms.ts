import { formatMessage, type MessageParams } from './format-message.js';

// Words the API's sentences put into placeholders. A parameter named in TERM_PARAMS carries a code
// (a version state, the path of a template spec field, ...) rather than words, so every language
// words it: the API in English here, the studio from its catalogues (`apiTerm.<key>`).
export const API_TERMS = {
  // ---- template spec fields ----------------------------------------------------------------
  // By path, item indices written as '#': {n} is the 1-based item number, {index} the 0-based one,
  // {joint} the keypoint's name (keypoint.<index>) and {axis} x or y.
  specField: 'Template spec',
  'specField.schemaVersion': 'Schema version',
  'specField.baseModel': 'Base model',
  'specField.canvas': 'Canvas',
  'specField.canvas.width': 'Canvas width',
  'specField.canvas.height': 'Canvas height',
  'specField.prompt': 'Prompt',
  'specField.prompt.positive': 'Positive prompt',
  'specField.prompt.negative': 'Negative prompt',
  'specField.subject': 'Subject',
  'specField.subject.frame': 'Subject frame',
  'specField.subject.frame.x': 'Subject frame x',
  'specField.subject.frame.y': 'Subject frame y',
  'specField.subject.frame.w': 'Subject frame width',
  'specField.subject.frame.h': 'Subject frame height',
  'specField.subject.likeness': 'Likeness',
  'specField.subject.likeness.default': 'Default likeness',
  'specField.subject.likeness.max': 'Maximum likeness',
  'specField.subject.facePass': 'Face pass',
  'specField.subject.facePass.enabled': 'Face pass on',
  'specField.subject.facePass.denoise': 'Face pass denoise',
  'specField.subject.identity': 'Identity',
  'specField.subject.identity.mode': 'Identity mode',
  'specField.pose': 'Pose',
  'specField.pose.keypoints': 'Pose keypoints',
  'specField.pose.keypoints.#': '{joint} (keypoint {index})',
  'specField.pose.keypoints.#.#': '{joint} (keypoint {index}) {axis}',
  'specField.pose.strength': 'Pose strength',
  'specField.lighting': 'Lighting',
  'specField.lighting.lights': 'Lights',
  'specField.lighting.lights.#': 'Light {n}',
  'specField.lighting.lights.#.id': 'Light {n} id',
  'specField.lighting.lights.#.kind': 'Light {n} kind',
  'specField.lighting.lights.#.x': 'Light {n} x',
  'specField.lighting.lights.#.y': 'Light {n} y',
  'specField.lighting.lights.#.radius': 'Light {n} radius',
  'specField.lighting.lights.#.intensity': 'Light {n} intensity',
  'specField.lighting.lights.#.colorTemperatureK': 'Light {n} color temperature (K)',
  'specField.lighting.strength': 'Lighting strength',
  'specField.styleLoras': 'Style LoRAs',
  'specField.styleLoras.#': 'Style LoRA {n}',
  'specField.styleLoras.#.loraId': 'Style LoRA {n} id',
  'specField.styleLoras.#.weight': 'Style LoRA {n} weight',
  'specField.reference': 'Reference image',
  'specField.reference.assetId': 'Reference image asset id',
  'specField.reference.x': 'Reference image x',
  'specField.reference.y': 'Reference image y',
  'specField.reference.scale': 'Reference image scale',
  'specField.reference.opacity': 'Reference image opacity',
  'specField.sampler': 'Sampler settings',
  'specField.sampler.steps': 'Steps',
  'specField.sampler.cfg': 'CFG scale',
  'specField.sampler.sampler': 'Sampler',
  'specField.sampler.scheduler': 'Scheduler',
  'specField.sampler.denoise': 'Denoise',
  // OpenPose COCO-18 keypoints, by index.
  'keypoint.0': 'Nose',
  'keypoint.1': 'Neck',
  'keypoint.2': 'Right shoulder',
  'keypoint.3': 'Right elbow',
  'keypoint.4': 'Right wrist',
  'keypoint.5': 'Left shoulder',
  'keypoint.6': 'Left elbow',
  'keypoint.7': 'Left wrist',
  'keypoint.8': 'Right hip',
  'keypoint.9': 'Right knee',
  'keypoint.10': 'Right ankle',
  'keypoint.11': 'Left hip',
  'keypoint.12': 'Left knee',
  'keypoint.13': 'Left ankle',
  'keypoint.14': 'Right eye',
  'keypoint.15': 'Left eye',
  'keypoint.16': 'Right ear',
  'keypoint.17': 'Left ear',
  // ---- template versions ----------------------------------------------------------------------
  'versionState.DRAFT': 'draft',
  'versionState.SUBMITTED': 'submitted',
  'versionState.CHANGES_REQUESTED': 'changes requested',
  'versionState.REJECTED': 'rejected',
  'versionState.APPROVED': 'approved',
  'versionState.PUBLISHED': 'published',
  'versionState.SUPERSEDED': 'superseded',
  // What a version event does to a version, as in "cannot be {versionAction}".
  'versionAction.SUBMIT': 'submitted for review',
  'versionAction.APPROVE': 'approved',
  'versionAction.REQUEST_CHANGES': 'sent back for changes',
  'versionAction.REJECT': 'rejected',
  'versionAction.PUBLISH': 'published',
  'versionAction.SUPERSEDE': 'superseded',
  // ---- preview jobs ---------------------------------------------------------------------------
  'jobState.QUEUED': 'queued',
  'jobState.LEASED': 'rendering',
  'jobState.SUCCEEDED': 'finished',
  'jobState.FAILED': 'failed',
  'jobState.DEAD': 'given up',
  'jobState.CANCELLED': 'cancelled',
  // ---- reviews --------------------------------------------------------------------------------
  'scoreAxis.real': 'real',
  'scoreAxis.like': 'like',
  'scoreAxis.beautiful': 'beautiful',
} as const;

export type ApiTermKey = keyof typeof API_TERMS;

/** Parameter name -> the group of terms its code belongs to; `field` holds a template spec path ("lighting.lights.1.intensity"). */
export const TERM_PARAMS = {
  field: 'specField',
  versionState: 'versionState',
  versionAction: 'versionAction',
  jobState: 'jobState',
  scoreAxis: 'scoreAxis',
} as const;

/** A language's words for a term key (`versionState.DRAFT`), or undefined when it has none. */
export type TermLookup = (key: string, params?: MessageParams) => string | undefined;

/** English, from API_TERMS. */
export const englishTerm: TermLookup = (key, params) =>
  Object.prototype.hasOwnProperty.call(API_TERMS, key) ? formatMessage(API_TERMS[key as ApiTermKey], params) : undefined;

/** The parameters with every term code worded by `lookup`; a code it has no words for stays as it is. */
export function wordTerms(params: MessageParams, lookup: TermLookup): MessageParams {
  let worded: Record<string, string | number> | undefined;
  for (const [name, group] of Object.entries(TERM_PARAMS)) {
    const code = params[name];
    if (code === undefined) continue;
    const words = group === 'specField' ? wordSpecField(String(code), lookup) : lookup(`${group}.${code}`);
    if (words === undefined) continue;
    worded ??= { ...params };
    worded[name] = words;
  }
  return worded ?? params;
}

// "pose.keypoints.3.1" -> specField.pose.keypoints.#.# with index 3, joint "Right elbow", axis y.
function wordSpecField(path: string, lookup: TermLookup): string | undefined {
  const segments = path === '' ? [] : path.split('.');
  const isIndex = (segment: string) => /^\d+$/.test(segment);
  const pattern = segments.map((segment) => (isIndex(segment) ? '#' : segment)).join('.');
  const index = Number(segments.find(isIndex) ?? 0);
  const joint = lookup(`keypoint.${index}`) ?? String(index);
  const axis = segments.at(-1) === '1' ? 'y' : 'x';
  return lookup(pattern ? `specField.${pattern}` : 'specField', { n: index + 1, index, joint, axis });
}
