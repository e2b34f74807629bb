#!/usr/bin/env node
// The `sluice` command. Runs the compiled CLI (build with `pnpm build`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
