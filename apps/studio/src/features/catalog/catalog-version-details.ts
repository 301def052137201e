// Plain helpers for the catalog detail view: what a consumer app can read off a pinned version.
import { CATALOG_VERSION_QUERY } from './graphql/catalog.graphql';

/** A ComfyUI API-format graph -> the text of its positive prompt node ("positive"), or null. */
export function readPositivePrompt(comfyGraph: unknown): string | null {
  const node = (comfyGraph as Record<string, { inputs?: { text?: unknown } }> | null)?.['positive'];
  return typeof node?.inputs?.text === 'string' ? node.inputs.text : null;
}

/** A ComfyUI API-format graph -> how many nodes it has. */
export function countGraphNodes(comfyGraph: unknown): number {
  return comfyGraph && typeof comfyGraph === 'object' ? Object.keys(comfyGraph).length : 0;
}

export interface AppQueryExample {
  /** The GraphQL document an app sends (the studio's own query under a consumer's operation name). */
  query: string;
  variables: { id: string };
  headers: { 'x-api-key': string };
  /** The same request as a ready-to-run cURL command with the x-api-key header. */
  curl: string;
}

// The studio's document, unindented, named as an app would name it.
const APP_QUERY = dedent(CATALOG_VERSION_QUERY).replace('query StudioCatalogVersion(', 'query CatalogVersion(');

/** A version id + the API's GraphQL URL + a key placeholder -> the query, variables, headers and cURL command an app sends. */
export function buildAppQueryExample(versionId: string, endpoint: string, apiKey: string): AppQueryExample {
  const variables = { id: versionId };
  const headers = { 'x-api-key': apiKey };
  const body = JSON.stringify({ query: APP_QUERY, variables });
  const curl = [
    `curl ${endpoint}`,
    `  -H 'content-type: application/json'`,
    `  -H 'x-api-key: ${apiKey.replace(/'/g, `'\\''`)}'`,
    `  --data '${body.replace(/'/g, `'\\''`)}'`,
  ].join(' \\\n');
  return { query: APP_QUERY, variables, headers, curl };
}

function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}
