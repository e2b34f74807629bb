import { connect, EXIT, remote, UsageError, type ConnectOptions } from '../client/connect.js';
import type { CommandIO } from './output.js';

const ROLES = ['viewer', 'operator', 'editor', 'admin'];

/** Options of the `sluice keys` commands. */
export interface KeysOptions extends ConnectOptions {
  json?: boolean;
}

/**
 * `sluice keys create --role ROLE [--name N]`: creates an API key (admin key needed) and prints it — the only
 * time the key is shown; with `--json`, `{key, id, name, role, createdAt}`.
 */
export async function keysCreateCommand(options: KeysOptions & { role: string; name?: string }, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    if (!ROLES.includes(options.role)) throw new UsageError(`--role '${options.role}' is not a role: ${ROLES.join(', ')}.`);
    const created = await connect(options, env).createKey(options.name ?? `cli ${options.role} ${new Date().toISOString().slice(0, 10)}`, options.role);
    if (options.json) io.out(`${JSON.stringify(created, null, 2)}\n`);
    else {
      io.out(`${created.key}\n`);
      io.err(`Created ${created.id} '${created.name}' with the role ${created.role}. The key is shown once: keep it now.\n`);
    }
    return EXIT.ok;
  });
}

/** `sluice keys list`: every API key's id, name, role and creation (never the keys). */
export async function keysListCommand(options: KeysOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    const keys = await connect(options, env).listKeys();
    if (options.json) io.out(`${JSON.stringify({ value: keys }, null, 2)}\n`);
    else for (const k of keys) io.out(`${k.id.padEnd(24)}  ${k.role.padEnd(8)}  ${k.createdAt}  ${k.name}\n`);
    return EXIT.ok;
  });
}

/** `sluice keys revoke ID`: revokes a key; requests with it are refused from then on. */
export async function keysRevokeCommand(id: string, options: KeysOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    await connect(options, env).revokeKey(id);
    io.out(options.json ? `${JSON.stringify({ revoked: id })}\n` : `Revoked ${id}.\n`);
    return EXIT.ok;
  });
}
