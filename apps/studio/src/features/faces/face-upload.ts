import { CreateFaceDocument, type CreatePreviewSubjectInput } from '../../gql/graphql';
import { AssetUploadError, uploadAsset } from '../../lib/asset-upload';
import { gqlRequest } from '../../lib/graphql-client';
import type { Face } from './face-consent';

/** The face form's fields that take files, named as the API's input paths. */
export type FaceFileField = 'consentDocumentAssetId' | 'identityLoras' | 'referencePhotoAssetIds';

/** A file of the face could not be uploaded or was refused by the API's checks; `field` says which. */
export class FaceFileError extends Error {
  constructor(
    readonly field: FaceFileField,
    readonly fileName: string,
    readonly cause: AssetUploadError,
  ) {
    super(cause.message);
    this.name = 'FaceFileError';
  }
}

export interface FaceFiles {
  consentDocument: File;
  identityLoras: { SD15?: File | null; SDXL?: File | null };
  /** The word each identity LoRA was trained with; blank when it has none. */
  triggerWords?: { SD15?: string; SDXL?: string };
  photos: File[];
}

export type FaceUploadProgress = { kind: 'uploading'; done: number; total: number } | { kind: 'saving' };

async function upload(file: File, kind: 'CONSENT_DOCUMENT' | 'LORA' | 'SUBJECT_PHOTO', field: FaceFileField): Promise<string> {
  try {
    return (await uploadAsset(file, kind)).id;
  } catch (error) {
    throw error instanceof AssetUploadError ? new FaceFileError(field, file.name, error) : error;
  }
}

/**
 * Uploads every file of a new face (each checked by the API as any upload is: the consent document,
 * an identity LoRA per base model, the photos), then creates the face. GraphQL refusals reject with
 * GraphQLRequestError (issues name the input paths), file problems with FaceFileError.
 */
export async function uploadAndCreateFace(
  fields: Omit<CreatePreviewSubjectInput, 'consentDocumentAssetId' | 'identityLoras' | 'referencePhotoAssetIds' | 'identityLoraAssetId'>,
  files: FaceFiles,
  onProgress: (progress: FaceUploadProgress) => void = () => undefined,
): Promise<Face> {
  const loras = (['SD15', 'SDXL'] as const).flatMap((baseModel) => (files.identityLoras[baseModel] ? [{ baseModel, file: files.identityLoras[baseModel]! }] : []));
  const total = 1 + loras.length + files.photos.length;
  let done = 0;
  // `done` counts from 1: "uploading 1 of 5" while the first file goes up.
  const step = () => onProgress({ kind: 'uploading', done: ++done, total });
  step();
  const consentDocumentAssetId = await upload(files.consentDocument, 'CONSENT_DOCUMENT', 'consentDocumentAssetId');
  const identityLoras = [];
  for (const lora of loras) {
    step();
    const triggerWord = files.triggerWords?.[lora.baseModel]?.trim();
    identityLoras.push({ baseModel: lora.baseModel, assetId: await upload(lora.file, 'LORA', 'identityLoras'), ...(triggerWord ? { triggerWord } : {}) });
  }
  const referencePhotoAssetIds = [];
  for (const photo of files.photos) {
    step();
    referencePhotoAssetIds.push(await upload(photo, 'SUBJECT_PHOTO', 'referencePhotoAssetIds'));
  }
  onProgress({ kind: 'saving' });
  const { createPreviewSubject } = await gqlRequest(CreateFaceDocument, { input: { ...fields, consentDocumentAssetId, identityLoras, referencePhotoAssetIds } });
  return createPreviewSubject;
}
