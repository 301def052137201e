import { describe, expect, it } from '@jest/globals';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import { UsersPage } from './UsersPage';

type Node = { id: string; email: string; displayName: string; roles: string[]; createdAt: string };

const ADA: Node = { id: 'u-2', email: 'ada@example.com', displayName: 'Ada Admin', roles: ['ADMIN'], createdAt: '2026-11-20T04:00:00Z' };
const DEV: Node = { id: 'u-1', email: 'dev@example.com', displayName: 'Dev Designer', roles: ['DESIGNER', 'REVIEWER'], createdAt: '2026-11-19T04:00:00Z' };
const OLD: Node = { id: 'u-0', email: 'old@example.com', displayName: 'Old Timer', roles: ['REVIEWER'], createdAt: '2026-01-02T04:00:00Z' };

function page(nodes: Node[], totalCount: number, endCursor: string | null, hasNextPage = false) {
  return { body: { data: { users: { totalCount, pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } } } };
}

const rowTexts = (container: HTMLElement) => allByTestId(container, 'user-row').map((row) => row.querySelector('th')!.textContent);

describe('UsersPage', () => {
  it('lists every account newest first and pages on with the cursor', async () => {
    const calls = stubGraphQL({ AdminUsers: ({ variables }) => (variables.after ? page([OLD], 3, 'c-3') : page([ADA, DEV], 3, 'c-2', true)) });
    const container = render(<UsersPage />);
    await waitFor(() => expect(allByTestId(container, 'user-row')).toHaveLength(2));
    expect(container.querySelector('.card-subtitle')!.textContent).toBe('3 accounts, newest first');
    expect(container.textContent).not.toContain('no list');
    expect(allByTestId(container, 'user-row')[1]!.textContent).toContain('dev@example.comDesigner, Reviewer');

    click(byTestId(container, 'users-load-more'));
    await waitFor(() => expect(rowTexts(container)).toEqual(['Ada Admin', 'Dev Designer', 'Old Timer']));
    expect(calls.map((c) => c.variables)).toEqual([{ first: 50 }, { first: 50, after: 'c-2' }]);
    expect(container.querySelector('[data-testid="users-load-more"]')).toBeNull();
  });

  it('creates a user with roles, checking the form first, and shows them at the top of the list', async () => {
    const calls = stubGraphQL({
      AdminUsers: () => page([ADA], 1, 'c-1'),
      CreateUser: ({ variables }) => {
        const input = variables.input as { email: string; displayName: string; roles: string[] };
        return { body: { data: { createUser: { id: 'u-9', email: input.email, displayName: input.displayName, roles: input.roles, createdAt: '2026-11-25T04:00:00Z' } } } };
      },
    });
    const container = render(<UsersPage />);
    await waitFor(() => expect(allByTestId(container, 'user-row')).toHaveLength(1));
    click(byTestId(container, 'create-user-submit'));
    expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['Enter a valid email address.', 'Enter a display name.', 'The password needs at least 10 characters.']);
    expect(calls.filter((c) => c.query.includes('CreateUser'))).toHaveLength(0);

    typeInto(byTestId(container, 'user-email'), 'rae@example.com');
    typeInto(byTestId(container, 'user-display-name'), 'Rae Reviewer');
    typeInto(byTestId(container, 'user-password'), 'long-enough-1');
    click(byTestId(container, 'user-role-DESIGNER'));
    click(byTestId(container, 'user-role-REVIEWER'));
    click(byTestId(container, 'create-user-submit'));

    await waitFor(() => expect(allByTestId(container, 'user-row')).toHaveLength(2));
    expect(calls.find((c) => c.query.includes('CreateUser'))!.variables).toEqual({ input: { email: 'rae@example.com', displayName: 'Rae Reviewer', password: 'long-enough-1', roles: ['REVIEWER'] } });
    const [first] = allByTestId(container, 'user-row');
    expect(first!.getAttribute('data-user-id')).toBe('u-9');
    expect(first!.querySelector('th')!.textContent).toBe('Rae ReviewerNew');
    expect(first!.textContent).toContain('rae@example.comReviewer');
    expect(container.querySelector('.card-subtitle')!.textContent).toBe('2 accounts, newest first');
  });

  it('shows the API issues next to the field they name', async () => {
    stubGraphQL({ AdminUsers: () => page([], 0, null), CreateUser: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: 'email', message: 'This email is already registered.' }]) }) });
    const container = render(<UsersPage />);
    await waitFor(() => expect(container.textContent).toContain('No accounts yet.'));
    typeInto(byTestId(container, 'user-email'), 'taken@example.com');
    typeInto(byTestId(container, 'user-display-name'), 'Taken');
    typeInto(byTestId(container, 'user-password'), 'long-enough-1');
    click(byTestId(container, 'create-user-submit'));
    await waitFor(() => expect(byTestId(container, 'user-email').getAttribute('aria-invalid')).toBe('true'));
    expect(byTestId(container, 'user-email').parentElement!.querySelector('.field-error')!.textContent).toBe('This email is already registered.');
  });

  it('reports a refused list with the reason', async () => {
    stubGraphQL({ AdminUsers: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'Admins only.') }) });
    const container = render(<UsersPage />);
    await waitFor(() => expect(byTestId(container, 'admin-load-error')).toBeTruthy());
    expect(container.querySelector('[data-testid="user-row"]')).toBeNull();
  });
});
