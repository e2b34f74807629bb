/**
 * The data-preview state of the editor: rows per source, debug values of the parameters, the last
 * answer with the document it was computed from (so an edit marks it stale), and the problems a failed
 * preview points at (`details.problems`, or `details.pointer` alone for a step that failed running).
 */
import { useCallback, useMemo, useState } from 'react';
import { ApiError, type ApiClient } from '../../api/client.js';
import type { Problem, TypedValueSpec } from '../../model/types.js';
import { parameterValue } from './DataPreview.js';
import type { DataFlowDoc, DataFlowPreview } from './types.js';

/** The problems an API error carries: its `details.problems`, else one problem at `details.pointer`. */
export function problemsOfError(e: unknown): Problem[] {
  if (!(e instanceof ApiError)) return [];
  if (e.problems.length) return e.problems;
  const pointer = e.details.pointer;
  return typeof pointer === 'string' && pointer ? [{ code: e.code, message: e.message, pointer, severity: 'error' }] : [];
}

/** What {@link usePreview} gives the editor. */
export interface PreviewState {
  preview: DataFlowPreview | null;
  stale: boolean;
  busy: boolean;
  error: string | null;
  rows: number;
  setRows(rows: number): void;
  values: Record<string, string>;
  setValue(name: string, text: string): void;
  /** Row count per step of the last preview (drawn on the nodes). */
  rowsByStep: Record<string, number>;
  run(): Promise<Problem[] | null>;
}

const textOf = (spec: TypedValueSpec): string => (spec.defaultValue === undefined ? '' : typeof spec.defaultValue === 'string' ? spec.defaultValue : JSON.stringify(spec.defaultValue));

/**
 * Preview state for the data flow `name` as edited. `run` answers the problems of a failed preview
 * (possibly []), or null when it succeeded.
 */
export function usePreview(api: ApiClient | null, name: string, doc: DataFlowDoc): PreviewState {
  const [last, setLast] = useState<{ preview: DataFlowPreview; json: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState(20);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const declared = useMemo(() => (doc.properties.typeProperties.parameters ?? {}) as Record<string, TypedValueSpec>, [doc]);
  const values = useMemo(() => Object.fromEntries(Object.entries(declared).map(([k, spec]) => [k, typed[k] ?? textOf(spec)])), [declared, typed]);
  const json = JSON.stringify(doc);

  const run = useCallback(async (): Promise<Problem[] | null> => {
    if (!api) return [];
    setBusy(true);
    setError(null);
    try {
      const parameters = Object.fromEntries(Object.entries(values).filter(([, t]) => t !== '').map(([k, t]) => [k, parameterValue(declared[k]?.type ?? 'string', t)]));
      const preview = await api.previewDataFlow<DataFlowPreview>(name, doc, parameters, rows);
      setLast({ preview, json: JSON.stringify(doc) });
      return null;
    } catch (e) {
      setError((e as Error).message);
      return problemsOfError(e);
    } finally {
      setBusy(false);
    }
  }, [api, name, doc, rows, values, declared]);

  const rowsByStep = useMemo(() => Object.fromEntries((last?.preview.steps ?? []).map((s) => [s.name, s.rows])), [last]);
  return {
    preview: last?.preview ?? null,
    stale: last !== null && last.json !== json,
    busy,
    error,
    rows,
    setRows,
    values,
    setValue: (k, t) => setTyped((all) => ({ ...all, [k]: t })),
    rowsByStep,
    run,
  };
}
