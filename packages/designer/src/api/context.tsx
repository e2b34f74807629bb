/**
 * The signed-in API client, shared by every screen through React context (one key, one place).
 */
import { createContext, useContext } from 'react';
import type { ApiClient } from './client.js';

/** The client of the signed-in session; null before sign-in (and in forms rendered without one). */
export const ApiContext = createContext<ApiClient | null>(null);

/** The signed-in client, or null when there is none (a form in a unit test). */
export function useApi(): ApiClient | null {
  return useContext(ApiContext);
}
