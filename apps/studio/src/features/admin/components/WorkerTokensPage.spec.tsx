import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import type { WorkerToken } from '../graphql/admin.graphql';
import { WorkerTokensPage } from './WorkerTokensPage';

function makeToken(overrides: Partial<WorkerToken> = {}): WorkerToken {
  return { id: 'wt-1', name: 'gpu-box-1', prefix: 'wt_aa11', createdAt: '2026-11-01T02:00:00Z', lastUsedAt: null, revokedAt: null, ...overrides };
}

describe('WorkerTokensPage', () => {
  it('issues a token, shows it once, and revokes a token after confirmation', async () => {
    const user = userEvent.setup();
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
    render(<WorkerTokensPage />);
    await screen.findByText('No worker tokens yet.');

    await user.type(screen.getByRole('textbox', { name: 'Name' }), ' gpu-box-1 ');
    await user.click(screen.getByRole('button', { name: 'Issue token' }));
    await waitFor(() => expect(screen.getByTestId('secret-value').textContent).toBe('wt_aa11.very-secret'));
    expect(calls.find((c) => c.query.includes('mutation IssueWorkerToken'))!.variables).toEqual({ name: 'gpu-box-1' });
    await waitFor(() => expect(screen.getAllByTestId('worker-token-row')).toHaveLength(1));

    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Revoke “gpu-box-1”?' })).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(screen.getByTestId('worker-token-status').textContent).toBe('Revoked'));
  });

  it('shows a refused revocation inside the confirmation', async () => {
    const user = userEvent.setup();
    stubGraphQL({
      AdminWorkerTokens: () => ({ body: { data: { workerTokens: [makeToken()] } } }),
      RevokeWorkerToken: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'Only admins can revoke worker tokens.') }),
    });
    render(<WorkerTokensPage />);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(within(dialog).getByTestId('confirm-error').textContent).toBe('Only admins can revoke worker tokens.'));
  });
});
