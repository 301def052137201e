import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { COMFY_NODE_TABLE } from './comfy-node-table.js';
import type { ComfyPrompt } from './comfy-prompt.js';
import { compileToComfyGraph } from './compile-to-comfy-graph.js';
import { makeCompileJob, makePlaceholderJob, makeStyleLoras } from './testing/make-compile-job.js';
import { validateComfyGraph } from './validate-comfy-graph.js';

// Default spec (pose + lights) with one style LoRA: every node class but EmptyLatentImage.
function makeValidGraph(): ComfyPrompt {
  const spec = { ...makeDefaultTemplateSpec('sdxl'), styleLoras: makeStyleLoras(1) };
  return compileToComfyGraph(spec, makeCompileJob(spec));
}

function makeTxt2ImgGraph(): ComfyPrompt {
  const spec = { ...makeDefaultTemplateSpec('sd15'), pose: null, lighting: { lights: [], strength: 0 } };
  return compileToComfyGraph(spec, makeCompileJob(spec));
}

// Each case breaks one thing in a valid graph and names a fragment of the problem it must cause.
const BROKEN_GRAPHS: ReadonlyArray<[string, () => unknown, string]> = [
  ['a prompt that is not an object', () => [], 'must be an object'],
  ['a node without class_type', () => ({ ...makeValidGraph(), odd: { inputs: {} } }), 'Node "odd" has no class_type'],
  ['a node without inputs', () => ({ ...makeValidGraph(), odd: { class_type: 'VAEDecode' } }), 'has no inputs object'],
  ['an unknown class_type', () => mutate((g) => (at(g, 'decode').class_type = 'VAEDecodeTiled')), 'unknown class_type "VAEDecodeTiled"'],
  ['the deprecated ControlNetApply', () => mutate((g) => (at(g, 'pose_controlnet').class_type = 'ControlNetApply')), 'unknown class_type "ControlNetApply"'],
  ['a missing required input', () => mutate((g) => delete at(g, 'sampler').inputs.scheduler), 'missing required input "scheduler"'],
  ['an input the class does not have', () => mutate((g) => (at(g, 'sampler').inputs.eta = 0.5)), 'input "eta" is not an input of KSampler'],
  ['width not a multiple of 8', () => mutateTxt2Img((g) => (at(g, 'empty_latent').inputs.width = 836)), 'input "width" must be a multiple of 8'],
  ['width below 16', () => mutateTxt2Img((g) => (at(g, 'empty_latent').inputs.width = 8)), 'input "width" must be from 16 to 8192'],
  ['height above 8192', () => mutateTxt2Img((g) => (at(g, 'empty_latent').inputs.height = 8200)), 'input "height" must be from 16 to 8192'],
  ['a fractional batch size', () => mutateTxt2Img((g) => (at(g, 'empty_latent').inputs.batch_size = 1.5)), 'input "batch_size" must be a whole number'],
  ['strength_model outside -100..100', () => mutate((g) => (at(g, 'lora_style_0').inputs.strength_model = -101)), 'input "strength_model" must be from -100 to 100'],
  ['strength_clip given as text', () => mutate((g) => (at(g, 'lora_identity').inputs.strength_clip = '0.9')), 'input "strength_clip" must be a number'],
  ['cfg above 100', () => mutate((g) => (at(g, 'sampler').inputs.cfg = 101)), 'input "cfg" must be from 0 to 100'],
  ['denoise above 1', () => mutate((g) => (at(g, 'sampler').inputs.denoise = 1.01)), 'input "denoise" must be from 0 to 1'],
  ['0 steps', () => mutate((g) => (at(g, 'sampler').inputs.steps = 0)), 'input "steps" must be from 1 to 10000'],
  ['a negative seed', () => mutate((g) => (at(g, 'sampler').inputs.seed = -1)), 'input "seed" must be from 0 to 2^64 - 1'],
  ['a seed of 2^64', () => mutate((g) => (at(g, 'sampler').inputs.seed = 2 ** 64)), 'input "seed" must be from 0 to 2^64 - 1'],
  ['ControlNet strength above 10', () => mutate((g) => (at(g, 'pose_controlnet').inputs.strength = 11)), 'input "strength" must be from 0 to 10'],
  ['end_percent above 1', () => mutate((g) => (at(g, 'pose_controlnet').inputs.end_percent = 2)), 'input "end_percent" must be from 0 to 1'],
  ['an unknown sampler', () => mutate((g) => (at(g, 'sampler').inputs.sampler_name = 'euler_typo')), 'input "sampler_name" must be one of euler,'],
  ['an empty checkpoint file name', () => mutate((g) => (at(g, 'checkpoint').inputs.ckpt_name = '')), 'must name a file in models/checkpoints'],
  ['text that is not a string', () => mutate((g) => (at(g, 'positive').inputs.text = 42)), 'input "text" must be text'],
  ['a literal where a link belongs', () => mutate((g) => (at(g, 'decode').inputs.vae = 'sdxl_vae.safetensors')), 'input "vae" must be a link to a VAE output'],
  ['a malformed link', () => mutate((g) => (at(g, 'decode').inputs.samples = ['sampler'] as never)), 'input "samples" is a malformed link'],
  ['a link to a missing node', () => mutate((g) => (at(g, 'decode').inputs.samples = ['ksampler', 0])), 'links to missing node "ksampler"'],
  ['an output index out of range', () => mutate((g) => (at(g, 'decode').inputs.vae = ['checkpoint', 3])), 'links to output 3 of "checkpoint", but CheckpointLoaderSimple has 3 output(s)'],
  ['a link to an output of the wrong type', () => mutate((g) => (at(g, 'decode').inputs.vae = ['checkpoint', 1])), 'input "vae" expects VAE but output 1 of "checkpoint" (CheckpointLoaderSimple) is CLIP'],
  ['the MASK of LoadImage as the pose image', () => mutate((g) => (at(g, 'pose_controlnet').inputs.image = ['pose_image', 1])), 'expects IMAGE but output 1 of "pose_image" (LoadImage) is MASK'],
  ['a link into a literal input', () => mutate((g) => (at(g, 'sampler').inputs.seed = ['checkpoint', 0])), 'input "seed" expects INT but output 0 of "checkpoint"'],
  ['no SaveImage', () => mutate((g) => delete g.save), 'no SaveImage node'],
  ['two SaveImage nodes', () => mutate((g) => (g.save_again = structuredClone(at(g, 'save')))), 'has 2 SaveImage nodes ("save", "save_again")'],
  ['a node that feeds nothing', () => mutate((g) => (g.stray = { class_type: 'CLIPTextEncode', inputs: { text: 'x', clip: ['checkpoint', 1] } })), 'Node "stray" (CLIPTextEncode) does not feed SaveImage "save"'],
  ['a cycle', () => mutate((g) => (at(g, 'lora_identity').inputs.model = ['lora_style_0', 0])), 'link in a cycle'],
  ['an unfilled placeholder', () => mutate((g) => (at(g, 'sampler').inputs.seed = '{{seed}}')), 'input "seed" still contains a placeholder'],
  ['an unfilled slot in a prompt', () => mutate((g) => (at(g, 'positive').inputs.text = 'photo of {{subject}}')), 'input "text" still contains a placeholder'],
];

function at(graph: ComfyPrompt, id: string) {
  const node = graph[id];
  if (!node) throw new Error(`no node "${id}"`);
  return node;
}

function mutate(change: (graph: ComfyPrompt) => unknown): ComfyPrompt {
  const graph = makeValidGraph();
  change(graph);
  return graph;
}

function mutateTxt2Img(change: (graph: ComfyPrompt) => unknown): ComfyPrompt {
  const graph = makeTxt2ImgGraph();
  change(graph);
  return graph;
}

describe('validateComfyGraph', () => {
  it('accepts the compiled img2img and txt2img graphs', () => {
    expect(validateComfyGraph(makeValidGraph())).toEqual([]);
    expect(validateComfyGraph(makeTxt2ImgGraph())).toEqual([]);
  });

  it.each(BROKEN_GRAPHS)('reports %s', (_name, makeGraph, fragment) => {
    const problems = validateComfyGraph(makeGraph());
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(fragment)]));
  });

  it('reports every problem at once, each naming its node and class', () => {
    const graph = mutate((g) => {
      at(g, 'sampler').inputs.cfg = 101;
      at(g, 'decode').inputs.vae = ['checkpoint', 1];
    });
    expect(validateComfyGraph(graph)).toEqual([
      'Node "sampler" (KSampler): input "cfg" must be from 0 to 100 (got 101)',
      'Node "decode" (VAEDecode): input "vae" expects VAE but output 1 of "checkpoint" (CheckpointLoaderSimple) is CLIP',
    ]);
  });

  it('accepts the largest seed ComfyUI takes and the optional vae of ControlNetApplyAdvanced', () => {
    const graph = mutate((g) => {
      at(g, 'sampler').inputs.seed = 2 ** 63;
      at(g, 'pose_controlnet').inputs.vae = ['checkpoint', 2];
    });
    expect(validateComfyGraph(graph)).toEqual([]);
  });

  it('accepts placeholders only when asked to, and only as a whole typed value', () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(validateComfyGraph(graph, { allowPlaceholders: true })).toEqual([]);
    expect(validateComfyGraph(graph)).toHaveLength(6); // identity LoRA, its two likeness strengths, both samplers' seed and the positive text
    at(graph, 'sampler').inputs.steps = '{{seed}} steps';
    expect(validateComfyGraph(graph, { allowPlaceholders: true })).toEqual([
      'Node "sampler" (KSampler): input "steps" must be a whole number (got "{{seed}} steps")',
    ]);
  });

  it('knows every class the compiler emits and nothing else', () => {
    expect(Object.keys(COMFY_NODE_TABLE).sort()).toEqual([
      'ApplyInstantID',
      'CLIPTextEncode',
      'CheckpointLoaderSimple',
      'ControlNetApplyAdvanced',
      'ControlNetLoader',
      'EmptyLatentImage',
      'FeatherMask',
      'ImageCompositeMasked',
      'ImageCrop',
      'ImageScale',
      'InstantIDFaceAnalysis',
      'InstantIDModelLoader',
      'KSampler',
      'LoadImage',
      'LoraLoader',
      'SaveImage',
      'SolidMask',
      'VAEDecode',
      'VAEEncode',
    ]);
  });

  it("checks the face pass's literals: a true/false switch, ImageScale's methods, whole pixel sizes", () => {
    const graph = mutate((g) => {
      at(g, 'face_composite').inputs.resize_source = 'false';
      at(g, 'face_upscale').inputs.upscale_method = 'bicubic-sharp';
      at(g, 'face_crop').inputs.width = 255.5;
    });
    expect(validateComfyGraph(graph)).toEqual([
      'Node "face_crop" (ImageCrop): input "width" must be a whole number (got 255.5)',
      'Node "face_upscale" (ImageScale): input "upscale_method" must be one of nearest-exact, bilinear, area, bicubic, lanczos (got "bicubic-sharp")',
      'Node "face_composite" (ImageCompositeMasked): input "resize_source" must be true or false (got "false")',
    ]);
  });
});
