// Checks an API-format prompt against COMFY_NODE_TABLE before it is sent to a GPU box or published.
import { COMFY_NODE_TABLE, COMFY_SEED_MAX, isLinkInputSpec, type ComfyInputSpec } from './comfy-node-table.js';
import { COMFY_PLACEHOLDERS, hasComfyPlaceholder } from './comfy-placeholders.js';

export interface ValidateComfyGraphOptions {
  /** Accept `{{seed}}`-style placeholders in literal inputs (a catalog graph); otherwise they are problems. */
  allowPlaceholders?: boolean;
}

type NodeRecord = { id: string; classType: string; inputs: Record<string, unknown> };

const PLACEHOLDER_TOKENS: readonly string[] = Object.values(COMFY_PLACEHOLDERS);

/** Any value -> every problem found, as sentences; [] means ComfyUI's standard nodes can run it. */
export function validateComfyGraph(prompt: unknown, options: ValidateComfyGraphOptions = {}): string[] {
  if (!isPlainObject(prompt)) return ['The prompt must be an object of node id -> { class_type, inputs }'];
  const problems: string[] = [];
  const nodes = new Map<string, NodeRecord>();
  for (const [id, node] of Object.entries(prompt)) {
    if (!isPlainObject(node) || typeof node.class_type !== 'string') {
      problems.push(`Node "${id}" has no class_type`);
      continue;
    }
    if (!isPlainObject(node.inputs)) {
      problems.push(`Node "${id}" (${node.class_type}) has no inputs object`);
      continue;
    }
    nodes.set(id, { id, classType: node.class_type, inputs: node.inputs });
  }
  for (const node of nodes.values()) problems.push(...findNodeProblems(node, nodes, options));
  problems.push(...findCycleProblems(nodes), ...findOutputProblems(nodes));
  return problems;
}

function findNodeProblems(node: NodeRecord, nodes: ReadonlyMap<string, NodeRecord>, options: ValidateComfyGraphOptions) {
  const classSpec = COMFY_NODE_TABLE[node.classType];
  const where = `Node "${node.id}" (${node.classType})`;
  if (!classSpec) return [`${where}: unknown class_type "${node.classType}" (not a standard node in the table)`];
  const problems: string[] = [];
  for (const name of Object.keys(classSpec.required)) {
    if (!(name in node.inputs)) problems.push(`${where}: missing required input "${name}"`);
  }
  for (const [name, value] of Object.entries(node.inputs)) {
    const inputSpec = classSpec.required[name] ?? classSpec.optional?.[name];
    const problem = inputSpec
      ? Array.isArray(value)
        ? findLinkProblem(value, inputSpec, nodes)
        : findLiteralProblem(value, inputSpec, options)
      : `is not an input of ${node.classType}`;
    if (problem) problems.push(`${where}: input "${name}" ${problem}`);
  }
  return problems;
}

function findLinkProblem(value: unknown[], spec: ComfyInputSpec, nodes: ReadonlyMap<string, NodeRecord>) {
  const [sourceId, outputIndex] = value;
  if (value.length !== 2 || typeof sourceId !== 'string' || !Number.isInteger(outputIndex) || Number(outputIndex) < 0) {
    return `is a malformed link ${JSON.stringify(value)} (expected ["node id", output index])`;
  }
  const source = nodes.get(sourceId);
  if (!source) return `links to missing node "${sourceId}"`;
  const sourceSpec = COMFY_NODE_TABLE[source.classType];
  if (!sourceSpec) return undefined; // the unknown class is reported on its own node
  const index = Number(outputIndex);
  const outputType = sourceSpec.outputs[index];
  if (outputType === undefined) {
    const outputs = sourceSpec.outputs.length > 0 ? `: ${sourceSpec.outputs.join(', ')}` : '';
    return `links to output ${index} of "${sourceId}", but ${source.classType} has ${sourceSpec.outputs.length} output(s)${outputs}`;
  }
  if (outputType !== spec.type) {
    return `expects ${spec.type} but output ${index} of "${sourceId}" (${source.classType}) is ${outputType}`;
  }
  return undefined;
}

function findLiteralProblem(value: unknown, spec: ComfyInputSpec, options: ValidateComfyGraphOptions) {
  const got = `(got ${JSON.stringify(value)})`;
  if (isLinkInputSpec(spec)) return `must be a link to a ${spec.type} output ${got}`;
  if (typeof value === 'string' && hasComfyPlaceholder(value)) {
    if (!options.allowPlaceholders) return `still contains a placeholder ${got}; fill it before running the graph`;
    // A placeholder stands in for the whole value of a typed input, or for part of a text.
    if (spec.type === 'STRING' || PLACEHOLDER_TOKENS.includes(value)) return undefined;
  }
  switch (spec.type) {
    case 'INT': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return `must be a whole number ${got}`;
      if (!isWithin(value, spec.min, spec.max)) return `must be from ${spec.min} to ${describeMax(spec.max)} ${got}`;
      if (spec.step !== undefined && value % spec.step !== 0) return `must be a multiple of ${spec.step} ${got}`;
      return undefined;
    }
    case 'FLOAT':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number ${got}`;
      return isWithin(value, spec.min, spec.max) ? undefined : `must be from ${spec.min} to ${spec.max} ${got}`;
    case 'STRING':
      return typeof value === 'string' ? undefined : `must be text ${got}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : `must be true or false ${got}`;
    case 'FILE':
      return typeof value === 'string' && value !== '' ? undefined : `must name a file in ${spec.folder} ${got}`;
    case 'COMBO':
      return typeof value === 'string' && spec.options.includes(value)
        ? undefined
        : `must be one of ${spec.options.join(', ')} ${got}`;
  }
}

// A maximum beyond 2^53 (the seed's 2^64 - 1) is rounded up as a double, so reaching it already means past it.
function isWithin(value: number, min: number, max: number): boolean {
  const isMaxRoundedUp = max > Number.MAX_SAFE_INTEGER;
  return value >= min && (isMaxRoundedUp ? value < max : value <= max);
}

function describeMax(max: number): string {
  return max === COMFY_SEED_MAX ? '2^64 - 1' : String(max);
}

function linkedSourceIds(node: NodeRecord, nodes: ReadonlyMap<string, NodeRecord>): string[] {
  return Object.values(node.inputs)
    .filter((value): value is [string, number] => Array.isArray(value) && typeof value[0] === 'string')
    .map((value) => value[0])
    .filter((id) => nodes.has(id));
}

function findCycleProblems(nodes: ReadonlyMap<string, NodeRecord>): string[] {
  const problems: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    path.push(id);
    for (const sourceId of linkedSourceIds(nodes.get(id) as NodeRecord, nodes)) {
      const sourceState = state.get(sourceId);
      if (sourceState === 'visiting') {
        const cycle = [...path.slice(path.indexOf(sourceId)), sourceId];
        problems.push(`Nodes ${cycle.map((cycleId) => `"${cycleId}"`).join(' <- ')} link in a cycle`);
      } else if (sourceState === undefined) {
        visit(sourceId);
      }
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const id of nodes.keys()) if (!state.has(id)) visit(id);
  return problems;
}

function findOutputProblems(nodes: ReadonlyMap<string, NodeRecord>): string[] {
  const outputNodes = [...nodes.values()].filter((node) => COMFY_NODE_TABLE[node.classType]?.isOutputNode);
  if (outputNodes.length === 0) return ['The graph has no SaveImage node, so ComfyUI would run nothing'];
  if (outputNodes.length > 1) {
    const ids = outputNodes.map((node) => `"${node.id}"`).join(', ');
    return [`The graph has ${outputNodes.length} SaveImage nodes (${ids}); a render saves exactly one image`];
  }
  const save = outputNodes[0] as NodeRecord;
  const reached = new Set<string>([save.id]);
  const queue = [save.id];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const sourceId of linkedSourceIds(nodes.get(id) as NodeRecord, nodes)) {
      if (!reached.has(sourceId)) {
        reached.add(sourceId);
        queue.push(sourceId);
      }
    }
  }
  return [...nodes.values()]
    .filter((node) => !reached.has(node.id))
    .map((node) => `Node "${node.id}" (${node.classType}) does not feed SaveImage "${save.id}", so ComfyUI would skip it`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
