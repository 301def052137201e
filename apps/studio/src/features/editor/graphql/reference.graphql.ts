// The reference image's short-lived download link (graphql-codegen's input: ReferenceAssetDocument, src/gql).

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
