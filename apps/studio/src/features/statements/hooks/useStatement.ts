import { StatementDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import type { Statement } from '../graphql/statement.graphql';

/** A designer's statement for `month` in `currency`; `statement` is null when the designer does not exist. */
export function useStatement(designerId: string, month: string | null, currency: string) {
  const result = useGqlQuery(StatementDocument, month ? { designerId, month, currency } : null);
  const statement = result.data?.statement ?? null;
  // Only the statement asked for: while another month loads, show none rather than the wrong one.
  const isCurrent = statement !== null && statement.month === month && statement.currency === currency && statement.designerId === designerId;
  return {
    statement: isCurrent ? statement : null,
    isLoading: result.isLoading,
    error: result.error,
    reload: result.reload,
    replace: (next: Statement) => result.setData({ statement: next }),
  };
}
