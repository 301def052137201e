import { describe, expect, it } from '@jest/globals';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import type { WorkerToken } from '../graphql/admin.graphql';
import { WorkerTokensPage } from './WorkerTokensPage';

function makeToken(overrides: Partial<WorkerToken> = {}): WorkerToken {
  return { id: 'wt-1', name: 'gpu-box-1', prefix: 'wt_aa11', createdAt: '2026-11-01T02:00:00Z', lastUsedAt: null, revokedAt: null, ...overrides };
}

describe('WorkerTokensPage', () => {
  it('issues a token, shows it once, and revokes a token after confirmation', async () => {
    let tokens: WorkerToken[] = [];
    const calls = stubGraphQL({
      AdminWorkerTokens: () => ({ body: { data: { workerTokens: tokens } } }),
      IssueWorkerToken: ({ variables }) => {
        const created = makeToken({ name: variables.name as string });
        tokens = [created];
        return { body: { data: { issueWorkerToken: { token: 'wt_aa11.very-secret', workerToken: created } } } };
      },
      RevokeWorkerToken: ({ variables }) => {
        tokens = [makeToken({ revokedAt: '2026-11-25T04:00:00Z' })];
        return { body: { data: { revokeWorkerToken: { id: variables.id, revokedAt: '2026-11-25T04:00:00Z' } } } };
      },
    });
    const container = render(<WorkerTokensPage />);
    await waitFor(() => expect(container.textContent).toContain('No worker tokens yet.'));

    typeInto(byTestId(container, 'worker-token-name'), ' gpu-box-1 ');
    click(byTestId(container, 'issue-worker-token-submit'));
    await waitFor(() => expect(byTestId(container, 'secret-value').textContent).toBe('wt_aa11.very-secret'));
    expect(calls.find((c) => c.query.includes('mutation IssueWorkerToken'))!.variables).toEqual({ name: 'gpu-box-1' });
    await waitFor(() => expect(allByTestId(container, 'worker-token-row')).toHaveLength(1));

    click(byTestId(container, 'revoke-worker-token'));
    click(byTestId(byTestId(container, 'confirm-dialog'), 'confirm-submit'));
    await waitFor(() => expect(byTestId(container, 'worker-token-status').textContent).toBe('Revoked'));
  });

  it('shows a refused revocation inside the confirmation', async () => {
    stubGraphQL({
      AdminWorkerTokens: () => ({ body: { data: { workerTokens: [makeToken()] } } }),
      RevokeWorkerToken: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'Only admins can revoke worker tokens.') }),
    });
    const container = render(<WorkerTokensPage />);
    await waitFor(() => byTestId(container, 'revoke-worker-token'));
    click(byTestId(container, 'revoke-worker-token'));
    const dialog = byTestId(container, 'confirm-dialog');
    click(byTestId(dialog, 'confirm-submit'));
    await waitFor(() => expect(byTestId(dialog, 'confirm-error').textContent).toBe('Only admins can revoke worker tokens.'));
  });
});
