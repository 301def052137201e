import { useCallback } from 'react';
import { ChangeMyPasswordDocument, SignOutEverywhereDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { useSession } from '../../auth/hooks/useSession';

/**
 * The two account actions that end the person's other sessions. Each starts a new session for this
 * browser, which the studio adopts at once, so it carries on without a new sign-in.
 * Both reject with GraphQLRequestError like gqlRequest.
 */
export function useAccountSessions() {
  const { adoptNewSession } = useSession();

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const data = await gqlRequest(ChangeMyPasswordDocument, { currentPassword, newPassword });
      adoptNewSession(data.changeMyPassword);
    },
    [adoptNewSession],
  );

  const signOutEverywhere = useCallback(async () => {
    const data = await gqlRequest(SignOutEverywhereDocument);
    adoptNewSession(data.signOutEverywhere);
  }, [adoptNewSession]);

  return { changePassword, signOutEverywhere };
}
