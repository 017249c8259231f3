import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { createLogger, PinoNestLogger, startTracingOrExit } from '@tributary/observability';
import { validateCron } from '@tributary/connectors';
import { ConnectorRegistryRepository, type ConnectorSchedule } from '@tributary/connectors-data-access';
import { createRedisClient } from '@tributary/redis';
import { runConnector } from './connector.command';
import { formatConnectorList } from './connector-list.command';
import { publicSettings } from './connector-settings';
import {
  CONNECTOR_KINDS,
  createConnector,
  defaultSourceName,
  tenantOf,
  UsageError,
  type ConnectorOptions,
} from './connector.factory';
import { registerDlqCommands } from './dlq.command';
import { registerIndexCommands } from './index.command';
import { registerKeyCommands } from './keys.command';
import { registerTenantCommands } from './tenants.command';
import { loadRunnerConfig } from './runner.config';
import { RunnerModule } from './runner.module';

/** Connector runner: `tributary connector run <kind> [options] [--once]`. */
startTracingOrExit('connector-runner');

const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
};
const nonNegativeInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be an integer ≥ 0');
  return parsed;
};

const program = new Command('tributary').description('Tributary: keep an AI application’s knowledge fresh');
const connector = program
  .command('connector')
  .description('run connectors that publish document changes to Kafka');

const collect = (value: string, previous: string[]) => [...previous, value];
const share = (value: string) => {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) throw new InvalidArgumentError('must be a fraction in (0, 1], e.g. 0.5');
  return parsed;
};

interface RunFlags extends ConnectorOptions {
  source?: string;
  tenant?: string;
  once?: boolean;
  interval: number;
  cron?: string;
  maxDeleteShare?: number;
  forceDeletes?: boolean;
}

function scheduleOf(flags: RunFlags): ConnectorSchedule {
  if (flags.once && flags.cron) throw new UsageError('--once and --cron exclude each other');
  if (flags.once) return { kind: 'once' };
  if (flags.cron) {
    validateCron(flags.cron);
    return { kind: 'cron', expression: flags.cron };
  }
  return { kind: 'interval', seconds: flags.interval };
}

connector
  .command('run')
  .argument('<kind>', `connector kind: ${CONNECTOR_KINDS.join(', ')}`)
  .option('--root <dir>', 'filesystem: folder to index')
  .option('--include <glob>', 'filesystem: index only matching paths (repeatable)', collect, [])
  .option('--exclude <glob>', 'filesystem: skip matching paths and folders (repeatable)', collect, [])
  .option('--source <name>', 'source name stored on every document (default: root folder, table or URL host)')
  .option('--tenant <tenant>', 'tenant the source and its documents belong to (default: "default")')
  .option('--max-file-bytes <n>', 'filesystem: larger files are reported and skipped', positiveInt)
  .option(
    '--url <url>',
    'web: where the crawl starts (it never leaves this origin); postgres: connection URL',
  )
  .option('--sitemap <url>', 'web: sitemap (or sitemap index) whose pages are crawled too')
  .option('--max-depth <n>', 'web: link hops followed from the start URL (default 3)', nonNegativeInt)
  .option('--max-pages <n>', 'web: pages requested per pass (default 1000)', positiveInt)
  .option('--table <[schema.]table>', 'postgres: table to index, one document per row')
  .option('--id-column <column>', 'postgres: unique id column (the docId)')
  .option('--version-column <column>', 'postgres: updated-at timestamp or integer row version')
  .option('--title-column <column>', 'postgres: title column')
  .option('--body-column <columns>', 'postgres: body column(s), comma-separated, joined by a blank line')
  .option('--metadata-columns <columns>', 'postgres: columns copied into metadata, comma-separated')
  .option('--acl-column <column>', 'postgres: text[] of principals allowed to read the row')
  .option('--uri-template <template>', 'postgres: document URI, {id} replaced by the row id')
  .option('--once', 'run one pass and exit')
  .option('--interval <seconds>', 'seconds between passes when not --once', positiveInt, 60)
  .option('--cron <expression>', 'run on a cron schedule (UTC, 5 or 6 fields) instead of an interval')
  .option(
    '--max-delete-share <fraction>',
    'refuse a pass that would delete more of the source than this',
    share,
  )
  .option('--force-deletes', 'delete everything the source no longer has, however much')
  .action(async (kind: string, flags: RunFlags) => {
    const source = createConnector(kind, flags);
    const sourceName = flags.source ?? defaultSourceName(kind, flags);
    const tenant = tenantOf(flags.tenant);
    const schedule = scheduleOf(flags);
    const {
      source: _source,
      tenant: _tenant,
      once: _once,
      interval: _interval,
      cron: _cron,
      ...rest
    } = flags;
    const { maxDeleteShare, forceDeletes, ...connectorOptions } = rest;
    const config = loadRunnerConfig();
    const logger = createLogger('connector-runner', config.LOG_LEVEL);
    const app = await NestFactory.createApplicationContext(RunnerModule.register(config, logger), {
      logger: new PinoNestLogger(logger),
    });
    // No Nest shutdown hooks: a signal must not close Kafka under a pass in progress;
    // runConnector stops between passes and app.close() below releases the connections.
    try {
      process.exitCode = await runConnector(app, source, sourceName, {
        tenant,
        schedule,
        settings: publicSettings({ ...connectorOptions }),
        ...(maxDeleteShare === undefined ? {} : { maxDeleteShare }),
        forceDeletes: forceDeletes ?? false,
        heartbeatFile: config.HEARTBEAT_FILE,
      });
    } finally {
      await app.close();
    }
  });

connector
  .command('list')
  .description('configured connector instances: schedule, whether running, last run')
  .option('--json', 'print JSON')
  .action(async (flags: { json?: boolean }) => {
    const config = loadRunnerConfig();
    const redis = createRedisClient(config.REDIS_URL, 'command');
    try {
      await redis.connect();
      const instances = await new ConnectorRegistryRepository(redis).list();
      process.stdout.write(
        `${flags.json ? JSON.stringify(instances, null, 2) : formatConnectorList(instances)}\n`,
      );
    } finally {
      redis.disconnect();
    }
  });

registerDlqCommands(program);
registerIndexCommands(program);
registerKeyCommands(program);
registerTenantCommands(program);

program.parseAsync().catch((error: unknown) => {
  const prefix = error instanceof UsageError ? 'usage error' : 'error';
  console.error(`${prefix}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
