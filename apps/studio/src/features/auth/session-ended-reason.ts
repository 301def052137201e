import type { Translator } from '../../i18n/translator';
import type { MessageKey } from '../../i18n/types';

// The API's reasons for refusing a session (AuthService.verifyToken) come in English only. The ones we
// know are shown in the studio's language; any other is shown as the API sent it.
const KNOWN_REASONS: Record<string, MessageKey> = {
  'This session was ended (signed out everywhere, or the password was changed). Please sign in again.': 'login.sessionEnded.elsewhere',
  'Your account is not active. Please sign in again.': 'login.sessionEnded.inactive',
  'Your session has expired. Please sign in again.': 'login.sessionEnded.expired',
  'Your session is not valid. Please sign in again.': 'login.sessionEnded.invalid',
};

/** The API's UNAUTHENTICATED message -> the sentence the sign-in page shows, in the active language. */
export function describeSessionEndedReason(reason: string, t: Translator['t']): string {
  const key = KNOWN_REASONS[reason];
  return key ? t(key) : reason;
}
