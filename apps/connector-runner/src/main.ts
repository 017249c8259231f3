import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { createLogger, PinoNestLogger } from '@tributary/observability';
import { runConnector, type RunCommandOptions } from './connector.command';
import { createConnector, defaultSourceName, UsageError } from './connector.factory';
import { loadRunnerConfig } from './runner.config';
import { RunnerModule } from './runner.module';

/** Connector runner: `tributary connector run <kind> [options] [--once]`. */
const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
};

const program = new Command('tributary').description('Tributary: keep an AI application’s knowledge fresh');
const connector = program
  .command('connector')
  .description('run connectors that publish document changes to Kafka');

connector
  .command('run')
  .argument('<kind>', 'connector kind: filesystem')
  .option('--root <dir>', 'filesystem: folder to index')
  .option('--source <name>', 'source name stored on every document (default: derived from the root folder)')
  .option('--max-file-bytes <n>', 'filesystem: larger files are reported and skipped', positiveInt)
  .option('--once', 'run one pass and exit')
  .option('--interval <seconds>', 'seconds between passes when not --once', positiveInt, 60)
  .action(
    async (kind: string, options: Omit<RunCommandOptions, 'intervalSeconds'> & { interval: number }) => {
      const source = createConnector(kind, options);
      const sourceName = options.source ?? defaultSourceName(kind, options);
      const config = loadRunnerConfig();
      const logger = createLogger('connector-runner', config.LOG_LEVEL);
      const app = await NestFactory.createApplicationContext(RunnerModule.register(config, logger), {
        logger: new PinoNestLogger(logger),
      });
      // No Nest shutdown hooks: a signal must not close Kafka under a pass in progress;
      // runConnector stops between passes and app.close() below releases the connections.
      try {
        await runConnector(app, source, sourceName, {
          ...options,
          intervalSeconds: options.interval,
          heartbeatFile: config.HEARTBEAT_FILE,
        });
      } finally {
        await app.close();
      }
    },
  );

program.parseAsync().catch((error: unknown) => {
  const prefix = error instanceof UsageError ? 'usage error' : 'error';
  console.error(`${prefix}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
