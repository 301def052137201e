import { isFolderList, type ComfyInputDecl, type ComfyNodeFacts } from './comfyui-node-facts.js';

// ComfyUI v0.3.x execution.py validate_prompt / validate_inputs, over the node facts: the checks,
// their order and the error objects (type, message, details, extra_info) as the real server builds
// them, so the worker's reading of a 400 is tested against what a box really answers.

export interface ComfyValidationError {
  type: string;
  message: string;
  details: string;
  extra_info: Record<string, unknown>;
}

export interface ComfyNodeErrorEntry {
  errors: ComfyValidationError[];
  dependent_outputs: string[];
  class_type: string;
}

export type ComfyValidation =
  | { ok: true; outputs: string[]; nodeErrors: Record<string, ComfyNodeErrorEntry> }
  /** `nodeErrors` is [] when the prompt fails before any node is validated, as in server.py. */
  | { ok: false; error: ComfyValidationError; nodeErrors: Record<string, ComfyNodeErrorEntry> | [] };

export interface ComfyValidationContext {
  nodes: Readonly<Record<string, ComfyNodeFacts>>;
  /** folder_paths.get_filename_list(name), sorted. */
  filesOf(folder: string): readonly string[];
  /** folder_paths.exists_annotated_filepath for an input image (LoadImage.VALIDATE_INPUTS). */
  inputExists(name: string): boolean;
}

type Prompt = Record<string, { class_type?: unknown; inputs?: Record<string, unknown> }>;
type Verdict = [valid: boolean, reasons: ComfyValidationError[]];

// A Python exception raised inside validate_inputs (a link to a node that is not there, say).
class PyError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** validate_prompt(prompt): what POST /prompt answers with. */
export function validateComfyPrompt(prompt: unknown, ctx: ComfyValidationContext): ComfyValidation {
  const graph = (typeof prompt === 'object' && prompt !== null ? prompt : {}) as Prompt;
  const outputs: string[] = [];
  for (const [id, node] of Object.entries(graph)) {
    if (typeof node !== 'object' || node === null || !('class_type' in node)) {
      return { ok: false, error: { type: 'invalid_prompt', message: 'Cannot execute because a node is missing the class_type property.', details: `Node ID '#${id}'`, extra_info: {} }, nodeErrors: [] };
    }
    const facts = ctx.nodes[String(node.class_type)];
    if (!facts) {
      return { ok: false, error: { type: 'invalid_prompt', message: `Cannot execute because node ${String(node.class_type)} does not exist.`, details: `Node ID '#${id}'`, extra_info: {} }, nodeErrors: [] };
    }
    if (facts.output_node) outputs.push(id);
  }
  if (!outputs.length) return { ok: false, error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, nodeErrors: [] };

  const validated = new Map<string, Verdict>();
  const good: string[] = [];
  const failed: Array<[string, ComfyValidationError[]]> = [];
  const nodeErrors: Record<string, ComfyNodeErrorEntry> = {};
  for (const output of outputs) {
    let verdict: Verdict;
    try {
      verdict = validateInputs(graph, output, validated, ctx);
    } catch (error) {
      verdict = [false, [{ type: 'exception_during_validation', message: 'Exception when validating node', details: (error as Error).message, extra_info: { exception_type: (error as PyError).type ?? 'Exception', traceback: [] } }]];
      validated.set(output, verdict);
    }
    if (verdict[0]) {
      good.push(output);
      continue;
    }
    failed.push([output, verdict[1]]);
    // Nodes downstream of a broken one are invalid without reasons of their own: not reported.
    for (const [id, [valid, reasons]] of validated) {
      if (valid || !reasons.length) continue;
      nodeErrors[id] ??= { errors: reasons, dependent_outputs: [], class_type: String(graph[id]?.class_type) };
      nodeErrors[id].dependent_outputs.push(output);
    }
  }
  if (!good.length) {
    const details = failed.flatMap(([, reasons]) => reasons.map((r) => `${r.message}: ${r.details}`)).join('\n');
    return { ok: false, error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details, extra_info: {} }, nodeErrors };
  }
  return { ok: true, outputs: good, nodeErrors };
}

// validate_inputs(prompt, item, validated): the required inputs only, in declaration order.
function validateInputs(graph: Prompt, id: string, validated: Map<string, Verdict>, ctx: ComfyValidationContext): Verdict {
  const known = validated.get(id);
  if (known) return known;
  const node = graph[id]!;
  const inputs = (node.inputs ??= {});
  const facts = ctx.nodes[String(node.class_type)]!;
  const errors: ComfyValidationError[] = [];
  let valid = true;
  const selfValidated = facts.validate_inputs ?? [];

  for (const [name, info] of Object.entries(facts.input.required)) {
    if (!(name in inputs)) {
      errors.push({ type: 'required_input_missing', message: 'Required input is missing', details: name, extra_info: { input_name: name } });
      continue;
    }
    let value = inputs[name];
    const type = info[0];
    if (Array.isArray(value)) {
      if (value.length !== 2) {
        errors.push({ type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: name, extra_info: { input_name: name, input_config: info, received_value: value } });
        continue;
      }
      const [sourceId, slot] = value as [unknown, unknown];
      const source = graph[String(sourceId)];
      if (!source) throw new PyError('KeyError', `'${String(sourceId)}'`);
      const returnTypes = ctx.nodes[String(source.class_type)]!.output;
      const received = returnTypes[Number(slot)];
      if (received === undefined) throw new PyError('IndexError', 'tuple index out of range');
      if (received !== type) {
        errors.push({ type: 'return_type_mismatch', message: 'Return type mismatch between linked nodes', details: `${name}, ${received} != ${String(type)}`, extra_info: { input_name: name, input_config: info, received_type: received, linked_node: value } });
        continue;
      }
      try {
        const inner = validateInputs(graph, String(sourceId), validated, ctx);
        if (!inner[0]) valid = false;
      } catch (error) {
        valid = false;
        validated.set(String(sourceId), [false, [{ type: 'exception_during_inner_validation', message: 'Exception when validating inner node', details: (error as Error).message, extra_info: { input_name: name, input_config: info, exception_message: (error as Error).message, exception_type: (error as PyError).type ?? 'Exception', traceback: [], linked_node: value } }]]);
      }
      continue;
    }
    if (type === 'INT' || type === 'FLOAT' || type === 'STRING') {
      const converted = convert(value, type);
      if ('error' in converted) {
        errors.push({ type: 'invalid_input_type', message: `Failed to convert an input value to a ${type} value`, details: `${name}, ${pyRepr(value)}, ${converted.error}`, extra_info: { input_name: name, input_config: info, received_value: value, exception_message: converted.error } });
        continue;
      }
      value = inputs[name] = converted.value;
    }
    const options = info[1] ?? {};
    if (info.length > 1 && typeof value === 'number') {
      if (typeof options['min'] === 'number' && value < options['min']) {
        errors.push({ type: 'value_smaller_than_min', message: `Value ${pyNumber(value, type)} smaller than min of ${pyNumber(options['min'], type)}`, details: name, extra_info: { input_name: name, input_config: info, received_value: value } });
        continue;
      }
      if (typeof options['max'] === 'number' && value > options['max']) {
        errors.push({ type: 'value_bigger_than_max', message: `Value ${pyNumber(value, type)} bigger than max of ${pyNumber(options['max'], type)}`, details: name, extra_info: { input_name: name, input_config: info, received_value: value } });
        continue;
      }
    }
    if (!selfValidated.includes(name)) {
      const choices = choicesOf(type, ctx);
      if (choices && !choices.includes(value as string)) {
        // Long lists (a folder of model files) are not sent back.
        const listInfo = choices.length > 20 ? `(list of length ${choices.length})` : pyRepr(choices);
        errors.push({ type: 'value_not_in_list', message: 'Value not in list', details: `${name}: '${String(value)}' not in ${listInfo}`, extra_info: { input_name: name, input_config: choices.length > 20 ? null : [choices, ...info.slice(1)], received_value: value } });
        continue;
      }
    }
  }

  // VALIDATE_INPUTS of the class (LoadImage: the image must be a file in input/).
  for (const name of selfValidated) {
    if (String(node.class_type) === 'LoadImage' && name in inputs && !ctx.inputExists(String(inputs[name]))) {
      errors.push({ type: 'custom_validation_failed', message: 'Custom validation failed for node', details: `${name} - Invalid image file: ${String(inputs[name])}`, extra_info: { input_name: name, input_config: facts.input.required[name], received_value: inputs[name] } });
    }
  }

  const verdict: Verdict = errors.length || !valid ? [false, errors] : [true, []];
  validated.set(id, verdict);
  return verdict;
}

function choicesOf(type: ComfyInputDecl[0], ctx: ComfyValidationContext): readonly string[] | null {
  if (Array.isArray(type)) return type as readonly string[];
  if (isFolderList(type)) return ctx.filesOf(type.files);
  return null;
}

// Python's int(x), float(x), str(x) on a JSON value.
function convert(value: unknown, type: 'INT' | 'FLOAT' | 'STRING'): { value: unknown } | { error: string } {
  if (type === 'STRING') return { value: typeof value === 'string' ? value : pyRepr(value) };
  if (typeof value === 'boolean') return { value: value ? 1 : 0 };
  if (typeof value === 'number') return { value: type === 'INT' ? Math.trunc(value) : value };
  if (typeof value === 'string') {
    const text = value.trim();
    if (type === 'INT' && /^[-+]?\d+$/.test(text)) return { value: Number.parseInt(text, 10) };
    if (type === 'FLOAT' && text !== '' && Number.isFinite(Number(text))) return { value: Number(text) };
    return { error: type === 'INT' ? `invalid literal for int() with base 10: '${value}'` : `could not convert string to float: '${value}'` };
  }
  return { error: `${type === 'INT' ? 'int' : 'float'}() argument must be a string or a real number, not '${value === null ? 'NoneType' : Array.isArray(value) ? 'list' : 'dict'}'` };
}

function pyNumber(value: number, type: ComfyInputDecl[0]): string {
  return type === 'FLOAT' && Number.isInteger(value) ? `${value}.0` : String(value);
}

function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(', ')}}`;
  return String(value);
}
