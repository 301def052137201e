import { useI18n } from '../../../i18n/useI18n';
import type { SessionUser } from '../../auth/graphql/session.graphql';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SignOutEverywhereCard } from './SignOutEverywhereCard';

/** `#/account`: who is signed in, a new password, and signing out of every other browser and device. */
export function AccountPage({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const roles = user.roles.map((role) => t(`admin.users.role.${role}`)).join(', ');
  return (
    <main className="page account-page" data-testid="account-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('account.title')}</h1>
          <p className="page-subtitle" data-testid="account-identity">
            {[user.displayName, user.email, roles].filter(Boolean).join(' · ')}
          </p>
        </div>
      </header>
      <ChangePasswordCard />
      <SignOutEverywhereCard />
    </main>
  );
}
