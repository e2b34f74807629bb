import { readFile } from 'node:fs/promises';
import { main, type CommandIO } from '@sluice/api';

/** Runs the `sluice` command line in-process and returns its exit code and what it printed. */
export async function sluice(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIO = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: (p) => readFile(p, 'utf8'),
  };
  const code = await main(argv, io);
  return { code, out, err };
}
