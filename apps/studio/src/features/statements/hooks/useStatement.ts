import { useGqlQuery } from '../../../lib/useGqlQuery';
import { STATEMENT_QUERY, type StatementData, type StatementVariables } from '../graphql/statement.graphql';

/** A designer's statement for `month` in `currency`; `statement` is null when the designer does not exist. */
export function useStatement(designerId: string, month: string | null, currency: string) {
  const result = useGqlQuery<StatementData, StatementVariables>(STATEMENT_QUERY, month ? { designerId, month, currency } : null);
  const statement = result.data?.statement ?? null;
  // Only the statement asked for: while another month loads, show none rather than the wrong one.
  const isCurrent = statement !== null && statement.month === month && statement.currency === currency && statement.designerId === designerId;
  return {
    statement: isCurrent ? statement : null,
    isLoading: result.isLoading,
    error: result.error,
    reload: result.reload,
    replace: (next: NonNullable<StatementData['statement']>) => result.setData({ statement: next }),
  };
}
