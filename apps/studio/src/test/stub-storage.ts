// Object storage for component tests that upload: stubGraphQL answers /graphql (requestUpload hands out
// `uploadTicket`s), this answers the form POSTs to storage with `status` and records them.
import { stubGlobal } from './stub-global';

export const STORAGE_URL = 'https://storage.test/bucket';

export interface StoragePost {
  url: string;
  method: string | undefined;
  /** What the page set (none: the browser writes the multipart Content-Type itself). */
  headers: HeadersInit | undefined;
  form: Array<[string, FormDataEntryValue]>;
}

/** Wraps the current fetch (call after stubGraphQL): POSTs to STORAGE_URL answer `status`. */
export function stubStorage(status = 204): StoragePost[] {
  const next = globalThis.fetch;
  const posts: StoragePost[] = [];
  stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (String(url).startsWith(STORAGE_URL)) {
      posts.push({ url: String(url), method: init?.method, headers: init?.headers, form: [...(init?.body as FormData).entries()] });
      return new Response(null, { status });
    }
    return next(url, init);
  });
  return posts;
}

/** The signed fields storage wants before the file (what the API's POST policy hands out) for `key`. */
export function uploadForm(key: string): Record<string, string> {
  return { bucket: 'bucket', key, 'Content-Type': 'application/octet-stream', policy: 'eyJjb25kaXRpb25zIjpbXX0=', 'x-amz-signature': 'f00d' };
}

/** What requestUpload answers for asset `id`: a signed form for storage. */
export function uploadTicket(id: string, key = `incoming/${id}/file`) {
  return {
    uploadUrl: STORAGE_URL,
    uploadForm: uploadForm(key),
    expiresAt: '2026-12-07T13:00:00Z',
    asset: { id },
  };
}
