import { translateReason } from '../../i18n/describe-error';
import type { Translator } from '../../i18n/translator';
import type { SessionEndedReason } from '../../lib/studio-session';

/** Why the API ended the session, for the sign-in page in the active language (its English for a reason this studio does not know). */
export function describeSessionEndedReason(ended: SessionEndedReason, t: Translator['t']): string {
  return translateReason(ended.reason, ended.params, t) ?? ended.message;
}
