import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { rootFieldNames } from '../../common/root-fields.js';

// What consumer apps may read with GET (so a CDN can cache it); everything else goes by POST.
export const CATALOG_GET_FIELDS: ReadonlySet<string> = new Set(['catalog', 'catalogVersion', 'templateCategories', '__typename']);

// The headers that count as proof a browser asked its CORS preflight first, which a GET needs
// (Apollo's csrfPrevention): Apollo's own two, and x-api-key, which is not CORS-safelisted either,
// so a page on another site cannot send it without the API's CORS consent.
export const CSRF_PREVENTION_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight', 'x-api-key'];

// GET /graphql runs the catalog queries only. Apollo itself refuses mutations over GET (405,
// before this hook runs); this refuses other queries, so no GET answer but the public catalog's is
// ever worth caching.
export function catalogOnlyOverGetPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (request.http?.method !== 'GET') return;
      return {
        async didResolveOperation({ document, operation }) {
          const fields = rootFieldNames(document, request.operationName);
          if (operation?.operation === 'query' && fields.every((f) => CATALOG_GET_FIELDS.has(f))) return;
          const allowed = [...CATALOG_GET_FIELDS].filter((f) => !f.startsWith('__')).join(', ');
          throw new GraphQLError(`Only the catalog queries (${allowed}) may be sent with GET. Send this operation with POST to /graphql.`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 405, headers: new HeaderMap([['allow', 'POST']]) } },
          });
        },
      };
    },
  };
}
