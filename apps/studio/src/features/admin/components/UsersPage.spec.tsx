import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { UsersPage } from './UsersPage';

type Node = { id: string; email: string; displayName: string; roles: string[]; createdAt: string; disabled: boolean };

const ADA: Node = { id: 'u-2', email: 'ada@example.com', displayName: 'Ada Admin', roles: ['ADMIN'], createdAt: '2026-11-20T04:00:00Z', disabled: false };
const DEV: Node = { id: 'u-1', email: 'dev@example.com', displayName: 'Dev Designer', roles: ['DESIGNER', 'REVIEWER'], createdAt: '2026-11-19T04:00:00Z', disabled: false };
const OLD: Node = { id: 'u-0', email: 'old@example.com', displayName: 'Old Timer', roles: ['REVIEWER'], createdAt: '2026-01-02T04:00:00Z', disabled: false };

function page(nodes: Node[], totalCount: number, endCursor: string | null, hasNextPage = false) {
  return { body: { data: { users: { totalCount, pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } } } };
}

// The admin looking at the page, when it is none of the listed accounts.
const SOMEONE_ELSE = 'u-admin-elsewhere';

const rowTexts = () => screen.getAllByTestId('user-row').map((row) => within(row).getByRole('rowheader').textContent);

// The create form's fields, by their labels (a password input has no ARIA role).
const emailField = () => screen.getByRole('textbox', { name: 'Email' });
const displayNameField = () => screen.getByRole('textbox', { name: 'Display name' });
const passwordField = () => screen.getByLabelText('Initial password');

describe('UsersPage', () => {
  it('lists every account newest first and pages on with the cursor', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({ AdminUsers: ({ variables }) => (variables.after ? page([OLD], 3, 'c-3') : page([ADA, DEV], 3, 'c-2', true)) });
    const { container } = render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    expect(container.querySelector('.card-subtitle')!.textContent).toBe('3 accounts, newest first');
    expect(container.textContent).not.toContain('no list');
    expect(screen.getAllByTestId('user-row')[1]!.textContent).toContain('dev@example.comDesigner, Reviewer');

    await user.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(rowTexts()).toEqual(['Ada Admin', 'Dev Designer', 'Old Timer']));
    expect(calls.map((c) => c.variables)).toEqual([{ first: 50 }, { first: 50, after: 'c-2' }]);
    expect(screen.queryByTestId('users-load-more')).toBeNull();
  });

  it('creates a user with roles, checking the form first, and shows them at the top of the list', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({
      AdminUsers: () => page([ADA], 1, 'c-1'),
      CreateUser: ({ variables }) => {
        const input = variables.input as { email: string; displayName: string; roles: string[] };
        return { body: { data: { createUser: { id: 'u-9', email: input.email, displayName: input.displayName, roles: input.roles, createdAt: '2026-11-25T04:00:00Z', disabled: false } } } };
      },
    });
    const { container } = render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['Enter a valid email address.', 'Enter a display name.', 'The password needs at least 10 characters.']);
    expect(calls.filter((c) => c.query.includes('CreateUser'))).toHaveLength(0);

    await user.type(emailField(), 'rae@example.com');
    await user.type(displayNameField(), 'Rae Reviewer');
    await user.type(passwordField(), 'long-enough-1');
    // Each role's label starts with its name, then its hint.
    const roles = within(screen.getByRole('group', { name: 'Roles' }));
    await user.click(roles.getByRole('checkbox', { name: /^Designer/ }));
    await user.click(roles.getByRole('checkbox', { name: /^Reviewer/ }));
    await user.click(screen.getByRole('button', { name: 'Create user' }));

    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    expect(calls.find((c) => c.query.includes('CreateUser'))!.variables).toEqual({ input: { email: 'rae@example.com', displayName: 'Rae Reviewer', password: 'long-enough-1', roles: ['REVIEWER'] } });
    const [first] = screen.getAllByTestId('user-row');
    expect(first!.getAttribute('data-user-id')).toBe('u-9');
    expect(within(first!).getByRole('rowheader').textContent).toBe('Rae ReviewerNew');
    expect(first!.textContent).toContain('rae@example.comReviewer');
    expect(container.querySelector('.card-subtitle')!.textContent).toBe('2 accounts, newest first');
  });

  it('shows the API issues next to the field they name', async () => {
    const user = userEvent.setup();
    stubGraphQL({ AdminUsers: () => page([], 0, null), CreateUser: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: 'email', message: 'This email is already registered.' }]) }) });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await screen.findByText('No accounts yet.');
    await user.type(emailField(), 'taken@example.com');
    await user.type(displayNameField(), 'Taken');
    await user.type(passwordField(), 'long-enough-1');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    await waitFor(() => expect(emailField().getAttribute('aria-invalid')).toBe('true'));
    expect(emailField().parentElement!.querySelector('.field-error')!.textContent).toBe('This email is already registered.');
  });

  it('disables an account after a confirmation that it signs them out everywhere, and enables it again', async () => {
    const user = userEvent.setup();
    // The API's accounts: the list answers what the last change left.
    let dev = DEV;
    const calls = stubGraphQL({
      AdminUsers: () => page([ADA, dev], 2, 'c-2'),
      SetUserDisabled: ({ variables }) => {
        dev = { ...dev, disabled: variables.disabled as boolean };
        return { body: { data: { setUserDisabled: dev } } };
      },
    });
    // Ada is the admin signed in: her own row says so and has no Disable button.
    render(<UsersPage currentUserId={ADA.id} />);
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    const [adaRow, devRow] = screen.getAllByTestId('user-row');
    expect(within(adaRow!).getByRole('rowheader').textContent).toBe('Ada AdminYou');
    expect(within(adaRow!).queryByRole('button')).toBeNull();
    expect(within(adaRow!).getByTestId('user-status').textContent).toBe('Active');
    expect(screen.getByRole('columnheader', { name: 'Status' })).toBeTruthy();
    expect(within(devRow!).getByTestId('user-status').textContent).toBe('Active');

    await user.click(screen.getByRole('button', { name: 'Disable Dev Designer' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable Dev Designer?' });
    expect(dialog.textContent).toContain('Disabling signs Dev Designer out everywhere at once.');
    // Cancelling changes nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.filter((c) => c.query.includes('SetUserDisabled'))).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Disable Dev Designer' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Disable and sign out' }));
    await waitFor(() => expect(within(devRow!).getByTestId('user-status').textContent).toBe('Disabled'));
    expect(calls.find((c) => c.query.includes('mutation SetUserDisabled'))!.variables).toEqual({ userId: 'u-1', disabled: true });
    expect(devRow!.getAttribute('data-disabled')).toBe('true');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Dev Designer is disabled and signed out everywhere.');

    await user.click(screen.getByRole('button', { name: 'Enable Dev Designer' }));
    const enable = screen.getByRole('dialog', { name: 'Enable Dev Designer?' });
    expect(enable.textContent).toContain('Dev Designer can sign in again with their password.');
    await user.click(within(enable).getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(within(devRow!).getByTestId('user-status').textContent).toBe('Active'));
    expect(calls.filter((c) => c.query.includes('mutation SetUserDisabled')).map((c) => c.variables)).toEqual([
      { userId: 'u-1', disabled: true },
      { userId: 'u-1', disabled: false },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Dev Designer is enabled and can sign in again.');
  });

  it('keeps the confirmation open with the reason when the API refuses', async () => {
    const user = userEvent.setup();
    stubGraphQL({
      AdminUsers: () => page([ADA, DEV], 2, 'c-2'),
      SetUserDisabled: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'You cannot disable your own account; ask another admin.') }),
    });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await user.click(await screen.findByRole('button', { name: 'Disable Ada Admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable Ada Admin?' });
    await user.click(within(dialog).getByRole('button', { name: 'Disable and sign out' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('You cannot disable your own account; ask another admin.');
    expect(screen.getAllByTestId('user-status').map((cell) => cell.textContent)).toEqual(['Active', 'Active']);
  });

  it('reports a refused list with the reason', async () => {
    stubGraphQL({ AdminUsers: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'Admins only.') }) });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    expect(await screen.findByTestId('admin-load-error')).toBeTruthy();
    expect(screen.queryByTestId('user-row')).toBeNull();
  });
});
