import type { SessionUser } from '../features/auth/graphql/session.graphql';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useI18n } from '../i18n/useI18n';
import type { MessageKey } from '../i18n/types';
import { routeHref, type Route, type RouteName } from './routes';

interface TopBarProps {
  user?: SessionUser;
  onSignOut?: () => void;
  route?: Route;
}

interface NavItem {
  name: RouteName;
  label: MessageKey;
  isVisible: (user: SessionUser) => boolean;
}

const NAV_ITEMS: NavItem[] = [
  { name: 'templates', label: 'nav.templates', isVisible: () => true },
  { name: 'reviews', label: 'nav.reviews', isVisible: (user) => user.roles.includes('REVIEWER') || user.roles.includes('ADMIN') },
  { name: 'catalog', label: 'nav.catalog', isVisible: () => true },
  { name: 'earnings', label: 'nav.earnings', isVisible: (user) => user.roles.includes('DESIGNER') || user.roles.includes('ADMIN') },
  { name: 'admin-revenue', label: 'nav.adminRevenue', isVisible: (user) => user.roles.includes('ADMIN') },
];

function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

export function TopBar({ user, onSignOut, route }: TopBarProps) {
  const { t } = useI18n();
  return (
    <header className="top-bar">
      <div className="top-bar-start">
        <div className="top-bar-brand">
          <span className="wordmark">Atelier</span>
          <span className="top-bar-divider" aria-hidden="true" />
          <span className="top-bar-product">{t('app.product')}</span>
        </div>
        {user && (
          <nav className="top-nav" aria-label={t('nav.label')}>
            {NAV_ITEMS.filter((item) => item.isVisible(user)).map((item) => (
              <a
                key={item.name}
                href={routeHref(item.name)}
                className="top-nav-link"
                data-testid={`nav-${item.name}`}
                // Revenue stands for the whole admin area (#/admin/...), which has its own sub-navigation.
                aria-current={route?.name === item.name || (item.name === 'admin-revenue' && route?.name.startsWith('admin-')) ? 'page' : undefined}
              >
                {t(item.label)}
              </a>
            ))}
          </nav>
        )}
      </div>
      <div className="top-bar-user">
        <LanguageSwitch />
        {user && (
          <>
            <span className="top-bar-divider" aria-hidden="true" />
            {/* Who is signed in, and the way to their account page (password, sign out everywhere). */}
            <a
              href={routeHref('account')}
              className="top-bar-account"
              data-testid="nav-account"
              title={t('topBar.accountHint')}
              aria-current={route?.name === 'account' ? 'page' : undefined}
            >
              <span className="avatar" aria-hidden="true">
                {initialsOf(user.displayName || user.email || '?')}
              </span>
              <span className="top-bar-identity" data-testid="signed-in-as">
                <span className="visually-hidden">{t('topBar.signedInAs')} </span>
                {user.displayName || user.email}
                <span className="visually-hidden">{` — ${t('topBar.account')}`}</span>
              </span>
            </a>
            {onSignOut && (
              <button type="button" className="button button-ghost button-small" data-testid="sign-out" onClick={onSignOut}>
                {t('topBar.signOut')}
              </button>
            )}
          </>
        )}
      </div>
    </header>
  );
}
