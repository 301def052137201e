// ComfyUI's API-format prompt: node id -> { class_type, inputs }, where an input is a literal or a link.

/** `[source node id, output index]`: this input takes that node's output. */
export type ComfyLink = [sourceNodeId: string, outputIndex: number];

export type ComfyLiteral = string | number | boolean;

export type ComfyInputValue = ComfyLiteral | ComfyLink;

export interface ComfyNode {
  class_type: string;
  inputs: Record<string, ComfyInputValue>;
}

/** What `POST /prompt` takes as `prompt`. */
export type ComfyPrompt = Record<string, ComfyNode>;

/** True when an input value is a link (a 2-element array) rather than a literal. */
export function isComfyLink(value: unknown): value is ComfyLink {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1]);
}

/** A prompt -> the node classes it uses, sorted, each once: what a ComfyUI server must have to run it. */
export function listNodeClasses(prompt: ComfyPrompt): string[] {
  return [...new Set(Object.values(prompt).map((node) => node.class_type))].sort();
}
