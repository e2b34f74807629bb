/**
 * The problems of one field, under it: each with its code as a badge (a word, not a colour) and its
 * message. Shared by the schema form and the trigger editor's hand-drawn fields so every field shows its
 * problems the same way, and an input can point at the list with `aria-describedby`.
 */
import type { ReactNode } from 'react';
import type { Problem } from '../../model/types.js';

/** Props of {@link FieldProblems}. */
export interface FieldProblemsProps {
  problems: readonly Pick<Problem, 'code' | 'message'>[];
  /** The list's id, for the field's `aria-describedby`. */
  id?: string | undefined;
}

/** The list, or nothing when the field has no problem. */
export function FieldProblems({ problems, id }: FieldProblemsProps): ReactNode {
  if (!problems.length) return null;
  return (
    <ul id={id} className="field-problems">
      {problems.map((p, i) => (
        <li key={i}>
          <span className="badge badge-error">{p.code}</span> {p.message}
        </li>
      ))}
    </ul>
  );
}
