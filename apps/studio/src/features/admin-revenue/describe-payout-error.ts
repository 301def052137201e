import { describeError } from '../../i18n/describe-error';
import type { Translator } from '../../i18n/translator';
import { GraphQLRequestError } from '../../lib/graphql-client';

/**
 * Why a payout was refused, in the active language. The two ledger refusals get our own wording
 * (the API's English text carries raw minor-unit figures); anything else is described as usual.
 */
export function describePayoutError(error: unknown, month: string, i18n: Pick<Translator, 't' | 'formatMonth'>): string {
  if (error instanceof GraphQLRequestError) {
    if (error.code === 'STATEMENT_NOT_CLOSED') return i18n.t('adminRevenue.pay.notClosed', { month: i18n.formatMonth(month, 'long') });
    if (error.code === 'NOTHING_TO_PAY') return i18n.t('adminRevenue.pay.nothingToPay', { month: i18n.formatMonth(month, 'long') });
  }
  return describeError(error, i18n.t);
}
