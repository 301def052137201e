// The session token lives in localStorage so a reload keeps the designer signed in.
// Listeners let the GraphQL client sign the app out (UNAUTHENTICATED) without knowing about React.
export const SESSION_TOKEN_KEY = 'atelier.token';

type TokenListener = () => void;
const listeners = new Set<TokenListener>();
// Why the last session ended when the API ended it (its UNAUTHENTICATED message), for the sign-in page.
// Kept in memory only: after a reload the sign-in page starts plain.
let endedReason: string | null = null;

function notifyTokenListeners(): void {
  for (const listener of listeners) listener();
}

/** Returns the stored session token, or null when signed out. */
export function readSessionToken(): string | null {
  try {
    return localStorage.getItem(SESSION_TOKEN_KEY);
  } catch {
    // Storage can be unavailable (private mode, blocked cookies): behave as signed out.
    return null;
  }
}

/** Stores the token and tells subscribers the session changed. */
export function storeSessionToken(token: string): void {
  endedReason = null;
  try {
    localStorage.setItem(SESSION_TOKEN_KEY, token);
  } finally {
    notifyTokenListeners();
  }
}

/**
 * Forgets the token and tells subscribers the session ended. `reason` is the API's word on why it
 * ended (signed out everywhere, disabled, expired); a sign-out the person chose has none.
 */
export function clearSessionToken(reason: string | null = null): void {
  endedReason = reason;
  const hadToken = readSessionToken() !== null;
  try {
    localStorage.removeItem(SESSION_TOKEN_KEY);
  } catch {
    // Nothing stored that we could remove.
  }
  if (hadToken) notifyTokenListeners();
}

/** Calls `listener` whenever the token changes, here or in another tab; returns the unsubscribe. */
export function subscribeToSessionToken(listener: TokenListener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === SESSION_TOKEN_KEY || event.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Why the API ended the last session (its message), or null when the person signed out themselves. */
export function readSessionEndedReason(): string | null {
  return endedReason;
}
