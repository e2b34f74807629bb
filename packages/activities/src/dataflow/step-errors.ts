/**
 * Maps an error raised while running a step back to the step: DuckDB's parser and binder errors
 * become `DATAFLOW_INVALID` with a JSON pointer to the step field that names the missing column (or
 * to the step), other errors keep their code and gain the step's name and pointer.
 */
import { isSluiceError, SluiceError } from '@sluice/engine';
import { duckErrorSummary } from '../duckdb/errors.js';
import { stepPointer } from './graph.js';
import type { DataFlowStep } from './types.js';

/** The path of the first string setting of `step` that mentions `needle` (as a whole word). */
function fieldMentioning(step: DataFlowStep, needle: string): Array<string | number> | undefined {
  const re = new RegExp(`(^|[^A-Za-z0-9_])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`, 'i');
  let found: Array<string | number> | undefined;
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (found) return;
    if (typeof value === 'string') {
      if (path[0] !== 'name' && path[0] !== 'type' && re.test(value)) found = path;
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(step, []);
  return found;
}

/** The error of a failed step, located. */
export function mapStepError(error: unknown, step: DataFlowStep, index: number): unknown {
  if (!isSluiceError(error)) return error;
  if (error.location.pointer) return error;
  const label = `Step '${step.name}' (${step.type})`;
  if (error.code === 'DUCKDB_SQL_INVALID') {
    const summary = typeof error.details?.duckdb === 'string' ? error.details.duckdb : duckErrorSummary(error.message);
    const column = /Referenced column "([^"]+)" not found|column "([^"]+)" (?:not found|does not exist)|Table "[^"]*" does not have a column named "([^"]+)"/.exec(summary);
    const name = column?.[1] ?? column?.[2] ?? column?.[3];
    const path = name ? fieldMentioning(step, name) : undefined;
    return new SluiceError('DATAFLOW_INVALID', `${label}: ${summary.replace(/^DuckDB: /, '')}`, { pointer: stepPointer(index, ...(path ?? [])) }, { ...(error.details ?? {}), step: step.name });
  }
  return new SluiceError(error.code, `${label}: ${error.message}`, { ...error.location, pointer: stepPointer(index) }, { ...(error.details ?? {}), step: step.name });
}
