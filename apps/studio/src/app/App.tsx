import { LoginPage } from '../features/auth/components/LoginPage';
import { SessionProvider } from '../features/auth/components/SessionProvider';
import { useSession } from '../features/auth/hooks/useSession';
import { TemplatesPage } from '../features/templates/components/TemplatesPage';
import { TopBar } from './TopBar';

// No router yet: the session decides the screen. The editor issue adds `#/templates/:id`.
function AppScreens() {
  const { session, signOut, retry } = useSession();

  switch (session.status) {
    case 'signed-out':
      return <LoginPage />;
    case 'restoring':
      return (
        <div className="app-shell">
          <TopBar />
          <div className="loading-state" aria-busy="true">
            Loading your studio…
          </div>
        </div>
      );
    case 'error':
      return (
        <div className="app-shell">
          <TopBar />
          <div className="page">
            <div className="banner banner-error" role="alert">
              <span>{session.message}</span>
              <span className="banner-actions">
                <button type="button" className="button button-small" onClick={retry}>
                  Try again
                </button>
                <button type="button" className="button button-ghost button-small" onClick={signOut}>
                  Sign out
                </button>
              </span>
            </div>
          </div>
        </div>
      );
    case 'signed-in':
      return (
        <div className="app-shell">
          <TopBar user={session.user} onSignOut={signOut} />
          <TemplatesPage />
        </div>
      );
  }
}

export function App() {
  return (
    <SessionProvider>
      <AppScreens />
    </SessionProvider>
  );
}
