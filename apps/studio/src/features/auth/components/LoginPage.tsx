import { useId, useState, type FormEvent } from 'react';
import { describeRequestError } from '../../../lib/graphql-client';
import { useSession } from '../hooks/useSession';

const DEMO_EMAIL = 'designer@atelier.local';
const DEMO_PASSWORD = 'atelier-dev';

export function LoginPage() {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) return;
    setIsSubmitting(true);
    setErrorMessage(null);
    try {
      await signIn(email.trim(), password);
      // On success the provider swaps this page out; nothing else to do here.
    } catch (error) {
      setErrorMessage(describeRequestError(error));
      setIsSubmitting(false);
    }
  }

  return (
    <main className="login-page">
      <div className="login-card">
        <div className="login-brand">
          <span className="wordmark">Atelier</span>
          <span className="login-brand-sub">Studio</span>
        </div>
        <h1 className="login-title">Sign in</h1>
        <p className="login-lede">Author and publish AI portrait templates.</p>

        <form className="form-stack" onSubmit={handleSubmit}>
          <div className="field">
            <label className="field-label" htmlFor="login-email">
              Email
            </label>
            <input
              id="login-email"
              data-testid="login-email"
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={errorMessage ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="login-password">
              Password
            </label>
            <input
              id="login-password"
              data-testid="login-password"
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={errorMessage ? errorId : undefined}
            />
          </div>

          {errorMessage && (
            <p id={errorId} className="form-error" role="alert" data-testid="login-error">
              {errorMessage}
            </p>
          )}

          <button
            type="submit"
            className="button button-primary button-block"
            data-testid="login-submit"
            disabled={isSubmitting}
          >
            {isSubmitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>

        <p className="login-hint">
          Local demo: <code>{DEMO_EMAIL}</code> / <code>{DEMO_PASSWORD}</code>
        </p>
      </div>
    </main>
  );
}
