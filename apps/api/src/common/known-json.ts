// Immutable values that many answers share (a published version's spec) are serialized once: their
// JSON text is remembered beside them, and stringifyWithKnownJson writes it instead of walking the
// value again. The text is the value's own JSON.stringify, so the bytes out do not change.
const knownJson = new WeakMap<object, string>();

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** A parsed JSON value, frozen, whose JSON text stringifyWithKnownJson will write from memory. */
export function withKnownJson<T extends object>(value: T): T {
  deepFreeze(value);
  knownJson.set(value, JSON.stringify(value));
  return value;
}

// Field names, quoted: answers repeat the same few names many times.
const quotedNames = new Map<string, string>();
const MAX_QUOTED_NAMES = 1_000;

function quotedName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(name)}:`;
    if (quotedNames.size < MAX_QUOTED_NAMES) quotedNames.set(name, quoted);
  }
  return quoted;
}

// JSON.stringify's SerializeJSONProperty (no replacer, no indentation): undefined for what it leaves
// out. Plain objects and arrays (what GraphQL answers are made of) are walked here; anything else
// (a Date, a class instance, a boxed primitive) is JSON.stringify's.
function serialize(value: unknown, key: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      const known = knownJson.get(value);
      if (known !== undefined) return known;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return serialize((value as { toJSON(key: string): unknown }).toJSON(key), key);
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i) out += ',';
          out += serialize(value[i], String(i)) ?? 'null';
        }
        return out + ']';
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return JSON.stringify(value);
      let out = '{';
      let separator = '';
      for (const name of Object.keys(value)) {
        const text = serialize((value as Record<string, unknown>)[name], name);
        if (text === undefined) continue;
        out += separator + quotedName(name) + text;
        separator = ',';
      }
      return out + '}';
    }
    default:
      // undefined, functions and symbols are left out; a bigint throws, as in JSON.stringify.
      return JSON.stringify(value);
  }
}

/** JSON.stringify(value), the same text, with values from withKnownJson written from memory. */
export function stringifyWithKnownJson(value: unknown): string | undefined {
  return serialize(value, '');
}
