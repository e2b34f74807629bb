import { connect, EXIT, remote, UsageError, type ConnectOptions } from '../client/connect.js';
import type { CommandIO } from './output.js';

const STATUSES = ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Cancelling', 'Cancelled'];

/** Options of `sluice runs`. */
export interface RunsOptions extends ConnectOptions {
  pipeline?: string;
  /** Statuses (repeatable, or comma-separated). */
  status?: string[];
  limit?: number;
  json?: boolean;
}

/** `sluice runs`: the newest runs on a server (`GET /api/runs`), as a table or `{"value": [...]}`. */
export async function runsCommand(options: RunsOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    const status = (options.status ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    for (const s of status) if (!STATUSES.includes(s)) throw new UsageError(`--status '${s}' is not a run status: ${STATUSES.join(', ')}.`);
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 1000)) throw new UsageError('--limit must be a whole number from 1 to 1000.');
    const client = connect(options, env);
    const runs = await client.listRuns({ ...(options.pipeline ? { pipeline: options.pipeline } : {}), ...(status.length ? { status } : {}), limit: options.limit ?? 20 });
    if (options.json) {
      io.out(`${JSON.stringify({ value: runs }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (!runs.length) {
      io.err('No runs.\n');
      return EXIT.ok;
    }
    const nameWidth = Math.max(8, ...runs.map((r) => r.pipelineName.length));
    io.out(`${'RUN ID'.padEnd(36)}  ${'PIPELINE'.padEnd(nameWidth)}  ${'STATUS'.padEnd(10)}  ${'STARTED'.padEnd(24)}  DURATION\n`);
    for (const r of runs) {
      const duration = r.durationInMs !== null ? `${(r.durationInMs / 1000).toFixed(1)} s` : '-';
      io.out(`${r.runId.padEnd(36)}  ${r.pipelineName.padEnd(nameWidth)}  ${r.status.padEnd(10)}  ${r.runStart.padEnd(24)}  ${duration}\n`);
    }
    return EXIT.ok;
  });
}
