import { CompleteAssetUploadDocument, RequestAssetUploadDocument, type AssetKind } from '../gql/graphql';
import type { UploadedAsset } from './asset-upload.graphql';
import { gqlRequest } from './graphql-client';

export type AssetUploadStep = 'uploading' | 'checking';

/** Why an upload stopped after requestUpload: storage did not take the file, or the API refused it. */
export class AssetUploadError extends Error {
  constructor(
    readonly reason: 'upload-failed' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'AssetUploadError';
  }
}

export interface AssetUploadOptions {
  onStep?: (step: AssetUploadStep) => void;
  /** Bytes sent / total, 0..1. Given, the POST goes through XMLHttpRequest (fetch reports no upload progress). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * A file -> a READY asset: requestUpload -> POST the signed upload form -> completeUpload (the API inspects it).
 * GraphQL refusals reject with GraphQLRequestError, storage and inspection failures with AssetUploadError.
 */
export async function uploadAsset(file: File, kind: AssetKind, options: AssetUploadOptions = {}): Promise<UploadedAsset> {
  const { onStep = () => undefined, onProgress, signal } = options;
  onStep('uploading');
  const { requestUpload: ticket } = await gqlRequest(RequestAssetUploadDocument, {
    input: { kind, fileName: file.name, contentType: file.type || 'application/octet-stream', byteSize: file.size },
  });
  const form = buildUploadForm(ticket.uploadForm as Record<string, string>, file);
  if (onProgress) {
    await postFormWithProgress(ticket.uploadUrl, form, onProgress, signal);
  } else {
    await postFormWithFetch(ticket.uploadUrl, form, signal);
  }

  onStep('checking');
  const { completeUpload: asset } = await gqlRequest(CompleteAssetUploadDocument, { assetId: ticket.asset.id });
  if (asset.state !== 'READY') throw new AssetUploadError('rejected', asset.rejectionReason ?? asset.state);
  return asset;
}

/** The signed fields in the order given, then the file: storage reads no field after `file`. */
export function buildUploadForm(fields: Record<string, string>, file: Blob): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  return form;
}

// The browser sets the multipart Content-Type (with its boundary) itself; no headers of ours.
async function postFormWithFetch(url: string, form: FormData, signal: AbortSignal | undefined): Promise<void> {
  let answer: Response;
  try {
    answer = await fetch(url, { method: 'POST', body: form, signal });
  } catch (error) {
    throw new AssetUploadError('upload-failed', error instanceof Error ? error.message : String(error));
  }
  if (!answer.ok) throw new AssetUploadError('upload-failed', `HTTP ${answer.status}`);
}

/** POST with XMLHttpRequest so the bytes sent can be shown; resolves on a 2xx answer. */
export function postFormWithProgress(url: string, form: FormData, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new AssetUploadError('upload-failed', `HTTP ${request.status}`));
      }
    };
    request.onerror = () => reject(new AssetUploadError('upload-failed', 'network error'));
    request.onabort = () => reject(new AssetUploadError('upload-failed', 'aborted'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    onProgress(0);
    request.send(form);
  });
}
