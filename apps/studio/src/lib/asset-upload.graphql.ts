// Uploads through presigned URLs: any asset kind (reference images, LoRA files). graphql-codegen's input
// for the typed documents the studio sends (src/gql/graphql.ts).
import type { CompleteAssetUploadMutation } from '../gql/graphql';

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

export type UploadedAsset = CompleteAssetUploadMutation['completeUpload'];
