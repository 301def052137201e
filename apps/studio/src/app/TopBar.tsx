import type { SessionUser } from '../features/auth/graphql/session.graphql';

interface TopBarProps {
  user?: SessionUser;
  onSignOut?: () => void;
}

function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

export function TopBar({ user, onSignOut }: TopBarProps) {
  return (
    <header className="top-bar">
      <div className="top-bar-brand">
        <span className="wordmark">Atelier</span>
        <span className="top-bar-divider" aria-hidden="true" />
        <span className="top-bar-product">Studio</span>
      </div>
      {user && (
        <div className="top-bar-user">
          <span className="avatar" aria-hidden="true">
            {initialsOf(user.displayName || user.email)}
          </span>
          <span className="top-bar-identity" data-testid="signed-in-as" title={user.email}>
            <span className="visually-hidden">Signed in as </span>
            {user.displayName || user.email}
          </span>
          {onSignOut && (
            <button type="button" className="button button-ghost button-small" data-testid="sign-out" onClick={onSignOut}>
              Sign out
            </button>
          )}
        </div>
      )}
    </header>
  );
}
