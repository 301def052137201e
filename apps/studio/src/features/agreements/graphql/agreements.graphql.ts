// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { RevenueAgreementsQuery } from '../../../gql/graphql';

// A template's revenue agreements, oldest first (the default terms first); its authors and admins only.
export const REVENUE_AGREEMENTS_QUERY = /* GraphQL */ `
  query RevenueAgreements($templateId: ID!) {
    revenueAgreements(templateId: $templateId) {
      id
      templateId
      designerShareBps
      effectiveFrom
      createdAt
      coAuthors {
        designerId
        displayName
        shareBps
      }
    }
  }
`;
export type RevenueAgreementRow = RevenueAgreementsQuery['revenueAgreements'][number];

// The designers an admin can name as co-authors (admins only; one page is enough for a picker).
export const AGREEMENT_DESIGNERS_QUERY = /* GraphQL */ `
  query AgreementDesigners {
    users(first: 100, filter: { role: DESIGNER, status: ACTIVE }) {
      edges {
        node {
          id
          displayName
        }
      }
    }
  }
`;

export const SET_REVENUE_AGREEMENT_MUTATION = /* GraphQL */ `
  mutation SetRevenueAgreement($input: RevenueAgreementInput!) {
    setRevenueAgreement(input: $input) {
      id
      templateId
      designerShareBps
      effectiveFrom
      createdAt
      coAuthors {
        designerId
        displayName
        shareBps
      }
    }
  }
`;
