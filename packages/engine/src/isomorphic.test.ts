import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The engine's main entry runs in the browser (the designer validates and previews with it), so nothing
// outside `node/` and `runtime/` may import Node's modules or use Node-only globals.
const root = fileURLToPath(new URL('.', import.meta.url));
const NODE_ONLY = ['node', 'runtime'];
const builtins = new Set(builtinModules);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return dir === root && NODE_ONLY.includes(e.name) ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the isomorphic entry', () => {
  const files = sources(root);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s imports no Node module and uses no Node global', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] as string);
    const nodeImports = imports.filter((s) => s.startsWith('node:') || builtins.has(s.split('/')[0] as string));
    expect(nodeImports).toEqual([]);
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(Buffer|process|__dirname|__filename|require)\s*[.(]/);
  });
});
