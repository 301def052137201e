// Ids of the things a designer can select on the canvas, shared by selection, hit-testing and history.

export type ElementId = 'reference' | 'subjectFrame' | `joint:${number}` | `light:${string}`;

export type ParsedElementId =
  | { readonly kind: 'reference' }
  | { readonly kind: 'subjectFrame' }
  | { readonly kind: 'joint'; readonly index: number }
  | { readonly kind: 'light'; readonly lightId: string };

/** A keypoint index -> its element id, e.g. 3 -> 'joint:3'. */
export function toJointElementId(index: number): ElementId {
  return `joint:${index}`;
}

/** A light's editor id -> its element id, e.g. 'key' -> 'light:key'. */
export function toLightElementId(lightId: string): ElementId {
  return `light:${lightId}`;
}

/** Any string -> what it names, or null when it is not an element id. */
export function parseElementId(id: string): ParsedElementId | null {
  if (id === 'reference' || id === 'subjectFrame') return { kind: id };
  if (id.startsWith('joint:')) {
    const digits = id.slice('joint:'.length);
    return /^(0|[1-9]\d*)$/.test(digits) ? { kind: 'joint', index: Number(digits) } : null;
  }
  if (id.startsWith('light:') && id.length > 'light:'.length) return { kind: 'light', lightId: id.slice('light:'.length) };
  return null;
}
