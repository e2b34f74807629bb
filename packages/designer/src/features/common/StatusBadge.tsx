/**
 * A run status as every view draws it: its colour and symbol from the canvas's status styles, and always
 * its word, so colour is never the only signal. Pipeline runs, activity runs, debug runs, trigger runs and
 * tumbling windows all use this one badge.
 */
import type { ReactNode } from 'react';
import { statusStyle } from '../pipeline/visuals.js';

/** Props of {@link StatusBadge}. */
export interface StatusBadgeProps {
  /** The status word shown. */
  status: string;
  /** The run status whose colour and symbol it takes, when not its own (a window's Waiting looks Queued). */
  styleAs?: string | undefined;
}

/** The badge. */
export function StatusBadge({ status, styleAs }: StatusBadgeProps): ReactNode {
  const s = statusStyle(styleAs ?? status);
  return (
    <span className="status-badge inline" style={{ background: s.background, color: s.color }}>
      {s.symbol} {status}
    </span>
  );
}
