import type { ErrorCode } from '../errors/index.js';

/** How bad a problem is: errors stop a run (and make `sluice validate` exit 1); warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * One thing wrong with a document, located precisely enough for a user (or the designer) to go to it.
 * `sluice validate --json` prints these; the API returns them; the designer marks the node and field.
 */
export interface Problem {
  readonly code: ErrorCode;
  readonly severity: Severity;
  readonly message: string;
  /** RFC 6901 JSON pointer into the document (`/properties/activities/0/typeProperties/items`). */
  readonly pointer: string;
  /** The factory file, relative to the folder validated, when validating a folder. */
  readonly file?: string;
  /** For expression problems: 0-based offset inside the string at `pointer`. */
  readonly position?: number;
}

/** Escapes one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a base pointer and more tokens: `joinPointer('/properties', 'activities', 0)` → `/properties/activities/0`. */
export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}
