import { useCallback } from 'react';
import { gqlRequest } from '../../../lib/graphql-client';
import { useSession } from '../../auth/hooks/useSession';
import {
  CHANGE_MY_PASSWORD_MUTATION,
  SIGN_OUT_EVERYWHERE_MUTATION,
  type ChangeMyPasswordMutation,
  type ChangeMyPasswordMutationVariables,
  type SignOutEverywhereMutation,
} from '../graphql/account.graphql';

/**
 * The two account actions that end the person's other sessions. Each starts a new session for this
 * browser, which the studio adopts at once, so it carries on without a new sign-in.
 * Both reject with GraphQLRequestError like gqlRequest.
 */
export function useAccountSessions() {
  const { adoptNewSession } = useSession();

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const data = await gqlRequest<ChangeMyPasswordMutation, ChangeMyPasswordMutationVariables>(CHANGE_MY_PASSWORD_MUTATION, { currentPassword, newPassword });
      adoptNewSession(data.changeMyPassword);
    },
    [adoptNewSession],
  );

  const signOutEverywhere = useCallback(async () => {
    const data = await gqlRequest<SignOutEverywhereMutation>(SIGN_OUT_EVERYWHERE_MUTATION);
    adoptNewSession(data.signOutEverywhere);
  }, [adoptNewSession]);

  return { changePassword, signOutEverywhere };
}
