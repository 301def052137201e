import { useCallback, useState } from 'react';
import { MarkStatementPaidDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import type { Statement } from '../../statements/graphql/statement.graphql';

/** `markStatementPaid`; rejects with GraphQLRequestError (STATEMENT_NOT_CLOSED, NOTHING_TO_PAY, ...). */
export function useMarkStatementPaid() {
  const [isPaying, setIsPaying] = useState(false);
  const markPaid = useCallback(async (statementId: string, reference: string): Promise<Statement> => {
    setIsPaying(true);
    try {
      const data = await gqlRequest(MarkStatementPaidDocument, { statementId, reference });
      return data.markStatementPaid;
    } finally {
      setIsPaying(false);
    }
  }, []);
  return { markPaid, isPaying };
}
