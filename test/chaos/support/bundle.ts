import { mkdirSync, realpathSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The part of rolldown's API used here (rolldown is Vite's dependency, not the tests', so its types are not visible). */
interface ResolvedId { id: string }
interface PluginContext { resolve(source: string, importer: string, options: Record<string, unknown>): Promise<ResolvedId | null> }
interface Plugin {
  name: string;
  resolveId(this: PluginContext, source: string, importer: string | undefined, options: Record<string, unknown>): Promise<{ id: string; external: true | 'absolute' } | null>;
}
interface Bundle { write(options: Record<string, unknown>): Promise<unknown>; close(): Promise<void> }
type Rolldown = (options: { input: string; platform: string; resolve: Record<string, unknown>; logLevel: string; plugins: Plugin[] }) => Promise<Bundle>;

/**
 * Bundles a TypeScript entry (and the workspace packages it imports, from their sources) into one ES module
 * that plain `node` can run, so the chaos suite can start real worker and API processes without `pnpm build`
 * (dist/ is shared and may be half-built while others work). Third-party packages stay external, imported by
 * absolute path, exactly as installed. Uses the rolldown that Vite (vitest's bundler) already ships.
 */
export async function bundleEntry(entry: string, name: string): Promise<string> {
  const vitest = realpathSync(fileURLToPath(new URL('../../../node_modules/vitest/package.json', import.meta.url)));
  const vite = realpathSync(createRequire(vitest).resolve('vite/package.json'));
  const rolldownPath = createRequire(vite).resolve('rolldown');
  const { rolldown } = (await import(pathToFileURL(rolldownPath).href)) as { rolldown: Rolldown };
  const outDir = join(tmpdir(), 'sluice-chaos-build');
  mkdirSync(outDir, { recursive: true });
  const bundle = await rolldown({
    input: entry,
    platform: 'node',
    resolve: { conditionNames: ['sluice-source', 'import', 'node', 'default'] },
    logLevel: 'silent',
    plugins: [{
      name: 'externalise-packages',
      async resolveId(source, importer, options) {
        if (isBuiltin(source)) return { id: source, external: true };
        if (source.startsWith('.') || source.startsWith('/') || source.startsWith('@sluice/') || !importer) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (!resolved) return null;
        return { id: resolved.id, external: 'absolute' };
      },
    }],
  });
  const file = join(outDir, `${name}-${process.pid}.mjs`);
  await bundle.write({ file, format: 'esm', sourcemap: false, codeSplitting: false });
  await bundle.close();
  return file;
}
