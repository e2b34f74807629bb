import { connect, EXIT, remote, type ConnectOptions } from '../client/connect.js';
import type { CommandIO } from './output.js';

/** Options of `sluice cancel RUN`. */
export interface CancelOptions extends ConnectOptions {
  json?: boolean;
}

/** `sluice cancel RUN`: asks a run to stop (`POST /api/runs/{id}/cancel`) and prints its status after the request. */
export async function cancelCommand(runId: string, options: CancelOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    const run = await connect(options, env).cancelRun(runId);
    io.out(options.json ? `${JSON.stringify(run, null, 2)}\n` : `${run.pipelineName} ${run.runId}: ${run.status}\n`);
    return EXIT.ok;
  });
}
