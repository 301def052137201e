import type { AssetKind } from '../gql/graphql';
import {
  COMPLETE_ASSET_UPLOAD_MUTATION,
  REQUEST_ASSET_UPLOAD_MUTATION,
  type CompleteAssetUploadData,
  type CompleteAssetUploadVariables,
  type RequestAssetUploadData,
  type RequestAssetUploadVariables,
  type UploadedAsset,
} from './asset-upload.graphql';
import { gqlRequest } from './graphql-client';

export type AssetUploadStep = 'uploading' | 'checking';

/** Why an upload stopped after requestUpload: the PUT to storage failed, or the API refused the file. */
export class AssetUploadError extends Error {
  constructor(
    readonly reason: 'put-failed' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'AssetUploadError';
  }
}

export interface AssetUploadOptions {
  onStep?: (step: AssetUploadStep) => void;
  /** Bytes sent / total, 0..1. Given, the PUT goes through XMLHttpRequest (fetch reports no upload progress). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * A file -> a READY asset: requestUpload -> PUT to the presigned URL -> completeUpload (the API inspects it).
 * GraphQL refusals reject with GraphQLRequestError, storage and inspection failures with AssetUploadError.
 */
export async function uploadAsset(file: File, kind: AssetKind, options: AssetUploadOptions = {}): Promise<UploadedAsset> {
  const { onStep = () => undefined, onProgress, signal } = options;
  onStep('uploading');
  const { requestUpload: ticket } = await gqlRequest<RequestAssetUploadData, RequestAssetUploadVariables>(REQUEST_ASSET_UPLOAD_MUTATION, {
    input: { kind, fileName: file.name, contentType: file.type || 'application/octet-stream', byteSize: file.size },
  });
  const headers = (ticket.uploadHeaders ?? {}) as Record<string, string>;
  if (onProgress) {
    await putWithProgress(ticket.uploadUrl, headers, file, onProgress, signal);
  } else {
    await putWithFetch(ticket.uploadUrl, headers, file, signal);
  }

  onStep('checking');
  const { completeUpload: asset } = await gqlRequest<CompleteAssetUploadData, CompleteAssetUploadVariables>(COMPLETE_ASSET_UPLOAD_MUTATION, { assetId: ticket.asset.id });
  if (asset.state !== 'READY') throw new AssetUploadError('rejected', asset.rejectionReason ?? asset.state);
  return asset;
}

async function putWithFetch(url: string, headers: Record<string, string>, file: File, signal: AbortSignal | undefined): Promise<void> {
  let put: Response;
  try {
    put = await fetch(url, { method: 'PUT', headers, body: file, signal });
  } catch (error) {
    throw new AssetUploadError('put-failed', error instanceof Error ? error.message : String(error));
  }
  if (!put.ok) throw new AssetUploadError('put-failed', `HTTP ${put.status}`);
}

/** PUT with XMLHttpRequest so the bytes sent can be shown; resolves on a 2xx answer. */
export function putWithProgress(url: string, headers: Record<string, string>, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new AssetUploadError('put-failed', `HTTP ${request.status}`));
      }
    };
    request.onerror = () => reject(new AssetUploadError('put-failed', 'network error'));
    request.onabort = () => reject(new AssetUploadError('put-failed', 'aborted'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    onProgress(0);
    request.send(file);
  });
}
