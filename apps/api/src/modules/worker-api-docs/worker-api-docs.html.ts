import type { OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from './worker-openapi.js';

// The OpenAPI document as one self-contained HTML page: no scripts, no fonts, no CDN (the API may
// run where nothing outside is reachable), so it reads the same offline.

type JsonSchema = Record<string, unknown>;

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Inline `code` spans of the descriptions.
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const refName = (schema: JsonSchema): string | null => (typeof schema['$ref'] === 'string' ? schema['$ref'].split('/').pop()! : null);

// A one-line type: "string (uuid)", "array of string", "null or number ≤ 1", "one of comfyui, draft".
function typeOf(schema: JsonSchema): string {
  const name = refName(schema);
  if (name) return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  if (Array.isArray(schema['anyOf'])) return (schema['anyOf'] as JsonSchema[]).map(typeOf).join(' or ');
  if (Array.isArray(schema['oneOf'])) return (schema['oneOf'] as JsonSchema[]).map(typeOf).join(' or ');
  if (Array.isArray(schema['enum'])) return `one of ${(schema['enum'] as unknown[]).map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(', ')}`;
  if ('const' in schema) return `<code>${escapeHtml(JSON.stringify(schema['const']))}</code>`;
  const type = schema['type'];
  if (Array.isArray(type)) return type.map((t) => typeOf({ ...schema, type: t })).join(' or ');
  if (type === 'null') return 'null';
  if (type === 'array') return `array of ${typeOf((schema['items'] as JsonSchema | undefined) ?? {})}`;
  if (type === undefined) return 'any JSON';
  // zod's safe-integer bounds say nothing a reader needs.
  const bound = (key: string) => (typeof schema[key] === 'number' && Math.abs(schema[key]) < Number.MAX_SAFE_INTEGER ? escapeHtml(schema[key]) : null);
  const limits = [
    schema['format'] ? String(schema['format']) : null,
    schema['pattern'] && !schema['format'] ? `matching <code>${escapeHtml(schema['pattern'])}</code>` : null,
    bound('minimum') !== null ? `≥ ${bound('minimum')}` : null,
    bound('exclusiveMinimum') !== null ? `> ${bound('exclusiveMinimum')}` : null,
    bound('maximum') !== null ? `≤ ${bound('maximum')}` : null,
    bound('exclusiveMaximum') !== null ? `< ${bound('exclusiveMaximum')}` : null,
    schema['minItems'] !== undefined ? `at least ${escapeHtml(schema['minItems'])} items` : null,
    schema['maxItems'] !== undefined ? `at most ${escapeHtml(schema['maxItems'])} items` : null,
    schema['minLength'] !== undefined ? `at least ${escapeHtml(schema['minLength'])} characters` : null,
    schema['maxLength'] !== undefined ? `at most ${escapeHtml(schema['maxLength'])} characters` : null,
    schema['default'] !== undefined ? `default ${escapeHtml(JSON.stringify(schema['default']))}` : null,
  ].filter((x): x is string => x !== null);
  return `${escapeHtml(type)}${limits.length ? ` (${limits.join(', ')})` : ''}`;
}

// Fields of an object schema, nested objects indented under their field.
function fieldRows(schema: JsonSchema, prefix = ''): string {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(properties)
    .map(([name, field]) => {
      // An optional object (`anyOf: [object, null]`) lists its fields too.
      const object = field['type'] === 'object' ? field : (field['anyOf'] as JsonSchema[] | undefined)?.find((branch) => branch['type'] === 'object');
      const nested = object?.['properties'] ? fieldRows(object, `${prefix}${name}.`) : '';
      const items = field['items'] as JsonSchema | undefined;
      const nestedItems = field['type'] === 'array' && items?.['type'] === 'object' && items['properties'] ? fieldRows(items, `${prefix}${name}[].`) : '';
      const description = typeof field['description'] === 'string' ? prose(field['description']) : '';
      return `<tr><td><code>${escapeHtml(prefix + name)}</code></td><td>${typeOf(field)}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${description}</td></tr>${nested}${nestedItems}`;
    })
    .join('');
}

function schemaBlock(name: string, schema: JsonSchema, isRequest: boolean): string {
  const fields = schema['type'] === 'object' ? fieldRows(schema) : '';
  const openNote = isRequest ? 'Fields not listed here are ignored.' : 'Newer versions may add fields; ignore the ones you do not know.';
  const open = schema['additionalProperties'] !== false && schema['type'] === 'object' ? `<p class="note">${openNote}</p>` : '';
  return `<section class="schema" id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>
${fields ? `<table><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>About</th></tr></thead><tbody>${fields}</tbody></table>` : `<p>${typeOf(schema)}</p>`}${open}
<details><summary>JSON Schema</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details></section>`;
}

function resolveResponse(doc: OpenApiDocument, response: OpenApiResponse | { $ref: string }): OpenApiResponse {
  return '$ref' in response ? doc.components.responses[response.$ref.split('/').pop()!]! : response;
}

function parameterRows(parameters: OpenApiParameter[]): string {
  return parameters.map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${typeOf(p.schema)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${prose(p.description)}</td></tr>`).join('');
}

function operationBlock(doc: OpenApiDocument, method: string, path: string, op: OpenApiOperation): string {
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  const responses = Object.entries(op.responses)
    .map(([status, raw]) => {
      const response = resolveResponse(doc, raw);
      const content = Object.entries(response.content ?? {})[0];
      const example = content?.[1].example === undefined ? '' : `<pre>${escapeHtml(JSON.stringify(content[1].example, null, 2))}</pre>`;
      return `<tr><td class="status">${escapeHtml(status)}</td><td>${prose(response.description)}${example}</td><td>${content ? `${escapeHtml(content[0])}: ${typeOf(content[1].schema)}` : 'no body'}</td></tr>`;
    })
    .join('');
  return `<section class="operation" id="op-${escapeHtml(op.operationId)}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(op.summary)}.</strong> ${prose(op.description)}</p>
<p class="auth">${isPublic ? 'Public: no token needed.' : 'Needs <code>Authorization: Bearer wkr_…</code> (a worker token).'}</p>
${op.parameters?.length ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>About</th></tr></thead><tbody>${parameterRows(op.parameters)}</tbody></table>` : ''}
${body ? `<h4>Request body</h4><p>${escapeHtml(body[0])}: ${typeOf(body[1].schema)}</p>` : ''}
<h4>Responses</h4><table><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead><tbody>${responses}</tbody></table>
</section>`;
}

export function renderWorkerApiDocsHtml(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const toc = operations.map(({ path, method, op }) => `<li><a href="#op-${escapeHtml(op.operationId)}"><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></a> — ${escapeHtml(op.summary)}</li>`).join('\n');
  const security = doc.components.securitySchemes['workerToken'] as { description?: string } | undefined;
  const requestSchemas = new Set(operations.flatMap(({ op }) => Object.values(op.requestBody?.content ?? {}).map((c) => refName(c.schema))));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; } h3 { margin-bottom: 0.3rem; }
code, pre { font: 13px/1.4 ui-monospace, monospace; } pre { background: #f5f5f7; padding: 0.6rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0; } th, td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
.method { display: inline-block; min-width: 3.2rem; text-align: center; border-radius: 3px; color: #fff; font-size: 12px; font-weight: 600; padding: 0 0.3rem; }
.method.post { background: #2e7d32; } .method.get { background: #1565c0; }
.operation, .schema { margin: 1.5rem 0; } .status { font-weight: 600; } .note, .auth { color: #555; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.info.title)}</h1>
<p>Version ${escapeHtml(doc.info.version)} · OpenAPI ${escapeHtml(doc.openapi)} document: <a href="/v1/openapi.json">/v1/openapi.json</a></p>
<p>${prose(doc.info.description)}</p>
<h2>Authentication</h2>
<p>${prose(security?.description ?? '')}</p>
<h2>Endpoints</h2>
<ul>
${toc}
</ul>
${operations.map(({ path, method, op }) => operationBlock(doc, method, path, op)).join('\n')}
<h2>Messages</h2>
${Object.entries(doc.components.schemas).map(([name, schema]) => schemaBlock(name, schema, requestSchemas.has(name))).join('\n')}
</body>
</html>
`;
}
