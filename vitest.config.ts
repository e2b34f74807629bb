import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages expose their TypeScript sources under this condition,
    // so tests run against source without a build step in between.
    conditions: ['sluice-source'],
  },
  // Tests run in Vite's server-side environment, which has its own conditions: without this, packages resolve
  // to dist/ and tests silently need a build first.
  ssr: { resolve: { conditions: ['sluice-source'], externalConditions: ['sluice-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/designer/src/**/*.test.tsx', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
