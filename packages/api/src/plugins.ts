import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SluiceError, type ActivityDefinition } from '@sluice/engine';

function isDefinition(v: unknown): v is ActivityDefinition {
  return v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { version?: unknown }).version === 'number';
}

async function importPlugin(name: string): Promise<Record<string, unknown>> {
  if (name.startsWith('.') || isAbsolute(name)) return (await import(pathToFileURL(resolve(name)).href)) as Record<string, unknown>;
  // A package installed beside the user's factory, not beside Sluice: resolve it from the current folder first.
  try {
    const resolved = createRequire(join(process.cwd(), 'sluice-plugins.cjs')).resolve(name);
    return (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch {
    return (await import(name)) as Record<string, unknown>;
  }
}

/**
 * Loads the activity packages named in `SLUICE_PLUGINS` (package names, or paths to modules). A plugin
 * exports its definitions as `activities` (or as its default export, an array or `{activities}`). The
 * server and every worker load the same list, so a type the designer offers is a type the workers run.
 * Throws PLUGIN_LOAD_FAILED naming the package.
 */
export async function loadPlugins(names: readonly string[]): Promise<ActivityDefinition[]> {
  const out: ActivityDefinition[] = [];
  for (const name of names) {
    let mod: Record<string, unknown>;
    try {
      mod = await importPlugin(name);
    } catch (e) {
      throw new SluiceError('PLUGIN_LOAD_FAILED', `The activity package '${name}' (SLUICE_PLUGINS) could not be loaded: ${e instanceof Error ? e.message : String(e)}`, {}, undefined);
    }
    const def = mod.default as unknown;
    const list = mod.activities ?? (Array.isArray(def) ? def : (def as { activities?: unknown } | undefined)?.activities);
    if (!Array.isArray(list) || !list.length || !list.every(isDefinition)) {
      throw new SluiceError('PLUGIN_LOAD_FAILED', `The activity package '${name}' exports no activity definitions: export them as 'activities' (an array of defineActivity(…) results).`);
    }
    out.push(...list);
  }
  return out;
}
