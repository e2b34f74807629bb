import { ApiRequestError, SluiceClient } from './client.js';

/** Exit codes of the remote commands (documented in docs/cli.md). */
export const EXIT = {
  /** Done; for `run`, the run succeeded. */
  ok: 0,
  /** The run failed or was cancelled, or the input has validation problems. */
  failed: 1,
  /** The command line is wrong (unknown option, missing --server …). */
  usage: 2,
  /** The server could not be reached, refused the key (401/403) or answered an error. */
  server: 3,
} as const;

/** A mistake on the command line: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flags every remote command takes. */
export interface ConnectOptions {
  server?: string;
  key?: string;
}

/**
 * The client of the server a command talks to: `--server` or `SLUICE_SERVER`, and the key from `--key` or
 * `SLUICE_API_KEY`. A missing or malformed server URL is a usage error (exit 2), said before any request.
 */
export function connect(options: ConnectOptions, env: NodeJS.ProcessEnv = process.env): SluiceClient {
  const server = options.server ?? env.SLUICE_SERVER;
  if (!server) throw new UsageError('No server: pass --server URL or set SLUICE_SERVER (e.g. http://127.0.0.1:8080).');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server '${server}' is not a URL (e.g. http://127.0.0.1:8080).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server '${server}' must be an http:// or https:// URL.`);
  const key = options.key ?? env.SLUICE_API_KEY;
  return new SluiceClient({ server: url.href, ...(key ? { key } : {}) });
}

/** Where a remote command writes. */
export interface ErrorSink {
  err(text: string): void;
}

/**
 * Runs a remote command and turns its failures into exit codes: a {@link UsageError} → 2, an
 * {@link ApiRequestError} (network, 401, 403, any error answer) → 3. Anything else is a bug and is thrown.
 */
export async function remote(io: ErrorSink, f: () => Promise<number>): Promise<number> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof ApiRequestError) {
      io.err(`${e.code}: ${e.message}\n`);
      if (e.statusCode === 401) io.err('Pass an API key with --key or SLUICE_API_KEY (sluice keys create makes one).\n');
      return EXIT.server;
    }
    throw e;
  }
}
