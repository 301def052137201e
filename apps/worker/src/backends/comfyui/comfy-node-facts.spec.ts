import { describe, expect, it } from '@jest/globals';
import { COMFY_NODE_TABLE, INSTANTID_NODE_CLASSES, type ComfyInputSpec } from '@atelier/comfy-compile';
import { expectLabelled } from '../../../../../testing/expect-labelled.js';
import { MODEL_FILE_INPUTS } from './comfy-client.js';
import { comfyFolderPath, isFolderList, loadComfyNodeFacts, type ComfyInputDecl } from './testing/comfyui-node-facts.js';

// The compiler's node table (libs/comfy-compile) must agree with what ComfyUI itself declares
// (comfyui-node-facts.json, read from ComfyUI's nodes.py and ComfyUI_InstantID): same classes,
// inputs, types and outputs, and nothing the compiler emits outside ComfyUI's ranges or choices.

const facts = loadComfyNodeFacts();

// Optional inputs the compiler accepts that the recorded ComfyUI does not declare, and why that is safe.
const OPTIONAL_INPUTS_BEYOND_FACTS: Readonly<Record<string, readonly string[]>> = {
  // Declared optional by later ComfyUI builds; at the recorded commit validate_inputs reads only the
  // required inputs and get_input_data drops undeclared ones, so a graph carrying it still runs. The
  // compiler never emits it.
  ControlNetApplyAdvanced: ['vae'],
};

function describeMismatch(spec: ComfyInputSpec, decl: ComfyInputDecl | undefined): string | null {
  if (!decl) return 'ComfyUI does not declare this input';
  const [type, options = {}] = decl;
  const min = typeof options['min'] === 'number' ? options['min'] : -Infinity;
  const max = typeof options['max'] === 'number' ? options['max'] : Infinity;
  switch (spec.type) {
    case 'INT':
    case 'FLOAT':
      if (type !== spec.type) return `compiler says ${spec.type}, ComfyUI says ${JSON.stringify(type)}`;
      if (spec.min < min || spec.max > max) return `compiler range ${spec.min}..${spec.max} is outside ComfyUI's ${min}..${max}`;
      if (spec.type === 'INT' && spec.step !== undefined && options['step'] !== undefined && spec.step % Number(options['step']) !== 0) return `compiler step ${spec.step} is not a multiple of ComfyUI's ${String(options['step'])}`;
      return null;
    case 'STRING':
      return type === 'STRING' ? null : `compiler says STRING, ComfyUI says ${JSON.stringify(type)}`;
    case 'BOOLEAN':
      return type === 'BOOLEAN' ? null : `compiler says BOOLEAN, ComfyUI says ${JSON.stringify(type)}`;
    case 'FILE':
      if (!isFolderList(type)) return `compiler says a file in ${spec.folder}, ComfyUI says ${JSON.stringify(type)}`;
      return comfyFolderPath(type.files) === spec.folder ? null : `compiler says ${spec.folder}, ComfyUI lists ${comfyFolderPath(type.files)}`;
    case 'COMBO': {
      if (!Array.isArray(type)) return `compiler says a choice, ComfyUI says ${JSON.stringify(type)}`;
      const unknown = spec.options.filter((o) => !(type as readonly string[]).includes(o));
      return unknown.length ? `ComfyUI does not offer ${unknown.join(', ')}` : null;
    }
    default:
      return type === spec.type ? null : `compiler links ${spec.type}, ComfyUI takes ${JSON.stringify(type)}`;
  }
}

describe("the worker's list of model-file inputs against ComfyUI's declarations", () => {
  it('knows every input of the compiler\'s and InstantID\'s classes that lists a models folder, and no other', () => {
    const classes = new Set([...Object.keys(COMFY_NODE_TABLE), ...Object.entries(facts.nodes).filter(([, n]) => n.source === 'instantid').map(([name]) => name)]);
    const declared = [...classes].flatMap((name) =>
      Object.entries(facts.nodes[name]!.input.required)
        .filter(([, [type]]) => isFolderList(type) && type.files !== 'input')
        .map(([input, [type]]) => ({ classType: name, input, folder: comfyFolderPath((type as { files: string }).files) })),
    );
    expect(declared.sort((a, b) => a.classType.localeCompare(b.classType))).toEqual(
      Object.entries(MODEL_FILE_INPUTS)
        .map(([classType, m]) => ({ classType, input: m.input, folder: m.folder }))
        .sort((a, b) => a.classType.localeCompare(b.classType)),
    );
  });
});

describe("the compiler's node table against ComfyUI's own declarations", () => {
  it('names where every fact comes from', () => {
    for (const [name, node] of Object.entries(facts.nodes)) {
      const source = facts.sources[node.source];
      expectLabelled(source?.repo, name).toMatch(/^[\w.-]+\/[\w.-]+$/);
      if (node.lists_from) expectLabelled(facts.sources[node.lists_from], name).toBeDefined();
    }
    for (const [key, source] of Object.entries(facts.sources)) {
      if (source.commit !== null) expectLabelled(source.commit, key).toMatch(/^[0-9a-f]{40}$/);
      else expectLabelled(source.notes, key).toMatch(/no commit/);
    }
  });

  it('compiles InstantID to the classes cubiq/ComfyUI_InstantID declares, from its recorded commit', () => {
    for (const classType of INSTANTID_NODE_CLASSES) {
      expectLabelled(COMFY_NODE_TABLE[classType], classType).toBeDefined();
      expectLabelled(facts.nodes[classType]?.source, classType).toBe('instantid');
    }
    expect(facts.sources['instantid']?.repo).toBe('cubiq/ComfyUI_InstantID');
    expect(Object.keys(COMFY_NODE_TABLE).filter((c) => facts.nodes[c]?.source === 'instantid').sort()).toEqual([...INSTANTID_NODE_CLASSES]);
  });

  it.each(Object.keys(COMFY_NODE_TABLE))('%s: same required inputs, types within ComfyUI ranges, same outputs', (classType) => {
    const ours = COMFY_NODE_TABLE[classType]!;
    const theirs = facts.nodes[classType];
    expect(theirs).toBeDefined();
    expect(Object.keys(ours.required).sort()).toEqual(Object.keys(theirs!.input.required).sort());
    for (const [name, spec] of Object.entries(ours.required)) {
      expectLabelled(describeMismatch(spec, theirs!.input.required[name]), `${classType}.${name}`).toBeNull();
    }
    for (const [name, spec] of Object.entries(ours.optional ?? {})) {
      const decl = theirs!.input.optional?.[name];
      if (!decl && OPTIONAL_INPUTS_BEYOND_FACTS[classType]?.includes(name)) continue;
      expectLabelled(describeMismatch(spec, decl), `${classType}.${name} (optional)`).toBeNull();
    }
    expect([...ours.outputs]).toEqual([...theirs!.output]);
    expect(ours.isOutputNode ?? false).toBe(theirs!.output_node);
  });
});
