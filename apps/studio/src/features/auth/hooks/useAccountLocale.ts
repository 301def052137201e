import { useEffect, useRef } from 'react';
import { isLocale } from '../../../i18n/locale-storage';
import { useI18n } from '../../../i18n/useI18n';
import { SetMyLocaleDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import type { SessionUser } from '../graphql/session.graphql';

/**
 * The language follows the person, not the browser: on sign-in the studio switches to the language
 * their account remembers, and a switch they make afterwards is remembered on their account (and in
 * this browser, for the sign-in page). A failed save keeps the switch here; the next one tries again.
 */
export function useAccountLocale(user: SessionUser): void {
  const { locale, setLocale } = useI18n();
  const appliedFor = useRef<string | null>(null);
  const saved = useRef<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (appliedFor.current !== user.id) {
      appliedFor.current = user.id;
      const remembered = isLocale(user.locale) ? user.locale : null;
      saved.current = remembered ?? locale;
      if (remembered && remembered !== locale) {
        setLocale(remembered);
        return;
      }
    }
    if (locale === saved.current) return;
    const choice = locale;
    saved.current = choice;
    // One save at a time, in order, each sending the newest choice: quick switches (en -> zh -> en) can
    // never leave the account on a language the screen no longer shows.
    queue.current = queue.current.then(async () => {
      if (saved.current !== choice) return;
      try {
        await gqlRequest(SetMyLocaleDocument, { locale: choice });
      } catch {
        if (saved.current === choice) saved.current = null;
      }
    });
  }, [user.id, user.locale, locale, setLocale]);
}
