// Preview faces as admins manage them: consent, identity LoRAs per base model, photos.
// Result and variable types are generated from the API schema (src/gql, graphql-codegen).
export type { AdminFacesQuery, CreateFaceMutationVariables, SubjectGender } from '../../../gql/graphql';

export const FACE_FIELDS = /* GraphQL */ `
  fragment FaceFields on PreviewSubject {
    id
    name
    gender
    ageYears
    active
    usable
    consentExpiresAt
    consentDocumentAssetId
    createdAt
    retiredAt
    purgedAt
    identityLoras {
      baseModel
      assetId
      triggerWord
    }
    referencePhotos {
      assetId
      url
    }
  }
`;

export const ADMIN_FACES_QUERY = /* GraphQL */ `
  query AdminFaces {
    previewSubjects {
      ...FaceFields
    }
  }
  ${FACE_FIELDS}
`;

export const CREATE_FACE_MUTATION = /* GraphQL */ `
  mutation CreateFace($input: CreatePreviewSubjectInput!) {
    createPreviewSubject(input: $input) {
      ...FaceFields
    }
  }
  ${FACE_FIELDS}
`;

export const EXTEND_FACE_CONSENT_MUTATION = /* GraphQL */ `
  mutation ExtendFaceConsent($subjectId: ID!, $validUntil: DateTime!, $consentDocumentAssetId: ID!) {
    extendConsent(subjectId: $subjectId, validUntil: $validUntil, consentDocumentAssetId: $consentDocumentAssetId) {
      ...FaceFields
    }
  }
  ${FACE_FIELDS}
`;

export const RETIRE_FACE_MUTATION = /* GraphQL */ `
  mutation RetireFace($id: ID!) {
    retirePreviewSubject(id: $id) {
      ...FaceFields
    }
  }
  ${FACE_FIELDS}
`;
