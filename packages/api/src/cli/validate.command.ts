import { validateFactory, type Problem, type ValidationCatalog } from '@sluice/engine';
import { findFactoryFolders, loadFactoryFolder } from '@sluice/engine/node';
import { relative } from 'node:path';
import type { CommandIO } from './output.js';

/** Options of `sluice validate`. */
export interface ValidateOptions {
  json?: boolean;
}

function formatProblem(p: Problem): string {
  const where = p.position !== undefined ? ` (at character ${p.position} of the expression)` : '';
  const severity = p.severity === 'warning' ? ' (warning)' : '';
  return `${p.file ?? '-'}: ${p.pointer || '/'}: ${p.code}${severity} ${p.message}${where}`;
}

/**
 * `sluice validate PATH [--json]`: validates a file, a factory folder in ADF's git layout, or a folder
 * holding several factories. Prints one line per problem (`file: /pointer: CODE message`) or, with
 * `--json`, `{"problems": [...]}`. Returns the exit code: 1 when any error was found, else 0.
 */
export async function validateCommand(path: string, options: ValidateOptions, catalog: ValidationCatalog, io: CommandIO): Promise<number> {
  const roots = await findFactoryFolders(path);
  const problems: Problem[] = [];
  let files = 0;
  for (const root of roots) {
    const loaded = await loadFactoryFolder(root);
    files += loaded.documents.length + loaded.problems.length;
    const prefix = (file: string | undefined): string | undefined => {
      if (file === undefined) return undefined;
      const rel = relative(path, root);
      return rel && roots.length > 1 ? `${rel}/${file}` : file;
    };
    for (const p of [...loaded.problems, ...validateFactory(loaded.documents, catalog)]) {
      problems.push({ ...p, ...(p.file !== undefined ? { file: prefix(p.file) as string } : {}) });
    }
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (options.json) {
    io.out(`${JSON.stringify({
      problems: problems.map((p) => ({
        file: p.file ?? null, pointer: p.pointer, code: p.code, severity: p.severity, message: p.message,
        ...(p.position !== undefined ? { position: p.position } : {}),
      })),
    }, null, 2)}\n`);
  } else {
    for (const p of problems) io.out(`${formatProblem(p)}\n`);
    const warnings = problems.length - errors;
    io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.\n`);
  }
  return errors > 0 ? 1 : 0;
}
