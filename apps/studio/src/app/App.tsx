import { AccountPage } from '../features/account/components/AccountPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { SetPasswordPage } from '../features/auth/components/SetPasswordPage';
import { QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from '../features/auth/components/SessionProvider';
import { studioQueryClient } from '../lib/query-client';
import type { SessionUser } from '../features/auth/graphql/session.graphql';
import { useAccountLocale } from '../features/auth/hooks/useAccountLocale';
import { useSession } from '../features/auth/hooks/useSession';
import { AdminRevenuePage } from '../features/admin-revenue/components/AdminRevenuePage';
import { AdminScreen } from '../features/admin/components/AdminScreen';
import { EarningsPage } from '../features/earnings/components/EarningsPage';
import { TemplatesPage } from '../features/templates/components/TemplatesPage';
import { describeError } from '../i18n/describe-error';
import { I18nProvider } from '../i18n/I18nProvider';
import { useI18n } from '../i18n/useI18n';
import type { Route } from './routes';
import { TopBar } from './TopBar';
import { useHashRoute } from './useHashRoute';
import { lazy, Suspense } from 'react';

// The screens that draw on a Konva canvas load on demand, so signing in does not download Konva.
const EditorPage = lazy(() => import('../features/editor/components/EditorPage').then((module) => ({ default: module.EditorPage })));
const HistoryPage = lazy(() => import('../features/versions/components/HistoryPage').then((module) => ({ default: module.HistoryPage })));
const ReviewPage = lazy(() => import('../features/review/components/ReviewPage').then((module) => ({ default: module.ReviewPage })));
const ReviewQueuePage = lazy(() => import('../features/review/components/ReviewQueuePage').then((module) => ({ default: module.ReviewQueuePage })));
const RevenueTermsPage = lazy(() => import('../features/agreements/components/RevenueTermsPage').then((module) => ({ default: module.RevenueTermsPage })));
const CatalogPage = lazy(() => import('../features/catalog/components/CatalogPage').then((module) => ({ default: module.CatalogPage })));

function RouteScreen({ route, user }: { route: Route; user: SessionUser }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'templates':
      return <TemplatesPage />;
    case 'editor':
      return <EditorPage key={route.templateId} templateId={route.templateId} />;
    case 'history':
      return <HistoryPage key={route.templateId} templateId={route.templateId} />;
    case 'terms':
      return <RevenueTermsPage key={route.templateId} templateId={route.templateId} viewer={user} />;
    case 'reviews':
      return <ReviewQueuePage />;
    case 'review':
      return <ReviewPage key={route.versionId} versionId={route.versionId} />;
    case 'catalog':
      return <CatalogPage />;
    case 'earnings':
      return <EarningsPage designerId={user.id} />;
    case 'account':
      return <AccountPage user={user} />;
    case 'set-password':
      return null;
    case 'admin-revenue':
    case 'admin-users':
    case 'admin-api-keys':
    case 'admin-worker-tokens':
    case 'admin-system':
    case 'admin-workers':
    case 'admin-loras':
    case 'admin-subjects':
    case 'admin-categories':
    case 'admin-audit':
      return user.roles.includes('ADMIN') ? (
        <AdminScreen route={route.name} revenuePage={<AdminRevenuePage />} currentUserId={user.id} />
      ) : (
        <main className="page">
          <div className="empty-state" data-testid="admin-only">
            <h1 className="empty-state-title">{t('app.adminOnly.title')}</h1>
            <p className="empty-state-text">{t('app.adminOnly.text')}</p>
          </div>
        </main>
      );
  }
}

function AccountLocale({ user }: { user: SessionUser }) {
  useAccountLocale(user);
  return null;
}

// The session decides between login and the studio; inside, the hash route picks the screen.
function AppScreens() {
  const { session, signOut, retry } = useSession();
  const { t } = useI18n();
  const route = useHashRoute();

  // A set-password link works whoever is signed in here (or nobody): it starts its own session.
  if (route.name === 'set-password') return <SetPasswordPage token={route.token} />;
  switch (session.status) {
    case 'signed-out':
      return <LoginPage />;
    case 'restoring':
      return (
        <div className="app-shell">
          <TopBar />
          <div className="loading-state" aria-busy="true">
            {t('app.loadingStudio')}
          </div>
        </div>
      );
    case 'error':
      return (
        <div className="app-shell">
          <TopBar />
          <div className="page">
            <div className="banner banner-error" role="alert">
              <span>{describeError(session.error, t)}</span>
              <span className="banner-actions">
                <button type="button" className="button button-small" onClick={retry}>
                  {t('common.tryAgain')}
                </button>
                <button type="button" className="button button-ghost button-small" onClick={signOut}>
                  {t('topBar.signOut')}
                </button>
              </span>
            </div>
          </div>
        </div>
      );
    case 'signed-in':
      return (
        <div className="app-shell">
          <AccountLocale user={session.user} />
          <TopBar user={session.user} onSignOut={signOut} route={route} />
          <Suspense
            fallback={
              <div className="loading-state" aria-busy="true">
                {t('app.loadingScreen')}
              </div>
            }
          >
            <RouteScreen route={route} user={session.user} />
          </Suspense>
        </div>
      );
  }
}

export function App() {
  return (
    <QueryClientProvider client={studioQueryClient}>
      <I18nProvider>
        <SessionProvider>
          <AppScreens />
        </SessionProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
