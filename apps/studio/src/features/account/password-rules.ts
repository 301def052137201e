import { describeError, describeIssue } from '../../i18n/describe-error';
import type { Translator } from '../../i18n/translator';
import { isGraphQLRequestError } from '../../lib/graphql-client';

// The API's rule for a new password (changeMyPassword and createUser): 10 to 200 characters.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export type PasswordField = keyof PasswordForm;

export interface PasswordFormErrors {
  fieldErrors: Partial<Record<PasswordField, string>>;
  formError: string | null;
}

/** The checks the API makes (and that the two new passwords match), worded for the person; empty when the form can be sent. */
export function checkPasswordForm(form: PasswordForm, t: Translator['t']): Partial<Record<PasswordField, string>> {
  const errors: Partial<Record<PasswordField, string>> = {};
  if (!form.currentPassword) errors.currentPassword = t('account.password.currentRequired');
  if (form.newPassword.length < MIN_PASSWORD_LENGTH) errors.newPassword = t('account.password.tooShort', { min: MIN_PASSWORD_LENGTH });
  else if (form.newPassword.length > MAX_PASSWORD_LENGTH) errors.newPassword = t('account.password.tooLong', { max: MAX_PASSWORD_LENGTH });
  else if (form.confirmPassword !== form.newPassword) errors.confirmPassword = t('account.password.mismatch');
  return errors;
}

/**
 * changeMyPassword's refusal placed on the form, in the active language: a BAD_USER_INPUT issue goes
 * under the field its path names (the API's English text is replaced by ours), too many wrong attempts
 * say how long to wait, anything else is one sentence for the form.
 */
export function describePasswordError(error: unknown, t: Translator['t']): PasswordFormErrors {
  if (isGraphQLRequestError(error, 'BAD_USER_INPUT') && error.issues.length > 0) {
    const fieldErrors: PasswordFormErrors['fieldErrors'] = {};
    const others: string[] = [];
    for (const issue of error.issues) {
      const field = issue.path[issue.path.length - 1];
      if (field === 'currentPassword') fieldErrors.currentPassword = t('account.password.currentWrong');
      else if (field === 'newPassword') fieldErrors.newPassword = t('account.password.length', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
      else others.push(describeIssue(issue, t));
    }
    return { fieldErrors, formError: others.length > 0 ? others.join(' ') : null };
  }
  if (isGraphQLRequestError(error, 'RATE_LIMITED')) {
    const seconds = error.details['retryAfterSeconds'];
    if (typeof seconds === 'number') return { fieldErrors: {}, formError: t('account.password.rateLimited', { seconds }) };
  }
  return { fieldErrors: {}, formError: describeError(error, t) };
}
