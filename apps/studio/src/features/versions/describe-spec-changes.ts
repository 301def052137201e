// diffSpecs' change kinds -> short lines a designer reads ("Moved the right wrist", "Film grain: weight
// 0.6 → 0.8"), grouped by what they touch. Prompts are left out: the page shows them as a text diff.
import type { SpecChange, TemplateSpec } from '@atelier/template-spec';
import type { MessageKey, MessageParams } from '../../i18n/types';

export type ChangeSection = 'model' | 'canvas' | 'subject' | 'pose' | 'lights' | 'loras' | 'reference' | 'sampler';
export type ChangeTone = 'added' | 'removed' | 'changed';

export interface ChangeLine {
  section: ChangeSection;
  tone: ChangeTone;
  text: string;
}

export const CHANGE_SECTIONS: readonly ChangeSection[] = ['model', 'canvas', 'subject', 'pose', 'lights', 'loras', 'reference', 'sampler'];

type Translate = (key: MessageKey, params?: MessageParams) => string;

interface DescribeOptions {
  t: Translate;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** The newer spec: a changed light is named by its kind there. */
  newer: TemplateSpec;
  /** LoRA id -> its registry name; an unknown id shows shortened. */
  loraNames: ReadonlyMap<string, string>;
}

// Which section and label each scalar path of the spec belongs to.
const FIELD_LABELS: Readonly<Record<string, { section: ChangeSection; key: MessageKey }>> = {
  schemaVersion: { section: 'model', key: 'versions.field.schemaVersion' },
  baseModel: { section: 'model', key: 'versions.field.baseModel' },
  'canvas.width': { section: 'canvas', key: 'versions.field.canvasWidth' },
  'canvas.height': { section: 'canvas', key: 'versions.field.canvasHeight' },
  'subject.frame.x': { section: 'subject', key: 'versions.field.frameX' },
  'subject.frame.y': { section: 'subject', key: 'versions.field.frameY' },
  'subject.frame.w': { section: 'subject', key: 'versions.field.frameW' },
  'subject.frame.h': { section: 'subject', key: 'versions.field.frameH' },
  'subject.likeness.default': { section: 'subject', key: 'versions.field.likenessDefault' },
  'subject.likeness.max': { section: 'subject', key: 'versions.field.likenessMax' },
  'subject.facePass.denoise': { section: 'subject', key: 'versions.field.facePassDenoise' },
  'subject.identity.mode': { section: 'subject', key: 'versions.field.identityMode' },
  'pose.strength': { section: 'pose', key: 'versions.field.poseStrength' },
  'lighting.strength': { section: 'lights', key: 'versions.field.lightingStrength' },
  'reference.assetId': { section: 'reference', key: 'versions.field.referenceImage' },
  'reference.x': { section: 'reference', key: 'versions.field.referenceX' },
  'reference.y': { section: 'reference', key: 'versions.field.referenceY' },
  'reference.scale': { section: 'reference', key: 'versions.field.referenceScale' },
  'reference.opacity': { section: 'reference', key: 'versions.field.referenceOpacity' },
  'sampler.steps': { section: 'sampler', key: 'versions.field.steps' },
  'sampler.cfg': { section: 'sampler', key: 'versions.field.cfg' },
  'sampler.sampler': { section: 'sampler', key: 'versions.field.sampler' },
  'sampler.scheduler': { section: 'sampler', key: 'versions.field.scheduler' },
  'sampler.denoise': { section: 'sampler', key: 'versions.field.denoise' },
};

// Positions and sizes of the frame and reference are fractions of the canvas: shown as percentages.
const PERCENT_PATHS = new Set(['subject.frame.x', 'subject.frame.y', 'subject.frame.w', 'subject.frame.h', 'reference.x', 'reference.y', 'reference.opacity']);

/** Changes between two specs -> one translated line per thing a designer changed, in spec order. */
export function describeSpecChanges(changes: readonly SpecChange[], { t, formatNumber, newer, loraNames }: DescribeOptions): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const number = (value: number) => formatNumber(value, { maximumFractionDigits: 2 });
  const percent = (value: number) => formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
  const joint = (index: number) => t(`versions.joint.${index}` as MessageKey);
  const lightKind = (kind: string) => t(`editor.light.kind.${kind}` as MessageKey);
  const loraName = (id: string) => loraNames.get(id) ?? t('versions.unknownLora', { id: id.slice(0, 8) });
  const movedLights = new Set<number>();

  for (const change of changes) {
    switch (change.kind) {
      case 'prompt-changed':
        break;
      case 'field-changed': {
        const label = FIELD_LABELS[change.path];
        const format = (value: string | number) => {
          if (typeof value === 'number') return PERCENT_PATHS.has(change.path) ? percent(value) : number(value);
          if (change.path === 'baseModel') return value.toUpperCase();
          if (change.path === 'subject.identity.mode') return t(`versions.identityMode.${value}` as MessageKey);
          return value;
        };
        if (change.path === 'reference.assetId') {
          lines.push({ section: 'reference', tone: 'changed', text: t('versions.change.referenceReplaced') });
        } else {
          lines.push({
            section: label?.section ?? 'model',
            tone: 'changed',
            text: t('versions.change.field', { field: label ? t(label.key) : change.path, before: format(change.before), after: format(change.after) }),
          });
        }
        break;
      }
      case 'pose-added':
        lines.push({ section: 'pose', tone: 'added', text: t('versions.change.poseAdded') });
        break;
      case 'pose-removed':
        lines.push({ section: 'pose', tone: 'removed', text: t('versions.change.poseRemoved') });
        break;
      case 'joint-moved':
        lines.push({ section: 'pose', tone: 'changed', text: t('versions.change.jointMoved', { joint: joint(change.index) }) });
        break;
      case 'joint-added':
        lines.push({ section: 'pose', tone: 'added', text: t('versions.change.jointShown', { joint: joint(change.index) }) });
        break;
      case 'joint-removed':
        lines.push({ section: 'pose', tone: 'removed', text: t('versions.change.jointHidden', { joint: joint(change.index) }) });
        break;
      case 'light-added':
        lines.push({ section: 'lights', tone: 'added', text: t('versions.change.lightAdded', { kind: lightKind(change.light.kind) }) });
        break;
      case 'light-removed':
        lines.push({ section: 'lights', tone: 'removed', text: t('versions.change.lightRemoved', { kind: lightKind(change.light.kind) }) });
        break;
      case 'light-changed': {
        const newerLight = newer.lighting.lights[change.index];
        const lightName = newerLight ? lightKind(newerLight.kind) : t('versions.aLight');
        if (change.field === 'x' || change.field === 'y') {
          if (movedLights.has(change.index)) break;
          movedLights.add(change.index);
          lines.push({ section: 'lights', tone: 'changed', text: t('versions.change.lightMoved', { kind: lightName }) });
        } else if (change.field === 'kind') {
          lines.push({ section: 'lights', tone: 'changed', text: t('versions.change.lightKind', { before: lightKind(String(change.before)), after: lightKind(String(change.after)) }) });
        } else {
          const fieldKey: MessageKey = change.field === 'radius' ? 'versions.field.lightRadius' : change.field === 'intensity' ? 'versions.field.lightIntensity' : 'versions.field.lightTemperature';
          const format = (value: string | number) => (change.field === 'colorTemperatureK' ? t('versions.kelvin', { value: Number(value) }) : number(Number(value)));
          lines.push({ section: 'lights', tone: 'changed', text: t('versions.change.lightField', { kind: lightName, field: t(fieldKey), before: format(change.before), after: format(change.after) }) });
        }
        break;
      }
      case 'lights-reordered':
        lines.push({ section: 'lights', tone: 'changed', text: t('versions.change.lightsReordered') });
        break;
      case 'lora-added':
        lines.push({ section: 'loras', tone: 'added', text: t('versions.change.loraAdded', { name: loraName(change.loraId), weight: number(change.weight) }) });
        break;
      case 'lora-removed':
        lines.push({ section: 'loras', tone: 'removed', text: t('versions.change.loraRemoved', { name: loraName(change.loraId), weight: number(change.weight) }) });
        break;
      case 'lora-reweighted':
        lines.push({ section: 'loras', tone: 'changed', text: t('versions.change.loraReweighted', { name: loraName(change.loraId), before: number(change.before), after: number(change.after) }) });
        break;
      case 'loras-reordered':
        lines.push({ section: 'loras', tone: 'changed', text: t('versions.change.lorasReordered') });
        break;
      case 'reference-added':
        lines.push({ section: 'reference', tone: 'added', text: t('versions.change.referenceAdded') });
        break;
      case 'reference-removed':
        lines.push({ section: 'reference', tone: 'removed', text: t('versions.change.referenceRemoved') });
        break;
      // A spec without facePass renders with it off: only turning it on or off shows.
      case 'face-pass-added':
        if (change.facePass.enabled) lines.push({ section: 'subject', tone: 'added', text: t('versions.change.facePassOn', { denoise: number(change.facePass.denoise) }) });
        break;
      case 'face-pass-removed':
        if (change.facePass.enabled) lines.push({ section: 'subject', tone: 'removed', text: t('versions.change.facePassOff') });
        break;
      case 'face-pass-switched':
        lines.push(
          change.isEnabled
            ? { section: 'subject', tone: 'added', text: t('versions.change.facePassOn', { denoise: number(change.denoise) }) }
            : { section: 'subject', tone: 'removed', text: t('versions.change.facePassOff') },
        );
        break;
    }
  }
  return lines;
}
