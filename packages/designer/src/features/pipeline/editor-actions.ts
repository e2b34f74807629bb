/**
 * Actions a node can trigger in its editor (open a container's inner canvas), passed by context so the
 * memoised node component needs no props beyond React Flow's.
 */
import { createContext, useContext } from 'react';

/** What nodes may ask of the editor. */
export interface EditorActions {
  openScope(activity: string, slot: string): void;
  /** Selects a dependency (its label was clicked). */
  selectEdge(id: string): void;
}

/** Context carrying the editor's actions to nodes. */
export const EditorActionsContext = createContext<EditorActions>({ openScope: () => undefined, selectEdge: () => undefined });

/** The actions of the enclosing editor. */
export function useEditorActions(): EditorActions {
  return useContext(EditorActionsContext);
}
