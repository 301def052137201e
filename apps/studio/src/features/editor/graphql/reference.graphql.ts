// The reference image's short-lived download link. Types are generated from the API schema (src/gql).
import type { ReferenceAssetQuery, ReferenceAssetQueryVariables } from '../../../gql/graphql';

export const REFERENCE_ASSET_QUERY = /* GraphQL */ `
  query ReferenceAsset($id: ID!) {
    asset(id: $id) {
      id
      state
      url
      width
      height
    }
  }
`;
export type ReferenceAssetData = ReferenceAssetQuery;
export type ReferenceAssetVariables = ReferenceAssetQueryVariables;
