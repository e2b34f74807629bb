import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The chaos suite (`pnpm test:chaos`, `pnpm test:chaos:short`): slow, process-killing tests kept out of the main
// run. Same source resolution as the root config; one file at a time (they start and kill processes and Redis
// servers, and measure), with long timeouts. The files are named `*.chaos.ts`, not `*.test.ts`, so the main run
// (`vitest run`, which takes `test/**/*.test.ts`) never picks them up.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { conditions: ['sluice-source'] },
  ssr: { resolve: { conditions: ['sluice-source'], externalConditions: ['sluice-source'] } },
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 120_000,
  },
});
