import { describeIssue } from '../../i18n/describe-error';
import { isGraphQLRequestError } from '../../lib/graphql-client';
import type { Translator } from '../../i18n/translator';
import { toFormErrors, type FieldErrors } from '../admin/admin-errors';

export const AGREEMENT_FIELDS = ['designerShareBps', 'coAuthors', 'effectiveFrom'] as const;
export type AgreementField = (typeof AGREEMENT_FIELDS)[number];

export interface AgreementFormErrors {
  fieldErrors: FieldErrors<AgreementField>;
  /** By co-author row: what the API said about that row's designer or share. */
  rowErrors: Record<number, string>;
  formError: string | null;
}

/**
 * An API refusal of setRevenueAgreement for the form: "coAuthors.1.designerId" goes next to row 2,
 * "designerShareBps" / "effectiveFrom" / "coAuthors" next to their field, anything else above the form.
 */
export function toAgreementFormErrors(error: unknown, t: Translator['t']): AgreementFormErrors {
  const { fieldErrors, formError } = toFormErrors(error, AGREEMENT_FIELDS, t);
  const rowErrors: Record<number, string> = {};
  if (isGraphQLRequestError(error, 'BAD_USER_INPUT')) {
    for (const issue of error.issues) {
      const at = issue.path.indexOf('coAuthors');
      const row = at >= 0 && issue.path.length > at + 2 ? Number(issue.path[at + 1]) : NaN;
      if (Number.isInteger(row) && rowErrors[row] === undefined) rowErrors[row] = describeIssue(issue, t);
    }
    // A row's problem shows on its row, not again under the whole list.
    if (fieldErrors.coAuthors && Object.values(rowErrors).includes(fieldErrors.coAuthors)) delete fieldErrors.coAuthors;
  }
  return { fieldErrors, rowErrors, formError };
}
