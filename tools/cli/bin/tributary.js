#!/usr/bin/env node
// `tributary <command>`: runs the app that owns the command from this checkout's
// TypeScript sources (compiled on the fly by SWC), in this process.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const entries = {
  connector: 'apps/connector-runner/src/main.ts',
  dlq: 'apps/connector-runner/src/main.ts',
  index: 'apps/connector-runner/src/main.ts',
  keys: 'apps/connector-runner/src/main.ts',
  tenants: 'apps/connector-runner/src/main.ts',
  models: 'apps/finetune-scheduler/src/cli.ts',
  finetune: 'apps/finetune-scheduler/src/cli.ts',
  status: 'apps/ops-console/src/cli.ts',
};

const command = process.argv[2];
if (!command || command === '--help' || command === '-h' || !(command in entries)) {
  const known = Object.keys(entries).join(', ');
  const stream = command && !['--help', '-h'].includes(command) ? process.stderr : process.stdout;
  if (stream === process.stderr) stream.write(`tributary: unknown command "${command}"\n`);
  stream.write(
    `usage: tributary <command> [options]\ncommands: ${known}\nrun "tributary <command> --help" for a command's options\n`,
  );
  process.exit(stream === process.stderr ? 2 : 0);
}

process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.json');
require(require.resolve('@swc-node/register', { paths: [root] }));
require(path.join(root, entries[command]));
