/**
 * The actions of the form editors (trigger, dataset, linked service): each says it is under way
 * ("Save…"), then that it is done or why it failed, and a 400's problems land on their fields. One
 * implementation, so every such editor reports its actions in the same words.
 */
import { useCallback, useState } from 'react';
import { ApiError, type ApiClient } from '../../api/client.js';
import type { Problem } from '../../model/types.js';
import type { Message } from './Notices.js';

/** What {@link useAction} gives the editor. */
export interface ActionControls {
  message: Message | null;
  setMessage(message: Message | null): void;
  /**
   * Runs the action called `what` with the signed-in client (nothing happens without one). Its result,
   * when a string, is the success message; otherwise the message is "{what}: done.". A failure shows
   * "{what}: {reason}".
   */
  act(what: string, fn: (api: ApiClient) => Promise<unknown>): Promise<void>;
}

/** The message state and the action runner; `setProblems` receives a failed action's problems. */
export function useAction(api: ApiClient | null, setProblems: (problems: Problem[]) => void): ActionControls {
  const [message, setMessage] = useState<Message | null>(null);
  const act = useCallback(async (what: string, fn: (api: ApiClient) => Promise<unknown>): Promise<void> => {
    if (!api) return;
    setMessage({ kind: 'info', text: `${what}…` });
    try {
      const done = await fn(api);
      setMessage({ kind: 'success', text: typeof done === 'string' ? done : `${what}: done.` });
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      setMessage({ kind: 'error', text: `${what}: ${(e as Error).message}` });
    }
  }, [api, setProblems]);
  return { message, setMessage, act };
}
