import { gqlRequest } from '../../lib/graphql-client';
import {
  COMPLETE_LORA_UPLOAD_MUTATION,
  REGISTER_LORA_MUTATION,
  REQUEST_LORA_UPLOAD_MUTATION,
  type CompleteLoraUploadMutation,
  type CompleteLoraUploadMutationVariables,
  type Lora,
  type RegisterLoraMutation,
  type RegisterLoraMutationVariables,
  type RequestLoraUploadMutation,
  type RequestLoraUploadMutationVariables,
} from './graphql/admin.graphql';

export type LoraUploadStep = 'uploading' | 'checking' | 'registering';

/** Why a LoRA upload stopped before registerLora: the PUT failed, or the API refused the file. */
export class LoraUploadError extends Error {
  constructor(
    readonly reason: 'put-failed' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'LoraUploadError';
  }
}

export interface RegisterLoraFields {
  name: string;
  baseModel: 'SD15' | 'SDXL';
  minWeight: number;
  defaultWeight: number;
  maxWeight: number;
  triggerWords: string[];
}

/**
 * requestUpload -> PUT the file to the presigned URL -> completeUpload (the API checks the file) ->
 * registerLora. `onStep` reports progress; GraphQL refusals reject with GraphQLRequestError.
 */
export async function uploadAndRegisterLora(file: File, fields: RegisterLoraFields, onStep: (step: LoraUploadStep) => void = () => undefined): Promise<Lora> {
  onStep('uploading');
  const { requestUpload: ticket } = await gqlRequest<RequestLoraUploadMutation, RequestLoraUploadMutationVariables>(REQUEST_LORA_UPLOAD_MUTATION, {
    input: { kind: 'LORA', fileName: file.name, contentType: file.type || 'application/octet-stream', byteSize: file.size },
  });
  let put: Response;
  try {
    put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: (ticket.uploadHeaders ?? {}) as Record<string, string>, body: file });
  } catch (error) {
    throw new LoraUploadError('put-failed', error instanceof Error ? error.message : String(error));
  }
  if (!put.ok) throw new LoraUploadError('put-failed', `HTTP ${put.status}`);

  onStep('checking');
  const { completeUpload: asset } = await gqlRequest<CompleteLoraUploadMutation, CompleteLoraUploadMutationVariables>(COMPLETE_LORA_UPLOAD_MUTATION, { assetId: ticket.asset.id });
  if (asset.state !== 'READY') throw new LoraUploadError('rejected', asset.rejectionReason ?? asset.state);

  onStep('registering');
  const { registerLora } = await gqlRequest<RegisterLoraMutation, RegisterLoraMutationVariables>(REGISTER_LORA_MUTATION, { input: { ...fields, fileAssetId: asset.id } });
  return registerLora;
}
