import { useCallback, useState } from 'react';
import { MarkStatementPaidDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import type { Statement } from '../../statements/graphql/statement.graphql';

/**
 * `markStatementPaid`; rejects with GraphQLRequestError (STATEMENT_NOT_CLOSED, NOTHING_TO_PAY, ...).
 * A payout reloads the revenue overview and every statement shown (later months open with it).
 */
export function useMarkStatementPaid() {
  const queryClient = useStudioQueryClient();
  const [isPaying, setIsPaying] = useState(false);
  const markPaid = useCallback(
    async (statementId: string, reference: string): Promise<Statement> => {
      setIsPaying(true);
      try {
        const data = await gqlRequest(MarkStatementPaidDocument, { statementId, reference });
        void invalidateGqlQueries(queryClient, 'RevenueOverview', 'Statement');
        return data.markStatementPaid;
      } finally {
        setIsPaying(false);
      }
    },
    [queryClient],
  );
  return { markPaid, isPaying };
}
