// One byte-exact JSON text per value, so equal specs hash equally wherever they were serialised.

/** Thrown for values JSON cannot carry faithfully (NaN, Infinity, undefined in an array, functions, cycles...). */
export class CanonicalJsonError extends TypeError {
  constructor(
    message: string,
    /** Where the value sits, e.g. "$.lighting.lights[1].x". */
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = 'CanonicalJsonError';
  }
}

/**
 * Plain JSON data -> its canonical JSON text: object keys sorted (by UTF-16 code units) at every depth,
 * no whitespace, arrays in order, -0 written as 0, undefined object properties left out.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', []);
}

function encode(value: unknown, path: string, ancestors: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`Cannot encode the non-finite number ${value}`, path);
      // JSON.stringify already writes -0 as 0 and uses the shortest round-trip form for the rest.
      return JSON.stringify(value);
    case 'object':
      return encodeContainer(value, path, ancestors);
    default:
      throw new CanonicalJsonError(`Cannot encode a value of type ${typeof value}`, path);
  }
}

function encodeContainer(value: object, path: string, ancestors: object[]): string {
  if (ancestors.includes(value)) throw new CanonicalJsonError('Cannot encode a circular reference', path);
  const nested = [...ancestors, value];

  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const itemPath = `${path}[${index}]`;
      const item: unknown = value[index];
      // JSON.stringify would quietly turn these into null and change what the hash covers.
      if (item === undefined) throw new CanonicalJsonError('Cannot encode undefined (or a hole) in an array', itemPath);
      items.push(encode(item, itemPath, nested));
    }
    return `[${items.join(',')}]`;
  }

  // Plain means the prototype is null or some realm's Object.prototype (whose own prototype is null):
  // an object from another realm (a worker, an iframe, structuredClone inside a test VM) is plain too.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain';
    throw new CanonicalJsonError(`Cannot encode a ${kind} object; only plain objects and arrays`, path);
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${encode(member, `${path}.${key}`, nested)}`);
  }
  return `{${members.join(',')}}`;
}
