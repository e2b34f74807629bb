import type { Command } from 'commander';
import type { ValidationCatalog } from '@sluice/engine';
import { cancelCommand } from './cancel.command.js';
import { deployCommand } from './deploy.command.js';
import { exportCommand } from './export.command.js';
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './keys.command.js';
import { logsCommand } from './logs.command.js';
import type { CommandIO } from './output.js';
import { runsCommand } from './runs.command.js';

type Remote = { server?: string; key?: string; json?: boolean };
const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** Adds `--server`, `--key` and `--json` to a command that talks to a server. */
function remoteOptions(c: Command): Command {
  return c
    .option('--server <url>', 'the Sluice server (default $SLUICE_SERVER)')
    .option('--key <key>', 'an API key (default $SLUICE_API_KEY)')
    .option('--json', 'print the result as JSON');
}

/**
 * Registers the commands that operate a Sluice server over its REST API: `deploy`, `export`, `runs`,
 * `logs`, `cancel` and `keys create|list|revoke`. `setCode` receives each command's exit code.
 */
export function registerRemoteCommands(program: Command, io: CommandIO, setCode: (code: number) => void, catalog: () => Promise<ValidationCatalog>): void {
  remoteOptions(program
    .command('deploy')
    .description('Validate a factory folder, then create or update its resources on a server (in dependency order)')
    .argument('<folder>', "a factory folder in ADF's git layout")
    .option('--environment <file>', 'environment overrides: linked-service properties and pipeline parameters (docs/cli.md)')
    .option('--dry-run', 'validate and compare with the server; change nothing'))
    .action(async (folder: string, options: Remote & { environment?: string; dryRun?: boolean }) => {
      setCode(await deployCommand(folder, options, await catalog(), io));
    });

  remoteOptions(program
    .command('export')
    .description("Write every resource of a server to a folder in ADF's git layout (secrets stay masked)")
    .argument('<folder>', 'the folder to write'))
    .action(async (folder: string, options: Remote) => {
      setCode(await exportCommand(folder, options, io));
    });

  remoteOptions(program
    .command('runs')
    .description('List the newest runs on a server')
    .option('--pipeline <name>', 'runs of this pipeline only')
    .option('--status <status>', 'Queued, InProgress, Succeeded, Failed, Cancelling, Cancelled (repeatable, or comma-separated)', collect, [] as string[])
    .option('--limit <n>', 'how many (1–1000, default 20)', (v: string) => Number(v)))
    .action(async (options: Remote & { pipeline?: string; status?: string[]; limit?: number }) => {
      setCode(await runsCommand(options, io));
    });

  remoteOptions(program
    .command('logs')
    .description("Print the log lines of a run's activity runs")
    .argument('<run>', 'a run id')
    .option('--activity <name>', 'only this activity'))
    .action(async (run: string, options: Remote & { activity?: string }) => {
      setCode(await logsCommand(run, options, io));
    });

  remoteOptions(program
    .command('cancel')
    .description('Ask a run on a server to stop')
    .argument('<run>', 'a run id'))
    .action(async (run: string, options: Remote) => {
      setCode(await cancelCommand(run, options, io));
    });

  const keys = program.command('keys').description('Manage API keys on a server (needs an admin key)');
  remoteOptions(keys
    .command('create')
    .description('Create an API key; the key is printed once')
    .requiredOption('--role <role>', 'viewer, operator, editor or admin')
    .option('--name <name>', 'a name to recognise it by'))
    .action(async (options: Remote & { role: string; name?: string }) => {
      setCode(await keysCreateCommand(options, io));
    });
  remoteOptions(keys.command('list').description('List API keys (never the keys themselves)'))
    .action(async (options: Remote) => {
      setCode(await keysListCommand(options, io));
    });
  remoteOptions(keys.command('revoke').description('Revoke an API key').argument('<id>', 'the key id (key_…)'))
    .action(async (id: string, options: Remote) => {
      setCode(await keysRevokeCommand(id, options, io));
    });
}
