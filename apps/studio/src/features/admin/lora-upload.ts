import { AssetUploadError, uploadAsset } from '../../lib/asset-upload';
import { gqlRequest } from '../../lib/graphql-client';
import { REGISTER_LORA_MUTATION, type Lora, type RegisterLoraMutation, type RegisterLoraMutationVariables } from './graphql/admin.graphql';

export type LoraUploadStep = 'uploading' | 'checking' | 'registering';

/** Why a LoRA upload stopped before registerLora: the PUT failed, or the API refused the file. */
export const LoraUploadError = AssetUploadError;

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
  const asset = await uploadAsset(file, 'LORA', { onStep });
  onStep('registering');
  const { registerLora } = await gqlRequest<RegisterLoraMutation, RegisterLoraMutationVariables>(REGISTER_LORA_MUTATION, { input: { ...fields, fileAssetId: asset.id } });
  return registerLora;
}
