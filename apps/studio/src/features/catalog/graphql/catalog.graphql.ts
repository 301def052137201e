// The consumer catalog as the studio reads it: the same `catalog` and `catalogVersion` queries consumer
// apps send with an x-api-key (a signed-in studio user gets the very same answer). graphql-codegen's
// input for the typed documents the studio sends (src/gql/graphql.ts).
import type { BaseModel, StudioCatalogQuery, StudioCatalogVersionQuery } from '../../../gql/graphql';

export type CatalogBaseModel = BaseModel;

// One page of published templates, newest first; each with its pinned (published) version.
export const CATALOG_QUERY = /* GraphQL */ `
  query StudioCatalog($first: Int, $after: String, $filter: CatalogFilter) {
    catalog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          description
          tags
          category
          baseModel
          publishedAt
          publishedVersion {
            id
            number
            current
            publishedAt
            coverUrl
          }
        }
      }
    }
  }
`;
export type CatalogTemplate = StudioCatalogQuery['catalog']['edges'][number]['node'];
export type CatalogPageInfo = StudioCatalogQuery['catalog']['pageInfo'];

// One pinned version, exactly as an app fetches it before a render.
export const CATALOG_VERSION_QUERY = /* GraphQL */ `
  query StudioCatalogVersion($id: ID!) {
    catalogVersion(id: $id) {
      id
      templateId
      title
      number
      specHash
      current
      publishedAt
      coverUrl
      previews {
        id
        url
        width
        height
      }
      spec
      triggerWords
      comfyGraph
      recipe
    }
  }
`;
export type CatalogVersion = NonNullable<StudioCatalogVersionQuery['catalogVersion']>;
