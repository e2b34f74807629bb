/**
 * Keyboard shortcuts of the canvas editors. They listen on the window, not on the canvas, so they keep
 * working after the focused element goes away (a deleted node takes focus with it), and they stay out of
 * the way while the user types in a field or a dialog. The document shortcuts (save, undo, redo) are read
 * here once so every editor binds the same keys.
 */
import { useEffect, useRef } from 'react';

/** Where a key press is typing, not a shortcut. */
const TYPING = 'input, textarea, select, [contenteditable], dialog';

/**
 * Calls `handler` for each key press outside fields and dialogs. The latest `handler` is used, so it may
 * close over the editor's current state without re-adding the listener.
 */
export function useShortcuts(handler: (e: KeyboardEvent) => void): void {
  const current = useRef(handler);
  current.current = handler;
  useEffect(() => {
    const listener = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target?.closest?.(TYPING)) return;
      current.current(e);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

/** A shortcut every document editor has. */
export type DocumentShortcut = 'save' | 'undo' | 'redo';

/** Ctrl/⌘+S saves, Ctrl/⌘+Z undoes, Ctrl/⌘+Y or Ctrl/⌘+Shift+Z redoes; anything else is null. */
export function documentShortcut(e: KeyboardEvent): DocumentShortcut | null {
  if (!e.ctrlKey && !e.metaKey) return null;
  const key = e.key.toLowerCase();
  if (key === 's') return 'save';
  if (key === 'z' && !e.shiftKey) return 'undo';
  if (key === 'y' || key === 'z') return 'redo';
  return null;
}
