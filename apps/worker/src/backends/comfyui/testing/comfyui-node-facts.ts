import { readFileSync } from 'node:fs';

// ComfyUI's own declarations of the node classes the fake knows (comfyui-node-facts.json: read from
// ComfyUI's nodes.py and cubiq/ComfyUI_InstantID at the commits it names, in GET /object_info's
// shape). The fake validates and runs graphs by these, never by the compiler's table, so a compiler
// that drifts from ComfyUI fails the tests instead of passing against its own idea of ComfyUI.

/** A list ComfyUI fills from one of its folders when asked (folder_paths.get_filename_list). */
export interface ComfyFolderList {
  files: string;
}

/** `[type, options?]`: a type name (INT, FLOAT, STRING, BOOLEAN or a link type), a list of choices, or a folder's files. */
export type ComfyInputDecl = readonly [type: string | readonly string[] | ComfyFolderList, options?: Readonly<Record<string, unknown>>];

export interface ComfyNodeFacts {
  source: string;
  input: {
    required: Readonly<Record<string, ComfyInputDecl>>;
    optional?: Readonly<Record<string, ComfyInputDecl>>;
    hidden?: Readonly<Record<string, string>>;
  };
  output: readonly string[];
  output_name: readonly string[];
  output_node: boolean;
  /** Inputs the class's VALIDATE_INPUTS checks itself (ComfyUI skips its list check for them). */
  validate_inputs?: readonly string[];
  lists_from?: string;
}

export interface ComfyNodeFactsFile {
  about: string;
  sources: Readonly<Record<string, { repo: string; path: string; commit: string | null; notes?: string }>>;
  nodes: Readonly<Record<string, ComfyNodeFacts>>;
}

let cached: ComfyNodeFactsFile | null = null;

/** The facts file, parsed once. */
export function loadComfyNodeFacts(): ComfyNodeFactsFile {
  cached ??= JSON.parse(readFileSync(new URL('./comfyui-node-facts.json', import.meta.url), 'utf8')) as ComfyNodeFactsFile;
  return cached;
}

export function isFolderList(type: ComfyInputDecl[0]): type is ComfyFolderList {
  return typeof type === 'object' && type !== null && !Array.isArray(type) && typeof (type as ComfyFolderList).files === 'string';
}

/** folder_paths names -> the folder under ComfyUI's base directory (models/<name>, or input/). */
export function comfyFolderPath(name: string): string {
  return name === 'input' ? 'input' : `models/${name}`;
}
