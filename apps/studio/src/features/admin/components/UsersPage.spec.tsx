import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { reasonedGraphQLError } from '../../../test/api-error';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { UsersPage } from './UsersPage';

type Node = { id: string; email: string; displayName: string; roles: string[]; createdAt: string; disabled: boolean; status: 'ACTIVE' | 'INVITED' | 'DISABLED' };

const ADA: Node = { id: 'u-2', email: 'ada@example.com', displayName: 'Ada Admin', roles: ['ADMIN'], createdAt: '2026-11-20T04:00:00Z', disabled: false, status: 'ACTIVE' };
const DEV: Node = { id: 'u-1', email: 'dev@example.com', displayName: 'Dev Designer', roles: ['DESIGNER', 'REVIEWER'], createdAt: '2026-11-19T04:00:00Z', disabled: false, status: 'ACTIVE' };
const OLD: Node = { id: 'u-0', email: 'old@example.com', displayName: 'Old Timer', roles: ['REVIEWER'], createdAt: '2026-01-02T04:00:00Z', disabled: false, status: 'ACTIVE' };

function page(nodes: Node[], totalCount: number, endCursor: string | null, hasNextPage = false) {
  return { body: { data: { users: { totalCount, pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } } } };
}

// The admin looking at the page, when it is none of the listed accounts.
const SOMEONE_ELSE = 'u-admin-elsewhere';

const rowTexts = () => screen.getAllByTestId('user-row').map((row) => within(row).getByRole('rowheader').textContent);

// The invitation form's fields, by their labels.
const emailField = () => screen.getByRole('textbox', { name: 'Email' });
const displayNameField = () => screen.getByRole('textbox', { name: 'Display name' });

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

  it('invites someone with roles, checking the form first: they join the top of the list and their one-time link is shown once', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({
      AdminUsers: () => page([ADA], 1, 'c-1'),
      InviteUser: ({ variables }) => {
        const input = variables.input as { email: string; displayName: string; roles: string[] };
        const invited = { id: 'u-9', email: input.email, displayName: input.displayName, roles: input.roles, createdAt: '2026-11-25T04:00:00Z', disabled: false, status: 'INVITED' };
        return { body: { data: { inviteUser: { user: invited, setPasswordToken: 'pwd_abc_secret', temporaryPassword: null, expiresAt: '2026-11-28T04:00:00Z' } } } };
      },
    });
    const { container } = render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['Enter a valid email address.', 'Enter a display name.']);
    expect(calls.filter((c) => c.query.includes('InviteUser'))).toHaveLength(0);

    await user.type(emailField(), 'rae@example.com');
    await user.type(displayNameField(), 'Rae Reviewer');
    // Each role's label starts with its name, then its hint.
    const roles = within(screen.getByRole('group', { name: 'Roles' }));
    await user.click(roles.getByRole('checkbox', { name: /^Designer/ }));
    await user.click(roles.getByRole('checkbox', { name: /^Reviewer/ }));
    await user.click(screen.getByRole('button', { name: 'Invite' }));

    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    expect(calls.find((c) => c.query.includes('InviteUser'))!.variables).toEqual({ input: { email: 'rae@example.com', displayName: 'Rae Reviewer', roles: ['REVIEWER'], method: 'LINK' } });
    const [first] = screen.getAllByTestId('user-row');
    expect(first!.getAttribute('data-user-id')).toBe('u-9');
    expect(within(first!).getByRole('rowheader').textContent).toBe('Rae ReviewerNew');
    expect(within(first!).getByTestId('user-status').textContent).toBe('Invited');
    expect(container.querySelector('.card-subtitle')!.textContent).toBe('2 accounts, newest first');
    expect(screen.getByTestId('secret-once').textContent).toContain("Rae Reviewer's invitation link");
    expect(screen.getByTestId('secret-value').textContent).toBe(`${window.location.origin}/#/set-password?token=pwd_abc_secret`);
  });

  it('hands out a temporary password instead when asked', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({
      AdminUsers: () => page([], 0, null),
      InviteUser: () => ({ body: { data: { inviteUser: { user: { ...DEV, id: 'u-8' }, setPasswordToken: null, temporaryPassword: 'Kp7mQx2ZrT9wHc4N', expiresAt: null } } } }),
    });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await screen.findByText('No accounts yet.');
    await user.type(emailField(), 'dev@example.com');
    await user.type(displayNameField(), 'Dev Designer');
    await user.selectOptions(screen.getByRole('combobox', { name: 'How they get in' }), 'TEMPORARY_PASSWORD');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect((await screen.findByTestId('secret-value')).textContent).toBe('Kp7mQx2ZrT9wHc4N');
    expect((calls.find((c) => c.query.includes('InviteUser'))!.variables['input'] as { method: string }).method).toBe('TEMPORARY_PASSWORD');
  });

  it('searches and filters by role and status, keeping the filters in the address', async () => {
    const user = userEvent.setup();
    window.location.hash = '#/admin/users?status=INVITED';
    const calls = stubGraphQL({ AdminUsers: () => page([DEV], 1, 'c-1') });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
    expect(calls[0]!.variables).toEqual({ first: 50, filter: { status: 'INVITED' } });
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Status' }).value).toBe('INVITED');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Roles' }), 'REVIEWER');
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'dev');
    await waitFor(() => expect(calls.at(-1)!.variables).toEqual({ first: 50, filter: { search: 'dev', role: 'REVIEWER', status: 'INVITED' } }));
    expect(window.location.hash).toBe('#/admin/users?status=INVITED&role=REVIEWER&q=dev');
    window.location.hash = '';
  });

  it('changes roles and hands out a password reset link, each after a dialog', async () => {
    const user = userEvent.setup();
    let dev = DEV;
    const calls = stubGraphQL({
      AdminUsers: () => page([dev], 1, 'c-1'),
      SetUserRoles: ({ variables }) => {
        dev = { ...dev, roles: variables.roles as string[] };
        return { body: { data: { setUserRoles: dev } } };
      },
      ResetUserPassword: () => ({ body: { data: { resetUserPassword: { user: dev, setPasswordToken: 'pwd_reset_token', expiresAt: '2026-11-28T04:00:00Z' } } } }),
    });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await user.click(await screen.findByRole('button', { name: 'Change the roles of Dev Designer' }));
    const dialog = screen.getByRole('dialog', { name: 'Roles of Dev Designer' });
    await user.click(within(dialog).getByRole('checkbox', { name: /^Reviewer/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save roles' }));
    await waitFor(() => expect(screen.getAllByTestId('user-row')[0]!.textContent).toContain('Designer, Admin'));
    expect(calls.find((c) => c.query.includes('mutation SetUserRoles'))!.variables).toEqual({ userId: 'u-1', roles: ['DESIGNER', 'ADMIN'] });

    await user.click(screen.getByRole('button', { name: 'Reset the password of Dev Designer' }));
    await user.click(within(screen.getByRole('dialog', { name: 'A new password link for Dev Designer?' })).getByRole('button', { name: 'Create the link' }));
    expect((await screen.findByTestId('secret-value')).textContent).toBe(`${window.location.origin}/#/set-password?token=pwd_reset_token`);
  });

  it('shows the API issues next to the field they name', async () => {
    const user = userEvent.setup();
    stubGraphQL({ AdminUsers: () => page([], 0, null), InviteUser: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: 'email', message: 'This email is already registered.' }]) }) });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    await screen.findByText('No accounts yet.');
    await user.type(emailField(), 'taken@example.com');
    await user.type(displayNameField(), 'Taken');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
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
        dev = { ...dev, disabled: variables.disabled as boolean, status: variables.disabled ? 'DISABLED' : 'ACTIVE' };
        return { body: { data: { setUserDisabled: dev } } };
      },
    });
    // Ada is the admin signed in: her own row says so and has no Disable button.
    render(<UsersPage currentUserId={ADA.id} />);
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    const [adaRow, devRow] = screen.getAllByTestId('user-row');
    expect(within(adaRow!).getByRole('rowheader').textContent).toBe('Ada AdminYou');
    expect(within(adaRow!).queryByRole('button', { name: /^Disable/ })).toBeNull();
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

  it("says the API's refusals in Chinese: a taken email under its field, and why an account cannot be disabled", async () => {
    const user = userEvent.setup();
    stubGraphQL({
      AdminUsers: () => page([ADA, DEV], 2, 'c-2'),
      InviteUser: () => reasonedGraphQLError('BAD_USER_INPUT', 'user.emailTaken', {}, ['email']),
      SetUserDisabled: () => ({ status: 403, ...reasonedGraphQLError('FORBIDDEN', 'user.cannotDisableSelf') }),
    });
    const { container } = render(
      <I18nProvider initialLocale="zh-CN">
        <UsersPage currentUserId={SOMEONE_ELSE} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    await user.type(screen.getByRole('textbox', { name: '邮箱' }), 'dev@example.com');
    await user.type(screen.getByRole('textbox', { name: '显示名称' }), 'Dev Again');
    await user.click(screen.getByRole('button', { name: '邀请' }));
    await waitFor(() => expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['已有使用此邮箱的账号。']));

    await user.click(screen.getByRole('button', { name: '停用 Ada Admin' }));
    const dialog = screen.getByRole('dialog', { name: '停用 Ada Admin？' });
    await user.click(within(dialog).getByRole('button', { name: '停用并退出登录' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('你不能停用自己的账号；请让其他管理员操作。');
  });

  it('reports a refused list with the reason', async () => {
    stubGraphQL({ AdminUsers: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'Admins only.') }) });
    render(<UsersPage currentUserId={SOMEONE_ELSE} />);
    expect(await screen.findByTestId('admin-load-error')).toBeTruthy();
    expect(screen.queryByTestId('user-row')).toBeNull();
  });
});
