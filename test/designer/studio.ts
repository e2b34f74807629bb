/**
 * The end-to-end harness of the designer: the real API server (createServer) with a real engine and an
 * in-process worker on the test Redis (a fresh prefix), serving a fresh build of the designer, and a
 * Debian Chromium driven by playwright-core. Nothing is mocked; everything is closed and dropped after.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinActivities, dataFlowProblems, describeStepTypes } from '@sluice/activities';
import { ActivityRegistry, TypeCatalog, builtinDatasetTypes, builtinLinkedServiceTypes, controlActivities } from '@sluice/engine';
import { createEngine, type Engine, type EngineWorker } from '@sluice/engine/runtime';
import { ApiKeyStore, builtinDataPlane, createServer } from '@sluice/api';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REDIS_URL, dropPrefix, testPrefix } from '../helpers/engine.js';

/** Where Debian's Chromium lives. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const DESIGNER = fileURLToPath(new URL('../../packages/designer/', import.meta.url));

/** Builds the designer into a private folder (the shared dist/ is left alone) and returns it. */
export function buildDesigner(): string {
  const out = mkdtempSync(join(tmpdir(), 'sluice-designer-'));
  const vite = join(DESIGNER, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', ...(process.env.DESIGNER_BUILD_MODE ? ['--mode', process.env.DESIGNER_BUILD_MODE, '--minify', 'false'] : []), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: DESIGNER, stdio: 'pipe' });
  return out;
}

/** A running studio: API + worker + designer, and a browser page on it. */
export interface Studio {
  engine: Engine;
  app: FastifyInstance;
  worker: EngineWorker;
  base: string;
  key: string;
  browser: Browser;
  page: Page;
  /** Uncaught errors and console errors of the page, for failure messages. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts everything. */
export async function startStudio(): Promise<Studio> {
  const dist = buildDesigner();
  const engine = createEngine({ redis: REDIS_URL, prefix: testPrefix(), activities: builtinActivities, secretKey: 'an e2e passphrase' });
  const worker = await engine.startWorker({ concurrency: 4 });
  const catalog = {
    activities: new ActivityRegistry([...controlActivities, ...builtinActivities]),
    datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
    linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
    dataFlowStepTypes: describeStepTypes(),
    dataFlowChecks: { SluiceDataFlow: dataFlowProblems },
  };
  const app = await createServer({ engine, catalog, designerDir: dist, heartbeatMs: 500, dataPlane: builtinDataPlane });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const { key } = await new ApiKeyStore(engine.redis, engine.keys).create('designer e2e', 'admin');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  return {
    engine, app, worker, base, key, browser, page, pageErrors,
    close: async () => {
      await browser.close().catch(() => undefined);
      await app.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await dropPrefix(engine).catch(() => undefined);
      await engine.close().catch(() => undefined);
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
