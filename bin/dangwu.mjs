#!/usr/bin/env node
// `dangwu` bin entry: runs the TypeScript CLI with Node 24's type stripping.
import { runCli } from '../src-main/adapters/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2));
