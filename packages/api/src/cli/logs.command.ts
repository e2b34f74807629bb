import { connect, EXIT, remote, type ConnectOptions } from '../client/connect.js';
import type { RemoteLogLine } from '../client/client.js';
import type { CommandIO } from './output.js';

/** Options of `sluice logs RUN`. */
export interface LogsOptions extends ConnectOptions {
  /** Only the activity runs of this activity (case-insensitive). */
  activity?: string;
  json?: boolean;
}

/**
 * `sluice logs RUN`: the log lines of a run's activity runs (every activity, or `--activity NAME`), oldest
 * first per activity run. Exits 1 when `--activity` names no activity of the run.
 */
export async function logsCommand(runId: string, options: LogsOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    const client = connect(options, env);
    const run = await client.getRun(runId);
    const wanted = options.activity?.toLowerCase();
    const activityRuns = (run.activityRuns ?? []).filter((a) => wanted === undefined || a.activityName.toLowerCase() === wanted);
    if (wanted !== undefined && !activityRuns.length) {
      io.err(`The run ${runId} has no activity named '${options.activity ?? ''}'; it has: ${[...new Set((run.activityRuns ?? []).map((a) => a.activityName))].join(', ') || '(none)'}.\n`);
      return EXIT.failed;
    }
    const out: Array<{ activityName: string; activityRunId: string; iteration: number | null; status: string; lines: RemoteLogLine[] }> = [];
    for (const a of activityRuns) out.push({ activityName: a.activityName, activityRunId: a.activityRunId, iteration: a.iteration, status: a.status, lines: await client.getLogs(runId, a.activityRunId) });
    if (options.json) {
      io.out(`${JSON.stringify({ runId, value: out }, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const a of out) {
      io.out(`== ${a.activityName}${a.iteration !== null ? ` [${a.iteration}]` : ''} (${a.status}, ${a.lines.length} line(s))\n`);
      for (const l of a.lines) io.out(`${l.at}  ${l.level.toUpperCase().padEnd(5)} #${l.attempt}  ${l.message}${l.data !== undefined ? ` ${JSON.stringify(l.data)}` : ''}\n`);
    }
    return EXIT.ok;
  });
}
