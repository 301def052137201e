export type BaseModel = 'SD15' | 'SDXL';

export type VersionState =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'CHANGES_REQUESTED'
  | 'REJECTED'
  | 'APPROVED'
  | 'PUBLISHED'
  | 'SUPERSEDED';

export interface TemplateVersionSummary {
  id: string;
  number: number;
  state: VersionState;
  revision: number;
  specHash: string;
  updatedAt: string | null;
}

export interface TemplateSummary {
  id: string;
  title: string;
  description: string | null;
  tags: string[];
  category: string | null;
  baseModel: BaseModel;
  updatedAt: string | null;
  draft: TemplateVersionSummary | null;
  publishedVersion: TemplateVersionSummary | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

const TEMPLATE_SUMMARY_FIELDS = /* GraphQL */ `
  fragment TemplateVersionSummaryFields on TemplateVersion {
    id
    number
    state
    revision
    specHash
    updatedAt
  }

  fragment TemplateSummaryFields on Template {
    id
    title
    description
    tags
    category
    baseModel
    updatedAt
    draft {
      ...TemplateVersionSummaryFields
    }
    publishedVersion {
      ...TemplateVersionSummaryFields
    }
  }
`;

// `templates` is the studio's view: the API scopes it to the signed-in designer.
export const MY_TEMPLATES_QUERY = /* GraphQL */ `
  query MyTemplates($first: Int, $after: String, $filter: TemplateFilter) {
    templates(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...TemplateSummaryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
  ${TEMPLATE_SUMMARY_FIELDS}
`;

export interface MyTemplatesVariables {
  first?: number;
  after?: string | null;
  filter?: { search?: string; tags?: string[] };
}

export interface MyTemplatesData {
  templates: {
    edges: Array<{ cursor: string; node: TemplateSummary }>;
    pageInfo: PageInfo;
    totalCount: number;
  };
}

export const CREATE_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation CreateTemplate($input: CreateTemplateInput!) {
    createTemplate(input: $input) {
      ...TemplateSummaryFields
    }
  }
  ${TEMPLATE_SUMMARY_FIELDS}
`;

export interface CreateTemplateInput {
  title: string;
  description?: string;
  tags?: string[];
  category?: string;
  baseModel: BaseModel;
}

export interface CreateTemplateVariables {
  input: CreateTemplateInput;
}

export interface CreateTemplateData {
  createTemplate: TemplateSummary;
}
