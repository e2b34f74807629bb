/** Runs a data flow made of steps against a fixed map of resolved datasets (integration tests). */
import { runDataFlow as run, type DataFlowRunResult } from '@sluice/activities';
import type { ResolvedDataset } from '@sluice/engine';

/** A resolved dataset as the tests write them. */
export type ResolvedDatasetLike = ResolvedDataset;

/** Runs `steps` with `datasets` (by reference name) in `tempDir`. */
export function runDataFlow(steps: unknown[], datasets: Record<string, ResolvedDataset>, tempDir: string): Promise<DataFlowRunResult> {
  return run({ name: 'Test', properties: { type: 'SluiceDataFlow', typeProperties: { steps } } } as never, {
    tempDir,
    resolveDataset: async (ref) => {
      const d = datasets[ref.referenceName];
      if (!d) throw new Error(`no dataset ${ref.referenceName}`);
      return d;
    },
  });
}
