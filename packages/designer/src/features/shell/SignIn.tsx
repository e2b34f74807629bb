/**
 * Sign-in with an API key. The key is checked against GET /api/me before it is kept, and kept in
 * sessionStorage only (gone when the tab closes; never in localStorage or a cookie).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiClient, ApiError } from '../../api/client.js';

/** Where the key is kept for the session. */
export const KEY_STORAGE = 'sluice.apiKey';

/** Props of {@link SignIn}. */
export interface SignInProps {
  onSignedIn(client: ApiClient): void;
}

/** The sign-in form. */
export function SignIn({ onSignedIn }: SignInProps): ReactNode {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const client = new ApiClient(key.trim());
    try {
      await client.me();
      sessionStorage.setItem(KEY_STORAGE, key.trim());
      onSignedIn(client);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'This API key is not valid.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sluice Studio</h1>
        <p>
          Sign in with an API key. The first <code>sluice start</code> prints one and writes it to <code>.sluice/admin.key</code>.
        </p>
        <div className="field">
          <label htmlFor="api-key">API key</label>
          <input id="api-key" type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'sign-in-error' : undefined} />
        </div>
        {error ? (
          <p id="sign-in-error" role="alert" className="field-problems">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || !key.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
