/**
 * The studio's root: sign-in until a key is known (sessionStorage), then the shell.
 */
import { useState, type ReactNode } from 'react';
import { ApiClient } from './api/client.js';
import { Shell } from './features/shell/Shell.js';
import { KEY_STORAGE, SignIn } from './features/shell/SignIn.js';

/** The app. */
export function App(): ReactNode {
  const [api, setApi] = useState<ApiClient | null>(() => {
    const key = sessionStorage.getItem(KEY_STORAGE);
    return key ? new ApiClient(key) : null;
  });
  if (!api) return <SignIn onSignedIn={setApi} />;
  return (
    <Shell
      api={api}
      onSignOut={() => {
        sessionStorage.removeItem(KEY_STORAGE);
        setApi(null);
      }}
    />
  );
}
