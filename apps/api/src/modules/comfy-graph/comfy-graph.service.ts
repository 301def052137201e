import { Inject, Injectable } from '@nestjs/common';
import { ageSlotWord, COMFY_NODE_IDS, NEUTRAL_AGE_WORD, PROMPT_SLOT_GENDER_WORDS, COMFY_NODE_TABLE, ComfyCompileError, compileToComfyGraph, facePhotoFileName, isLightingApplied, listNodeClasses, loraFileName, sceneMapFileNames, type ComfyPrompt, type InstantIdFiles, type PromptSlotValues } from '@atelier/comfy-compile';
import type { LoaderFiles } from '@atelier/scheduler';
import { identityModeOf, type TemplateSpec } from '@atelier/template-spec';
import type { SubjectGender } from '../preview-subject/preview-subject.entity.js';
import type { Loaders } from '../../common/loaders.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';

// Preview subjects carry a face (their identity LoRA): their renders fill the prompt slots with what
// the face's record says (gender, age) and neutral words where it says nothing.
export const PREVIEW_SLOT_VALUES: PromptSlotValues = { ...PROMPT_SLOT_GENDER_WORDS.UNSPECIFIED, age: NEUTRAL_AGE_WORD };

/** The {subject}, {gender} and {age} words a face's previews are rendered with (render recipes list the same words). */
export function previewSlotValues(face: { gender: SubjectGender; ageYears: number | null }): PromptSlotValues {
  return { ...PROMPT_SLOT_GENDER_WORDS[face.gender], age: face.ageYears === null ? PREVIEW_SLOT_VALUES.age : ageSlotWord(face.ageYears) };
}

export interface PreviewRenderGraph {
  /** The API-format prompt, ready for POST /prompt once the files below are in place. */
  prompt: ComfyPrompt;
  /**
   * Images to upload to ComfyUI's input folder under these names: the maps drawn at the canvas size,
   * and for InstantID the subject's face photo (deleted after the job).
   */
  inputImages: { poseMap?: string; lightMap?: string; facePhoto?: string };
}

// The ComfyUI graph a version renders with, with the end user's identity LoRA (its file, trigger word and
// strength, {{likeness}}), the seed and the prompt slots left as named placeholders: consumer apps run
// exactly what reviewers approved, at a likeness within the version's range.
@Injectable()
export class ComfyGraphService {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async publishedGraph(spec: TemplateSpec, specHash: string, loaders: Loaders): Promise<ComfyPrompt> {
    const loras = await Promise.all(spec.styleLoras.map((l) => loaders.loraById.load(l.loraId)));
    return compileToComfyGraph(spec, {
      checkpointName: this.config.comfy.checkpoints[spec.baseModel],
      controlNetName: this.config.comfy.openposeControlNets[spec.baseModel],
      identityLora: { placeholder: true },
      instantId: this.instantIdFiles({ placeholder: true }),
      likeness: { placeholder: true },
      styleLoras: loras.flatMap((l) => (l ? [{ loraId: l.id, fileName: loraFileName(l.sha256), triggerWords: l.triggerWords }] : [])),
      seed: { placeholder: true },
      slots: 'placeholders',
      inputImages: sceneMapFileNames(specHash),
      filenamePrefix: `atelier/${specHash.slice(0, 16)}`,
    });
  }

  /**
   * The node classes a preview of this spec runs on the box (they depend on the spec alone: a pose
   * adds the ControlNet, lights the img2img nodes, InstantID its nodes; the loader of InstantID's
   * ControlNet is left to ApplyInstantID, which stands for that file). Empty when the spec does not compile: the job
   * then fails on its worker with the compiler's sentence, as before.
   */
  previewNodeClasses(spec: TemplateSpec, specHash: string): string[] {
    try {
      // Any files and seed: they change the graph's values, never its classes.
      const anyFile = '0'.repeat(64);
      const { prompt } = this.previewGraph(spec, specHash, {
        id: '00000000-0000-4000-8000-000000000000',
        seed: 0,
        identityLoraSha256: anyFile,
        styleLoras: spec.styleLoras.map((l) => ({ id: l.loraId, sha256: anyFile, triggerWords: [] })),
        slots: PREVIEW_SLOT_VALUES,
      });
      // ControlNetLoader stands for the OpenPose file (loaderFiles); InstantID's ControlNet loader is
      // needed through ApplyInstantID, so an unposed InstantID job does not wait for an OpenPose file.
      const { [COMFY_NODE_IDS.instantIdControlNetLoader]: _instantIdControlNet, ...needed } = prompt;
      return listNodeClasses(needed);
    } catch (error) {
      if (error instanceof ComfyCompileError) return [];
      throw error;
    }
  }

  /**
   * Per base model, the file each loader node class of a graph loads, as this API's config names
   * them: a box runs a graph with that loader only when it lists the file (libs/scheduler).
   */
  loaderFiles(): LoaderFiles {
    const { checkpoints, openposeControlNets, instantId } = this.config.comfy;
    const forModel = (baseModel: 'sd15' | 'sdxl') => ({
      CheckpointLoaderSimple: { folder: 'checkpoints', file: checkpoints[baseModel] },
      ControlNetLoader: { folder: 'controlnet', file: openposeControlNets[baseModel] },
    });
    // InstantID is SDXL only. Its ControlNet is loaded by the standard ControlNetLoader, which already
    // stands for the OpenPose file; ApplyInstantID, the one class that uses it, stands for it instead.
    const instantIdLoaders = {
      InstantIDModelLoader: { folder: 'instantid', file: instantId.model },
      ApplyInstantID: { folder: 'controlnet', file: instantId.controlNet },
    };
    return { sd15: forModel('sd15'), sdxl: { ...forModel('sdxl'), ...instantIdLoaders } };
  }

  /** Every node class a compiled graph may use: what is kept of a box's report for leasing. */
  compiledNodeClasses(): string[] {
    return Object.keys(COMFY_NODE_TABLE).sort();
  }

  // The graph one preview job runs on a ComfyUI worker: the same compile as the published graph,
  // with the preview subject's identity LoRA (and its trigger word), the job's seed and the face's
  // slot values filled in.
  previewGraph(
    spec: TemplateSpec,
    specHash: string,
    job: { id: string; seed: number; likeness?: number; identityLoraSha256: string; identityTriggerWord?: string | null; styleLoras: ReadonlyArray<{ id: string; sha256: string; triggerWords: string[] }>; slots: PromptSlotValues },
  ): PreviewRenderGraph {
    const names = sceneMapFileNames(specHash);
    const isInstantId = identityModeOf(spec) === 'instantid';
    const inputImages = {
      ...(spec.pose ? { poseMap: names.poseMap } : {}),
      ...(isLightingApplied(spec) ? { lightMap: names.lightMap } : {}),
      ...(isInstantId ? { facePhoto: facePhotoFileName(job.id) } : {}),
    };
    const prompt = compileToComfyGraph(spec, {
      checkpointName: this.config.comfy.checkpoints[spec.baseModel],
      controlNetName: this.config.comfy.openposeControlNets[spec.baseModel],
      identityLora: { fileName: loraFileName(job.identityLoraSha256), triggerWord: job.identityTriggerWord ?? null },
      ...(isInstantId ? { instantId: this.instantIdFiles(facePhotoFileName(job.id)) } : {}),
      styleLoras: job.styleLoras.map((l) => ({ loraId: l.id, fileName: loraFileName(l.sha256), triggerWords: l.triggerWords })),
      seed: job.seed,
      ...(job.likeness !== undefined ? { likeness: job.likeness } : {}),
      slots: job.slots,
      inputImages,
      filenamePrefix: `atelier/preview-${job.id}`,
    });
    return { prompt, inputImages };
  }

  // The configured InstantID model files (SDXL) and the face photo's name in ComfyUI's input folder.
  private instantIdFiles(facePhoto: InstantIdFiles['facePhoto']): InstantIdFiles {
    const { model, controlNet } = this.config.comfy.instantId;
    return { modelName: model, controlNetName: controlNet, facePhoto };
  }
}
