/**
 * Colours, symbols and badges shared by nodes, edges, the monitor and the Gantt chart: one table, so a
 * status looks the same everywhere. Every colour is paired with a symbol and a word.
 */
import type { DependencyCondition } from '../../model/types.js';

/** How a dependency condition is drawn. */
export function conditionStyle(condition: DependencyCondition): { color: string; text: string; symbol: string } {
  switch (condition) {
    case 'Succeeded':
      return { color: '#2e8540', text: '#1d5e2b', symbol: '✓' };
    case 'Failed':
      return { color: '#d13438', text: '#a4262c', symbol: '✗' };
    case 'Completed':
      return { color: '#0078d4', text: '#005a9e', symbol: '●' };
    default:
      return { color: '#8a8886', text: '#4a4846', symbol: '→' };
  }
}

/** How a run or activity status is drawn. */
export function statusStyle(status: string): { background: string; color: string; symbol: string } {
  switch (status) {
    case 'Succeeded':
      return { background: '#dff6dd', color: '#1d5e2b', symbol: '✓' };
    case 'Failed':
      return { background: '#fde7e9', color: '#a4262c', symbol: '✗' };
    case 'InProgress':
    case 'Cancelling':
      return { background: '#deecf9', color: '#005a9e', symbol: '…' };
    case 'Queued':
      return { background: '#f3f2f1', color: '#323130', symbol: '◷' };
    case 'Cancelled':
      return { background: '#fff4ce', color: '#6d5700', symbol: '■' };
    case 'Skipped':
      return { background: '#edebe9', color: '#484644', symbol: '→' };
    default:
      return { background: '#edebe9', color: '#323130', symbol: '?' };
  }
}

const CATEGORY_COLORS: Record<string, string> = {
  General: '#5c2d91',
  'Iteration & conditionals': '#0063b1',
  'Move and transform': '#107c10',
  'Move & transform': '#107c10',
  'Machine learning': '#b4009e',
};

/** The two-letter badge and colour of an activity type (`SetVariable` → `SV`). */
export function typeBadge(type: string, category: string | undefined): { text: string; color: string } {
  const capitals = type.replace(/[^A-Z]/g, '');
  const text = (capitals.length >= 2 ? capitals.slice(0, 2) : type.slice(0, 2)).toUpperCase();
  return { text, color: CATEGORY_COLORS[category ?? ''] ?? '#605e5c' };
}
