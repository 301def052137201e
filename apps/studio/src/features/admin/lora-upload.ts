import { AssetUploadError, uploadAsset } from '../../lib/asset-upload';
import { RegisterLoraDocument } from '../../gql/graphql';
import { gqlRequest } from '../../lib/graphql-client';
import type { Lora } from './graphql/admin.graphql';

export type LoraUploadStep = 'uploading' | 'checking' | 'registering';

/** Why a LoRA upload stopped before registerLora: storage did not take the file, or the API refused it. */
export const LoraUploadError = AssetUploadError;

/** The optional picture could not be uploaded (the LoRA file itself was fine). */
export class LoraPictureError extends AssetUploadError {
  constructor(cause: AssetUploadError) {
    super(cause.reason, cause.message);
    this.name = 'LoraPictureError';
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
 * requestUpload -> POST the file with its signed upload form -> completeUpload (the API checks the file) ->
 * registerLora, with an optional picture uploaded the same way first. `onStep` reports progress; GraphQL refusals reject with GraphQLRequestError.
 */
export async function uploadAndRegisterLora(file: File, fields: RegisterLoraFields, onStep: (step: LoraUploadStep) => void = () => undefined, thumbnail: File | null = null): Promise<Lora> {
  const asset = await uploadAsset(file, 'LORA', { onStep });
  const picture = thumbnail ? await uploadAsset(thumbnail, 'REFERENCE_IMAGE', { onStep }).catch((error: unknown) => Promise.reject(error instanceof AssetUploadError ? new LoraPictureError(error) : error)) : null;
  onStep('registering');
  const { registerLora } = await gqlRequest(RegisterLoraDocument, {
    input: { ...fields, fileAssetId: asset.id, ...(picture ? { thumbnailAssetId: picture.id } : {}) },
  });
  return registerLora;
}
