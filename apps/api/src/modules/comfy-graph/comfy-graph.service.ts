import { Inject, Injectable } from '@nestjs/common';
import { compileToComfyGraph, type ComfyPrompt } from '@atelier/comfy-compile';
import type { TemplateSpec } from '@atelier/template-spec';
import type { Loaders } from '../../common/loaders.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';

// Workers keep LoRA files under their SHA-256, so graphs name them that way.
export function loraFileName(sha256: string): string {
  return `${sha256}.safetensors`;
}

// Names of the conditioning images a runner uploads to ComfyUI before queueing the graph.
export function sceneMapFileNames(specHash: string): { poseMap: string; lightMap: string } {
  return { poseMap: `atelier-pose-${specHash.slice(0, 16)}.png`, lightMap: `atelier-light-${specHash.slice(0, 16)}.png` };
}

// The ComfyUI graph a version renders with, with the end user's identity LoRA, the seed and the
// prompt slots left as named placeholders: consumer apps run exactly what reviewers approved.
@Injectable()
export class ComfyGraphService {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async publishedGraph(spec: TemplateSpec, specHash: string, loaders: Loaders): Promise<ComfyPrompt> {
    const loras = await Promise.all(spec.styleLoras.map((l) => loaders.loraById.load(l.loraId)));
    return compileToComfyGraph(spec, {
      checkpointName: this.config.comfy.checkpoints[spec.baseModel],
      controlNetName: this.config.comfy.openposeControlNets[spec.baseModel],
      identityLora: { placeholder: true },
      styleLoras: loras.flatMap((l) => (l ? [{ loraId: l.id, fileName: loraFileName(l.sha256), triggerWords: l.triggerWords }] : [])),
      seed: { placeholder: true },
      slots: 'placeholders',
      inputImages: sceneMapFileNames(specHash),
      filenamePrefix: `atelier/${specHash.slice(0, 16)}`,
    });
  }
}
