import { describe, expect, it } from 'vitest';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import { UsersPage } from './UsersPage';

describe('UsersPage', () => {
  it('creates a user with roles, checking the form first', async () => {
    const calls = stubGraphQL({
      CreateUser: ({ variables }) => {
        const input = variables.input as { email: string; displayName: string; roles: string[] };
        return { body: { data: { createUser: { id: 'u-9', email: input.email, displayName: input.displayName, roles: input.roles, createdAt: '2026-11-25T04:00:00Z' } } } };
      },
    });
    const container = render(<UsersPage />);
    click(byTestId(container, 'create-user-submit'));
    expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['Enter a valid email address.', 'Enter a display name.', 'The password needs at least 10 characters.']);
    expect(calls).toHaveLength(0);

    typeInto(byTestId(container, 'user-email'), 'rae@example.com');
    typeInto(byTestId(container, 'user-display-name'), 'Rae Reviewer');
    typeInto(byTestId(container, 'user-password'), 'long-enough-1');
    click(byTestId(container, 'user-role-DESIGNER'));
    click(byTestId(container, 'user-role-REVIEWER'));
    click(byTestId(container, 'create-user-submit'));

    await waitFor(() => expect(allByTestId(container, 'created-user-row')).toHaveLength(1));
    expect(calls[0]!.variables).toEqual({ input: { email: 'rae@example.com', displayName: 'Rae Reviewer', password: 'long-enough-1', roles: ['REVIEWER'] } });
    expect(byTestId(container, 'created-user-row').textContent).toBe('Rae Reviewerrae@example.comReviewer');
  });

  it('shows the API issues next to the field they name', async () => {
    stubGraphQL({ CreateUser: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: 'email', message: 'This email is already registered.' }]) }) });
    const container = render(<UsersPage />);
    typeInto(byTestId(container, 'user-email'), 'taken@example.com');
    typeInto(byTestId(container, 'user-display-name'), 'Taken');
    typeInto(byTestId(container, 'user-password'), 'long-enough-1');
    click(byTestId(container, 'create-user-submit'));
    await waitFor(() => expect(byTestId(container, 'user-email').getAttribute('aria-invalid')).toBe('true'));
    expect(byTestId(container, 'user-email').parentElement!.querySelector('.field-error')!.textContent).toBe('This email is already registered.');
  });
});
