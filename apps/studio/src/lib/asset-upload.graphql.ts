// Uploads through presigned URLs: any asset kind (reference images, LoRA files). Types are generated (src/gql).
import type {
  CompleteAssetUploadMutation,
  CompleteAssetUploadMutationVariables,
  RequestAssetUploadMutation,
  RequestAssetUploadMutationVariables,
} from '../gql/graphql';

// A ticket: where to POST the file, the signed form fields to send before it, and the PENDING asset it becomes.
export const REQUEST_ASSET_UPLOAD_MUTATION = /* GraphQL */ `
  mutation RequestAssetUpload($input: RequestUploadInput!) {
    requestUpload(input: $input) {
      uploadUrl
      uploadForm
      expiresAt
      asset {
        id
      }
    }
  }
`;

// The API inspects the stored bytes: READY, or REJECTED with the reason.
export const COMPLETE_ASSET_UPLOAD_MUTATION = /* GraphQL */ `
  mutation CompleteAssetUpload($assetId: ID!) {
    completeUpload(assetId: $assetId) {
      id
      state
      rejectionReason
      width
      height
    }
  }
`;

export type RequestAssetUploadData = RequestAssetUploadMutation;
export type RequestAssetUploadVariables = RequestAssetUploadMutationVariables;
export type CompleteAssetUploadData = CompleteAssetUploadMutation;
export type CompleteAssetUploadVariables = CompleteAssetUploadMutationVariables;
export type UploadedAsset = CompleteAssetUploadMutation['completeUpload'];
